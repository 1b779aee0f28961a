/**
 * Kept pages (the page cache, `pageCache()` in @glam/core) answered before Hono on Node: a GET
 * without `Authorization` whose URL is kept, fresh and not purged gets the page's own headers
 * (its Cache-Control, Cache-Tag, ETag and security headers, as Hono sent them), a request id of
 * its own, `X-Glam-Cache: hit` and `Age`, and the access-log line; `If-None-Match` on its ETag
 * is a 304. Everything else (a miss, a page whose purge record is due to be read) goes to Hono,
 * whose page cache answers or renders it.
 */
import { etagMatches } from '@glam/assets/delivery-headers'
import { heldPage, htmlSecurityHeaders, type Platform } from '@glam/core'
import { requestIdFor } from './app.ts'
import { logAnswer } from './asset-fast-path.ts'

const htmlHeaders = Object.entries(htmlSecurityHeaders).map(
  ([name, value]) => [name.toLowerCase(), value] as const,
)

export interface PageParts {
  status: number
  headers: Record<string, string>
  body: Uint8Array<ArrayBuffer> | null
}

/** The answer for a kept page at `url` (absolute, as Hono's `c.req.url`), or null. */
export function heldPageAnswer(
  platform: Platform,
  method: string | undefined,
  url: string,
  header: (name: string) => string | undefined,
): PageParts | null {
  if (method !== 'GET' || header('authorization') !== undefined) return null
  const page = heldPage(platform, url)
  if (!page) return null
  const started = platform.logger.enabled('info') ? performance.now() : 0
  const requestId = requestIdFor(header('x-request-id'))
  const headers: Record<string, string> = Object.fromEntries(page.headers)
  headers['x-request-id'] = requestId
  headers['x-glam-cache'] = 'hit'
  // What secureHeaders() adds to an HTML answer after the page was kept.
  headers['x-content-type-options'] ??= 'nosniff'
  if (headers['content-type']?.startsWith('text/html'))
    for (const [name, value] of htmlHeaders) headers[name] ??= value
  headers.age = String(Math.max(0, Math.floor((platform.clock.now().getTime() - page.storedAt) / 1000)))
  const etag = headers.etag
  const notModified = etag !== undefined && etagMatches(header('if-none-match'), etag)
  let parts: PageParts
  if (notModified) {
    delete headers['content-length']
    delete headers['content-type']
    parts = { status: 304, headers, body: null }
  } else {
    headers['content-length'] = String(page.body.byteLength)
    parts = { status: page.status, headers, body: page.body }
  }
  logAnswer(platform, started, requestId, method, new URL(url).pathname, parts.status)
  return parts
}

/** For fetch-style entries (Deno): the kept page's Response, or null to let Hono answer. */
export function keptPageResponse(platform: Platform, request: Request): Response | null {
  const parts = heldPageAnswer(
    platform,
    request.method,
    request.url,
    (name) => request.headers.get(name) ?? undefined,
  )
  return parts ? new Response(parts.body, { status: parts.status, headers: parts.headers }) : null
}
