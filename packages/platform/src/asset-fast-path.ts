/**
 * The originals' fast path: `GET|HEAD /a/<sha256>.<ext>` of a public original this process
 * already holds in memory (see @glam/assets/delivery-cache) is answered without routing, a Hono
 * context or middleware, with the same headers, request id and access log as the Hono route
 * (functions/assets/src/delivery.ts), which answers everything else: misses, ranges, private
 * assets, queries. Behind nginx (GLAM_ASSETS_ACCEL=nginx) a held original whose raw copy is known
 * to be on disk gets its `X-Accel-Redirect` the same way. Node writes the parts on node:http
 * (node/fast-path.ts).
 */
import { publicBytes, publicOriginal } from '@glam/assets/delivery-cache'
import { etagMatches, originalHeaders } from '@glam/assets/delivery-headers'
import { baseSecurityHeaders, type Platform } from '@glam/core'
import { requestIdFor } from './app.ts'

const originalPath = /^\/a\/([0-9a-f]{64})\.([a-z0-9]{1,8})$/

/** The headers every answer for one held original shares, built once per cache entry. */
const sharedHeaders = new WeakMap<object, Record<string, string>>()
function headersFor(
  original: NonNullable<ReturnType<typeof publicOriginal>>,
  size: number,
): Record<string, string> {
  let headers = sharedHeaders.get(original)
  if (!headers) {
    headers = { ...originalHeaders({ ...original, access: 'public' }), ...baseSecurityHeaders }
    sharedHeaders.set(original, headers)
  }
  return { ...headers, 'Content-Length': String(size) }
}

export interface OriginalParts {
  status: 200 | 304
  headers: Record<string, string>
  body: Uint8Array | null
}

/** The answer for a held public original, or null when the Hono route should answer. */
export function heldOriginal(
  platform: Platform,
  method: string | undefined,
  path: string,
  header: (name: string) => string | undefined,
): OriginalParts | null {
  if (method !== 'GET' && method !== 'HEAD') return null
  const match = originalPath.exec(path)
  if (!match || header('range') !== undefined) return null
  const sha256 = match[1]!
  const original = publicOriginal(platform, sha256)
  if (!original || original.ext !== match[2]) return null
  // With nginx in front, the bytes are nginx's to send once the copy is known to be on disk.
  const accel = platform.accel && platform.config.assetsAccel === 'nginx' ? platform.accel : undefined
  const redirect = accel?.published?.(sha256)
  const bytes = accel ? undefined : publicBytes(platform, sha256)
  if (!redirect && !bytes) return null
  const started = platform.logger.enabled('info') ? performance.now() : 0
  const requestId = requestIdFor(header('x-request-id'))
  // X-Accel answers carry no body (Content-Length 0 keeps nginx's upstream connection alive).
  const headers = headersFor(original, bytes?.byteLength ?? 0)
  headers['X-Request-Id'] = requestId
  const notModified = etagMatches(header('if-none-match'), `"${sha256}"`)
  if (notModified) delete headers['Content-Length']
  else if (redirect) headers['X-Accel-Redirect'] = redirect
  const parts: OriginalParts = notModified
    ? { status: 304, headers, body: null }
    : { status: 200, headers, body: method === 'HEAD' || !bytes ? null : bytes }
  if (started) {
    const ms = Math.round((performance.now() - started) * 10) / 10
    platform.logger.child({ requestId }).info('request', { method, path, status: parts.status, ms })
  }
  return parts
}
