/**
 * Originals at `GET|HEAD /a/<sha256>.<ext>`: the bytes as stored, under their hash. Public assets
 * are cached by everyone for a year (`immutable`, strong ETag = the hash, so `If-None-Match`
 * answers 304); ranges answer 206 (one range; several get the whole file), unsatisfiable ones
 * 416. A private asset needs a signed URL (`?exp=&sig=`) or a session whose grants may read it;
 * otherwise it answers exactly like an unknown hash: 404 NOT_FOUND. With GLAM_ASSETS_ACCEL=nginx
 * the answer is an `X-Accel-Redirect` to a raw copy that the fronting nginx serves itself.
 */
import { mayRead } from '@glam/assets/access'
import {
  keepPublicBytes,
  keepPublicOriginal,
  keptBytesLimit,
  originalOf,
  publicBytes,
  publicOriginal,
} from '@glam/assets/delivery-cache'
import { etagMatches, type OriginalAccess, originalHeaders } from '@glam/assets/delivery-headers'
import { type Format, formatFromExt, formats } from '@glam/assets/formats'
import { verifyAssetSignature } from '@glam/assets/signing'
import { contentKey } from '@glam/assets/store'
import { authenticate } from '@glam/auth'
import { type AppEnv, blobBytes, GlamError, nginxAccel } from '@glam/core'
import type { Asset } from '@glam/db/repositories/assets'
import { type Context, Hono } from 'hono'
import parseRange from 'range-parser'
import { ruleFor } from './rules.ts'
import { serveWidget } from './widget/index.ts'

type C = Context<AppEnv>

const filePattern = /^([0-9a-f]{64})\.([a-z0-9]{1,8})$/
/** nginx mode: copies up to this size are made before the first answer, larger ones meanwhile. */
const accelCopyNowBytes = 16 * 1024 * 1024

const notFound = () => new GlamError('NOT_FOUND', 'Nothing lives at this address.')

/** May this request read a private asset: a valid signature, or a caller whose grants allow it. */
async function mayServePrivate(c: C, file: string, records: Asset[]): Promise<'signed' | 'session' | null> {
  const { platform } = c.var
  const { exp, sig } = c.req.query()
  if (exp || sig) {
    const secret = platform.secrets.require('GLAM_SECRET')
    return verifyAssetSignature(secret, file, exp, sig, platform.clock.now()) ? 'signed' : null
  }
  const principal = await authenticate(c).catch(() => null)
  if (!principal) return null
  for (const record of records)
    if (mayRead(principal, record, await ruleFor(c, record.appId, record.type))) return 'session'
  return null
}

/**
 * The file name to offer: the record's. Bytes that several people uploaded privately under
 * different names get a neutral one, so a signed URL never shows another uploader's file name.
 */
function displayName(records: Asset[], ext: string): string {
  const first = records[0]!
  if (first.visibility === 'public') return first.name
  return records.every((r) => r.name === first.name) ? first.name : `${first.type}.${ext}`
}

interface Resolved {
  sha256: string
  ext: string
  size: number
  access: OriginalAccess
  headers: Record<string, string>
}

/** What the request names and may read, or NOT_FOUND: public originals come from the process cache. */
async function resolve(c: C): Promise<Resolved> {
  const { platform } = c.var
  const match = filePattern.exec(c.req.param('file') ?? '')
  if (!match) throw notFound()
  const [, sha256, ext] = match as unknown as [string, string, string]
  const cached = publicOriginal(platform, sha256)
  if (cached) {
    if (cached.ext !== ext) throw notFound()
    return {
      sha256,
      ext,
      size: cached.size,
      access: 'public',
      headers: originalHeaders({ ...cached, access: 'public' }),
    }
  }
  const format = formatFromExt(ext)
  const records = await platform.repos.assets.bySha256(sha256)
  const first = records[0]
  if (!first || !format || first.format !== format || formats[format as Format].ext !== ext) throw notFound()
  const original = originalOf(first, displayName(records, ext))!
  if (first.visibility === 'public') {
    keepPublicOriginal(platform, original)
    return {
      sha256,
      ext,
      size: first.size,
      access: 'public',
      headers: originalHeaders({ ...original, access: 'public' }),
    }
  }
  const access = await mayServePrivate(c, `${sha256}.${ext}`, records)
  if (!access) throw notFound()
  const signedForSeconds = Number(c.req.query('exp')) - Math.floor(platform.clock.now().getTime() / 1000)
  return {
    sha256,
    ext,
    size: first.size,
    access,
    headers: originalHeaders({ ...original, access, signedForSeconds }),
  }
}

/** A small public original, whole, from memory (read once from the store, then kept). */
async function keptBytes(c: C, original: Resolved): Promise<Uint8Array | null> {
  const { platform } = c.var
  if (original.access !== 'public' || original.size > keptBytesLimit) return null
  const kept = publicBytes(platform, original.sha256)
  if (kept) return kept
  const object = await platform.blobs.get(contentKey(original.sha256))
  if (!object) return null
  const bytes = await blobBytes(object)
  keepPublicBytes(platform, original.sha256, bytes)
  return bytes
}

async function deliver(c: C) {
  const { platform } = c.var
  const original = await resolve(c)
  const { sha256, headers } = original
  const etag = headers.ETag!
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers)

  const accel = nginxAccel(platform)
  if (accel) {
    const open = async () => (await platform.blobs.get(contentKey(sha256)))?.body ?? null
    // A copy this process has not seen yet: small ones are made now; a large one (a feed) is
    // made in the background while this request streams from the store, so no first request
    // waits for gigabytes to be copied.
    const known = accel.published?.(sha256)
    const uri =
      known ?? (original.size <= accelCopyNowBytes ? await accel.publish(sha256, open, original.size) : null)
    if (uri)
      // Content-Length 0, not a chunked empty body: nginx keeps an upstream connection alive
      // only when it has read the whole answer, which it never does for a chunked one it redirects.
      return c.body(null, 200, { ...headers, 'Content-Length': '0', 'X-Accel-Redirect': uri })
    if (original.size <= accelCopyNowBytes) throw notFound()
    platform.background(
      accel
        .publish(sha256, open, original.size)
        .catch((error) => platform.logger.error('asset.accel_copy_failed', { sha256, error })),
    )
  }

  const size = original.size
  const rangeHeader = c.req.header('range')
  const ifRange = c.req.header('if-range')
  let range: { start: number; end: number } | undefined
  if (rangeHeader && (ifRange === undefined || ifRange === etag)) {
    const parsed = parseRange(size, rangeHeader, { combine: true })
    if (parsed === -1) return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` })
    // Malformed (-2), not bytes, or several ranges: the whole file (RFC 9110 lets a server ignore Range).
    if (parsed !== -2 && parsed.type === 'bytes' && parsed.length === 1) range = parsed[0]
  }
  const bytes = await keptBytes(c, original)
  if (bytes) {
    const part = (range ? bytes.subarray(range.start, range.end + 1) : bytes) as Uint8Array<ArrayBuffer>
    const partHeaders = {
      ...headers,
      'Content-Length': String(range ? range.end - range.start + 1 : size),
      ...(range && { 'Content-Range': `bytes ${range.start}-${range.end}/${size}` }),
    }
    const status = range ? 206 : 200
    return c.req.method === 'HEAD' ? c.body(null, status, partHeaders) : c.body(part, status, partHeaders)
  }
  const blob = c.req.method === 'HEAD' ? await platform.blobs.head(contentKey(sha256)) : null
  if (c.req.method === 'HEAD') {
    if (!blob) throw notFound()
    const length = range ? range.end - range.start + 1 : size
    return c.body(null, range ? 206 : 200, {
      ...headers,
      'Content-Length': String(length),
      ...(range && { 'Content-Range': `bytes ${range.start}-${range.end}/${size}` }),
    })
  }
  const object = await platform.blobs.get(
    contentKey(sha256),
    range ? { range: { offset: range.start, length: range.end - range.start + 1 } } : undefined,
  )
  if (!object) {
    platform.logger.error('asset.blob_missing', { sha256 })
    throw notFound()
  }
  if (range)
    return c.body(object.body, 206, {
      ...headers,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    })
  return c.body(object.body, 200, { ...headers, 'Content-Length': String(object.size) })
}

export function createDeliveryApp() {
  return new Hono<AppEnv>().get('/glam-upload.js', serveWidget).on(['GET', 'HEAD'], '/:file', deliver)
}
