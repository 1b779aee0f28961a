/**
 * Feed image addresses fetched into public assets (the portal's `portal-images` job writes them,
 * the pages read them): one row per address, keyed by its SHA-256, `ready` with an asset or
 * `failed` with the reason and when to try again.
 *
 * ```ts
 * await repos.productImages.ready(hash, url, asset.id)
 * const images = await repos.productImages.byHashes([hash]) // Map hash → { sha256, width, height, placeholder }
 * ```
 */
import { and, asc, eq, inArray, lte } from 'drizzle-orm'
import type { RepoContext } from './context.ts'

export interface ProductImage {
  url: string
  sha256: string
  width: number | null
  height: number | null
  placeholder: string | null
}

export function productImagesRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const i = t.productImages
  const write = (row: typeof i.$inferInsert) =>
    ops.upsert(i, [row], {
      target: [i.urlHash],
      update: [i.url, i.assetId, i.status, i.error, i.attempts, i.nextAttemptAt, i.updatedAt],
    })
  return {
    /** One address's row (ready or failed), by its hash. */
    async get(urlHash: string) {
      return (await db.select().from(i).where(eq(i.urlHash, urlHash)).limit(1))[0] ?? null
    },
    /** The hashes of these that have a row (ready, or failed and waiting). */
    async known(hashes: readonly string[]): Promise<Set<string>> {
      if (!hashes.length) return new Set()
      const rows = await db
        .select({ urlHash: i.urlHash })
        .from(i)
        .where(inArray(i.urlHash, [...hashes]))
      return new Set(rows.map((r) => r.urlHash))
    },
    /** Ready images by address hash, with what a `srcset` and a placeholder need. */
    async byHashes(hashes: readonly string[]): Promise<Map<string, ProductImage>> {
      if (!hashes.length) return new Map()
      const a = t.assets
      const rows = await db
        .select({
          urlHash: i.urlHash,
          url: i.url,
          sha256: a.sha256,
          width: a.width,
          height: a.height,
          placeholder: a.placeholder,
        })
        .from(i)
        .innerJoin(a, eq(a.id, i.assetId))
        .where(and(inArray(i.urlHash, [...new Set(hashes)]), eq(i.status, 'ready')))
      return new Map(rows.map(({ urlHash, ...image }) => [urlHash, image]))
    },
    async ready(urlHash: string, url: string, assetId: string) {
      const at = now()
      await write({
        urlHash,
        url,
        assetId,
        status: 'ready',
        error: null,
        attempts: 0,
        nextAttemptAt: null,
        createdAt: at,
        updatedAt: at,
      })
    },
    /** A failed fetch: tried again after `retryAt` (the job's backoff). */
    async failed(urlHash: string, url: string, error: string, attempts: number, retryAt: Date) {
      const at = now()
      await write({
        urlHash,
        url,
        assetId: null,
        status: 'failed',
        error: error.slice(0, 64),
        attempts,
        nextAttemptAt: retryAt,
        createdAt: at,
        updatedAt: at,
      })
    },
    /** Failed addresses due for another try, the longest waiting first. */
    async due(limit: number) {
      return db
        .select({ urlHash: i.urlHash, url: i.url, attempts: i.attempts })
        .from(i)
        .where(and(eq(i.status, 'failed'), lte(i.nextAttemptAt, now())))
        .orderBy(asc(i.nextAttemptAt))
        .limit(limit)
    },
  }
}
