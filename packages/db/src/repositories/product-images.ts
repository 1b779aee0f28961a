/**
 * Feed image addresses fetched into public assets (the portal's `portal-images` job writes them,
 * the pages read them): one row per address, keyed by the SHA-256 of the address (an address
 * may be longer than MySQL can index), `ready` with an asset or `failed` with the reason and
 * when to try again. Callers speak in addresses; the key is this module's.
 *
 * ```ts
 * await repos.productImages.ready(url, asset.id)
 * const images = await repos.productImages.byUrls([url]) // Map url → { sha256, width, height, placeholder }
 * ```
 */
import { sha256Hex } from '@glam/core'
import { and, asc, eq, inArray, lte } from 'drizzle-orm'
import type { RepoContext } from './context.ts'

/** Addresses' keys, kept: a page asks for the same ones again (a pure function of the address). */
const keys = new Map<string, string>()
async function keyOf(url: string): Promise<string> {
  const kept = keys.get(url)
  if (kept) return kept
  const key = await sha256Hex(url)
  if (keys.size >= 20_000) keys.clear()
  keys.set(url, key)
  return key
}
const keysOf = (urls: readonly string[]) => Promise.all(urls.map(keyOf))

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
    /** One address's row (ready or failed). */
    async get(url: string) {
      return (
        (
          await db
            .select()
            .from(i)
            .where(eq(i.urlHash, await keyOf(url)))
            .limit(1)
        )[0] ?? null
      )
    },
    /** The addresses of these that have a row (ready, or failed and waiting). */
    async known(urls: readonly string[]): Promise<Set<string>> {
      if (!urls.length) return new Set()
      const rows = await db
        .select({ url: i.url })
        .from(i)
        .where(inArray(i.urlHash, await keysOf(urls)))
      return new Set(rows.map((r) => r.url))
    },
    /** Ready images by address, with what a `srcset` and a placeholder need. */
    async byUrls(urls: readonly string[]): Promise<Map<string, ProductImage>> {
      if (!urls.length) return new Map()
      const a = t.assets
      const rows = await db
        .select({
          url: i.url,
          sha256: a.sha256,
          width: a.width,
          height: a.height,
          placeholder: a.placeholder,
        })
        .from(i)
        .innerJoin(a, eq(a.id, i.assetId))
        .where(and(inArray(i.urlHash, await keysOf([...new Set(urls)])), eq(i.status, 'ready')))
      return new Map(rows.map((image) => [image.url, image]))
    },
    async ready(url: string, assetId: string) {
      const at = now()
      await write({
        urlHash: await keyOf(url),
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
    async failed(url: string, error: string, attempts: number, retryAt: Date) {
      const at = now()
      await write({
        urlHash: await keyOf(url),
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
        .select({ url: i.url, attempts: i.attempts })
        .from(i)
        .where(and(eq(i.status, 'failed'), lte(i.nextAttemptAt, now())))
        .orderBy(asc(i.nextAttemptAt))
        .limit(limit)
    },
  }
}
