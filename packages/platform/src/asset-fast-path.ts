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
import { baseSecurityHeaders, nginxAccel, type Platform } from '@glam/core'
import { type HeldVariant, heldVariant } from '@glam/images/held'
import { negotiateFormat } from '@glam/images/negotiate'
import {
  type OutputFormat,
  parseVariantQuery,
  type ResolvedVariant,
  resolveVariant,
  type VariantSpec,
  variantCopyName,
} from '@glam/images/variants'
import { variantHeaders } from '@glam/images-api'
import { LRUCache } from 'lru-cache'
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

/** The access log line of a fast-path answer, as the Hono route writes it (when info is on). */
export function logAnswer(
  platform: Platform,
  started: number,
  requestId: string,
  method: string,
  path: string,
  status: number,
) {
  if (!started) return
  const ms = Math.round((performance.now() - started) * 10) / 10
  platform.logger.child({ requestId }).info('request', { method, path, status, ms })
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
  const accel = nginxAccel(platform)
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
  logAnswer(platform, started, requestId, method, path, parts.status)
  return parts
}

const variantPath = /^\/i\/([0-9a-f]{64})\?p=([a-z]{1,16})$/
const presetSpecs = new Map<string, VariantSpec | null>()
function presetSpec(name: string): VariantSpec | null {
  let spec = presetSpecs.get(name)
  if (spec === undefined) {
    const asked = parseVariantQuery({ p: [name] }, { sha256: '', secret: () => '', now: new Date() })
    spec = asked.ok ? asked.spec : null
    if (presetSpecs.size < 64) presetSpecs.set(name, spec)
  }
  return spec
}

interface Resolved {
  variant: ResolvedVariant
  /** The name of its raw copy for nginx (a hash of the key), made once. */
  copyName?: string
}
/** What (source, preset, format) resolves to: pure, so kept for every warm variant asked for. */
const resolutions = new LRUCache<string, Resolved>({ max: 50_000 })
function resolutionOf(
  sha256: string,
  preset: string,
  spec: VariantSpec,
  format: OutputFormat,
  source: string,
) {
  const id = `${sha256}?${preset}.${format}.${source}`
  let resolved = resolutions.get(id)
  if (!resolved) {
    resolved = { variant: resolveVariant(sha256, spec, format, source) }
    resolutions.set(id, resolved)
  }
  return resolved
}

/** The headers every answer for one held variant shares (Content-Length included), built once. */
const variantHeadersOf = new WeakMap<
  object,
  { plain: Record<string, string>; redirect?: Record<string, string> }
>()
function sharedVariantHeaders(held: HeldVariant, variant: ResolvedVariant, redirect: string | undefined) {
  let shared = variantHeadersOf.get(held)
  if (!shared) {
    const base = {
      ...variantHeaders(variant, { access: 'public', negotiated: true }),
      ...baseSecurityHeaders,
      'X-Variant-Cache': 'memory',
    }
    shared = { plain: { ...base, 'Content-Length': String(held.bytes.byteLength) } }
    variantHeadersOf.set(held, shared)
  }
  if (redirect && !shared.redirect) {
    shared.redirect = { ...shared.plain, 'Content-Length': '0', 'X-Accel-Redirect': redirect }
  }
  return redirect ? shared.redirect! : shared.plain
}

/**
 * The answer for a warm public variant of a preset (`/i/<sha256>?p=<preset>`) held in memory
 * (@glam/images/held), or null when the Hono route should answer (functions/images/src/app.ts):
 * the same negotiation, headers and access log. Behind nginx, a variant whose raw copy is known
 * to be on disk gets its `X-Accel-Redirect`. Everything that depends only on the source, the
 * preset and the format is resolved once and kept.
 */
export function heldVariantAnswer(
  platform: Platform,
  method: string | undefined,
  url: string,
  header: (name: string) => string | undefined,
): OriginalParts | null {
  if (method !== 'GET' && method !== 'HEAD') return null
  const match = variantPath.exec(url)
  if (!match) return null
  const sha256 = match[1]!
  const source = publicOriginal(platform, sha256)
  const spec = source && presetSpec(match[2]!)
  if (!spec) return null
  const format = negotiateFormat(header('accept'), spec, source.format)
  const resolved = resolutionOf(sha256, match[2]!, spec, format, source.format)
  const { variant } = resolved
  const held = heldVariant(platform, variant.key)
  if (!held) return null
  const accel = nginxAccel(platform)
  let redirect: string | undefined
  if (accel) {
    resolved.copyName ??= variantCopyName(variant.key)
    redirect = accel.published?.(resolved.copyName)
    if (!redirect) return null
  }
  const started = platform.logger.enabled('info') ? performance.now() : 0
  const requestId = requestIdFor(header('x-request-id'))
  const headers: Record<string, string> = Object.assign({}, sharedVariantHeaders(held, variant, redirect))
  headers['X-Request-Id'] = requestId
  let parts: OriginalParts
  if (etagMatches(header('if-none-match'), variant.etag)) {
    delete headers['Content-Length']
    delete headers['X-Accel-Redirect']
    parts = { status: 304, headers, body: null }
  } else parts = { status: 200, headers, body: method === 'HEAD' || redirect ? null : held.bytes }
  logAnswer(platform, started, requestId, method, url, parts.status)
  return parts
}
