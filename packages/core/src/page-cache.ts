/**
 * A shared cache for public pages, purged by surrogate key (the page's `Cache-Tag`).
 *
 * A GET whose response says `s-maxage=N` (and neither `private` nor `no-store`), carries no
 * `Set-Cookie` and answers 200, 404 or 410 is kept for N seconds, keyed by its whole URL; a
 * request with `Authorization` is neither answered from the cache nor kept. On workerd the copy
 * lives in the data centre's Cache API (`caches.default`), with the isolate's last 300 pages
 * (12 MB) in front of it; elsewhere in a per-platform LRU (2,000 pages or 64 MB), which the
 * Node and Deno fast paths also answer from (`heldPage`, before Hono). A kept page gets a strong
 * ETag (SHA-1 of its bytes) so the `etag` middleware outside it answers 304 without hashing
 * again; answers say `X-Glam-Cache: hit` or `miss`, and a hit its `Age`.
 *
 * Purging: `purgePages(platform, ['product-…'])` records when each tag was purged under one key
 * of the platform's cache (Redis or KV when configured, so every process sees it); a kept page
 * with a tag purged after it was stored is a miss. Each process reads the record at most once a
 * second, so a purge reaches the others within a second (KV's own propagation on the edge, up
 * to a minute). Two purges at the same instant from two processes can lose one record; the page
 * then lives until its `s-maxage` runs out, as it would without a purge.
 *
 * ```ts
 * app.use('*', etag()).use('*', pageCache())
 * await purgePages(platform, ['product-0195…', 'home'])
 * ```
 */
import type { Context, MiddlewareHandler } from 'hono'
import { LRUCache } from 'lru-cache'
import { digestHex } from './crypto.ts'
import type { AppEnv } from './http.ts'
import { localSlot, type Platform } from './platform.ts'

/** Where purge times live in `platform.cache`. */
export const pagePurgeKey = 'page-cache:purges'
/** Purges older than this are forgotten: no kept page outlives its `s-maxage` (at most minutes). */
const purgeLifeMs = 60 * 60_000
/** How often a process reads the purge record again. */
const purgeReadMs = 1000
const keptStatuses = new Set([200, 404, 410])
/** Pages larger than this are answered, not kept. */
const maxPageBytes = 2 * 1024 * 1024
/** Headers of the request that rendered a page, not of the page: never kept. */
const requestHeaders = new Set(['x-glam-cache', 'x-request-id', 'date', 'age'])
const storedAtHeader = 'x-glam-stored-at'
const expiresAtHeader = 'x-glam-expires-at'

interface KeptPage {
  status: number
  headers: [string, string][]
  body: Uint8Array<ArrayBuffer>
  storedAt: number
  expiresAt: number
  tags: string[]
}

interface Purges {
  stamps: Record<string, number>
  readAt: number
  reading?: Promise<void>
}

/** In the process (containers), or in the isolate in front of the Cache API (workerd: 128 MB in all). */
const pagesSlot = localSlot('page-cache', () => {
  const isolate = edgeCache() !== undefined
  return new LRUCache<string, KeptPage>({
    max: isolate ? 300 : 2000,
    maxSize: (isolate ? 12 : 64) * 1024 * 1024,
    sizeCalculation: (page) => page.body.byteLength + 512,
  })
})
const purgesSlot = localSlot('page-cache-purges', (): Purges => ({ stamps: {}, readAt: -Infinity }))

/** The Cache API of workerd (`caches.default`), where there is one. */
function edgeCache(): Cache | undefined {
  const storage = (globalThis as { caches?: CacheStorage & { default?: Cache } }).caches
  return storage?.default
}

const tagsOf = (header: string | null) =>
  (header ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)

/** The shared life in seconds a response asks for, or null when it must not be kept. */
export function sharedLifeSeconds(res: Response): number | null {
  if (!keptStatuses.has(res.status) || res.headers.has('set-cookie')) return null
  const control = (res.headers.get('cache-control') ?? '').toLowerCase()
  if (/(?:^|,)\s*(?:private|no-store|no-cache)\b/.test(control)) return null
  const match = /(?:^|,)\s*s-maxage=(\d+)/.exec(control)
  const seconds = match ? Number(match[1]) : 0
  return seconds > 0 ? seconds : null
}

function parseStamps(text: string | null, now: number): Record<string, number> {
  if (!text) return {}
  try {
    const parsed = JSON.parse(text) as unknown
    if (!parsed || typeof parsed !== 'object') return {}
    const out: Record<string, number> = {}
    for (const [tag, at] of Object.entries(parsed))
      if (typeof at === 'number' && now - at < purgeLifeMs) out[tag] = at
    return out
  } catch {
    return {}
  }
}

async function currentPurges(platform: Platform): Promise<Record<string, number>> {
  const purges = platform.local.of(purgesSlot)
  const now = Date.now()
  if (now - purges.readAt >= purgeReadMs) {
    purges.reading ??= platform.cache
      .get(pagePurgeKey)
      .then((text) => {
        const read = parseStamps(text, platform.clock.now().getTime())
        // What this process purged since keeps its (later) time.
        for (const [tag, at] of Object.entries(purges.stamps)) if ((read[tag] ?? -1) < at) read[tag] = at
        purges.stamps = read
      })
      .catch(() => {})
      .finally(() => {
        purges.readAt = Date.now()
        purges.reading = undefined
      })
    await purges.reading
  }
  return purges.stamps
}

const purgedSince = (stamps: Record<string, number>, tags: string[], storedAt: number) =>
  tags.some((tag) => (stamps[tag] ?? -1) >= storedAt)

/**
 * Marks every kept page with one of these tags as stale, here at once and in other processes
 * within a second (they share `platform.cache`).
 */
export async function purgePages(platform: Platform, tags: readonly string[]): Promise<void> {
  if (!tags.length) return
  const now = platform.clock.now().getTime()
  const purges = platform.local.of(purgesSlot)
  for (const tag of tags) purges.stamps[tag] = now
  const stamps = parseStamps(await platform.cache.get(pagePurgeKey), now)
  for (const tag of tags) stamps[tag] = now
  await platform.cache.set(pagePurgeKey, JSON.stringify(stamps), { ttlSeconds: purgeLifeMs / 1000 })
  // The local copies are dropped now rather than at their next request (memory, not correctness).
  const pages = platform.local.of(pagesSlot)
  const wanted = new Set(tags)
  for (const [key, page] of pages.entries()) if (page.tags.some((t) => wanted.has(t))) pages.delete(key)
}

/**
 * A strong ETag for these bytes (or this text as UTF-8): the SHA-1 `etag()` from hono/etag would
 * compute. A handler that holds its page as a string sets it itself, so the middleware neither
 * clones the response nor reads it back (on Node that made the answer a stream instead of the
 * string node-server writes at once: a cold portal page spent ~10% of its time there).
 */
export const strongEtag = async (body: string | Uint8Array<ArrayBuffer>) =>
  `"${await digestHex('SHA-1', typeof body === 'string' ? utf8.encode(body) : body)}"`
const utf8 = new TextEncoder()

/** A kept page as this request's answer: through `c.body`, so what outer middleware set before (its request id) is kept. */
function answer(c: Context<AppEnv>, page: KeptPage, now: number) {
  const headers: Record<string, string> = Object.fromEntries(page.headers)
  headers['x-glam-cache'] = 'hit'
  headers.age = String(Math.max(0, Math.floor((now - page.storedAt) / 1000)))
  return c.body(page.body, page.status as 200, headers)
}

/**
 * The kept page for a URL without waiting (Node's fast path answers it before Hono): null when
 * there is none, it is stale or purged, or the purge record is due to be read again (read now,
 * for the next request; Hono answers this one).
 */
export function heldPage(
  platform: Platform,
  url: string,
): Pick<KeptPage, 'status' | 'headers' | 'body' | 'storedAt'> | null {
  const page = platform.local.of(pagesSlot).get(url)
  if (!page || page.expiresAt <= platform.clock.now().getTime()) return null
  const purges = platform.local.of(purgesSlot)
  if (Date.now() - purges.readAt >= purgeReadMs) {
    void currentPurges(platform)
    return null
  }
  return purgedSince(purges.stamps, page.tags, page.storedAt) ? null : page
}

export interface PageCacheOptions {
  /**
   * The URL a request's page is kept under (default: the whole URL). A page that ignores some
   * query parameters (`utm_*` on a product page) names the ones it reads, so their variants
   * share one copy; keep the whole URL for a request whose parameters all count, so that Node's
   * fast path (which looks pages up by the whole URL) finds it.
   */
  key?: (url: URL) => string
  /** Off: every request renders (the setting an operator turns it off with). */
  enabled?: (c: Context<AppEnv>) => boolean
}

export function pageCache(options: PageCacheOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' || c.req.header('authorization')) return next()
    if (options.enabled && !options.enabled(c)) return next()
    const { platform } = c.var
    const key = options.key ? options.key(new URL(c.req.url)) : c.req.url
    const edge = edgeCache()
    const now = platform.clock.now().getTime()

    const pages = platform.local.of(pagesSlot)
    let page = pages.get(key)
    if (!page && edge) {
      // Not in this isolate: the data centre's copy, kept here too for the next request.
      const kept = await edge.match(key).catch(() => undefined)
      if (kept) {
        page = {
          status: kept.status,
          headers: [...kept.headers].filter(([name]) => name !== storedAtHeader && name !== expiresAtHeader),
          body: new Uint8Array(await kept.arrayBuffer()),
          storedAt: Number(kept.headers.get(storedAtHeader)),
          expiresAt: Number(kept.headers.get(expiresAtHeader)),
          tags: tagsOf(kept.headers.get('cache-tag')),
        }
        if (page.expiresAt > now) pages.set(key, page)
      }
    }
    if (page) {
      if (page.expiresAt > now && !purgedSince(await currentPurges(platform), page.tags, page.storedAt)) {
        return answer(c, page, now)
      }
      pages.delete(key)
      if (edge) await edge.delete(key).catch(() => false)
    }

    await next()
    const res = c.res
    const life = sharedLifeSeconds(res)
    if (life === null || !res.body) {
      res.headers.set('X-Glam-Cache', 'miss')
      return
    }
    const body = new Uint8Array(await res.arrayBuffer())
    const headers = new Headers(res.headers)
    if (!headers.has('etag')) headers.set('ETag', await strongEtag(body))
    headers.set('X-Glam-Cache', 'miss')
    c.res = new Response(body, { status: res.status, headers })
    if (body.byteLength > maxPageBytes) return
    const fresh: KeptPage = {
      status: res.status,
      headers: [...headers].filter(([name]) => !requestHeaders.has(name)),
      body,
      storedAt: now,
      expiresAt: now + life * 1000,
      tags: tagsOf(headers.get('cache-tag')),
    }
    pages.set(key, fresh)
    if (edge) {
      const stored = new Headers(fresh.headers)
      stored.set(storedAtHeader, String(fresh.storedAt))
      stored.set(expiresAtHeader, String(fresh.expiresAt))
      const put = edge
        .put(key, new Response(body, { status: fresh.status, headers: stored }))
        .catch((error: unknown) => c.var.log.warn('page_cache.put_failed', { error }))
      try {
        c.executionCtx.waitUntil(put)
      } catch {
        await put
      }
    }
  }
}
