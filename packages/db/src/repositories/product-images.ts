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
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
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

/** How many addresses one prepared lookup takes: a product page asks for 7, a search page up to 24. */
const lookupArity = 32

export function productImagesRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const i = t.productImages
  // Its SQL built once (see ops.prepared): the pages' image lookup.
  let byKeys: ((values: Record<string, string>) => Promise<ProductImage[]>) | undefined
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
      const keys = await keysOf([...new Set(urls)])
      const found = new Map<string, ProductImage>()
      for (let at = 0; at < keys.length; at += lookupArity) {
        const chunk = keys.slice(at, at + lookupArity)
        // The statement takes `lookupArity` keys: the rest repeat the first (IN ignores repeats).
        const values: Record<string, string> = {}
        for (let k = 0; k < lookupArity; k++) values[`k${k}`] = chunk[k] ?? chunk[0]!
        byKeys ??= ops.prepared(
          db
            .select({
              url: i.url,
              sha256: t.assets.sha256,
              width: t.assets.width,
              height: t.assets.height,
              placeholder: t.assets.placeholder,
            })
            .from(i)
            .innerJoin(t.assets, eq(t.assets.id, i.assetId))
            .where(
              and(
                inArray(
                  i.urlHash,
                  Array.from({ length: lookupArity }, (_, k) => sql.placeholder(`k${k}`)),
                ),
                eq(i.status, 'ready'),
              ),
            ),
        )
        for (const image of await byKeys(values)) found.set(image.url, image)
      }
      return found
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
