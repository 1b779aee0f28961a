/**
 * `GET|HEAD /i/<sha256>?p=<preset>` (or signed free parameters): the variant of an image asset,
 * in the format the client's `Accept` prefers. Answered from the first place that has it: this
 * process's memory, the edge cache (workerd, Deno), the blob store; a miss is computed once
 * (containers, sharp) or sent to a container (GLAM_IMAGES_ORIGIN). `X-Variant-Cache` says which:
 * `memory`, `edge`, `store`, `miss` or `origin`.
 */
import { etagMatches } from '@glam/assets/delivery-headers'
import { withdrawPublicVariants } from '@glam/assets/store'
import { type AppEnv, GlamError, nginxAccel, type Platform } from '@glam/core'
import { heldVariant, holdVariant } from '@glam/images/held'
import { negotiateFormat } from '@glam/images/negotiate'
import {
  extOf,
  parseVariantQuery,
  type ResolvedVariant,
  resolveVariant,
  variantCopyName,
} from '@glam/images/variants'
import { type Context, Hono } from 'hono'
import { storedBytes, variantBytes } from './compute.ts'
import { fromEdgeCache, fromOrigin, keepInEdgeCache } from './edge.ts'
import { variantHeaders } from './headers.ts'
import { sourceOf, type VariantSource } from './source.ts'

type C = Context<AppEnv>
type Where = 'memory' | 'edge' | 'store' | 'miss' | 'origin'

const shaPattern = /^[0-9a-f]{64}$/

/** The bytes and where they came from; null when this runtime must ask a container. */
async function find(
  c: C,
  source: VariantSource,
  variant: ResolvedVariant,
): Promise<{ bytes: Uint8Array; where: Where } | null> {
  const { platform } = c.var
  const isPublic = source.access === 'public'
  if (isPublic) {
    const held = heldVariant(platform, variant.key)
    if (held) return { bytes: held.bytes, where: 'memory' }
    const cached = await fromEdgeCache(platform, variant)
    if (cached) return { bytes: cached, where: 'edge' }
  }
  const stored = await storedBytes(platform, variant.key)
  if (stored) {
    if (isPublic) keepInEdgeCache(platform, variant, stored)
    return { bytes: stored, where: 'store' }
  }
  if (!platform.images) return null
  const made = await variantBytes(platform, source.sha256, variant)
  return { bytes: made.bytes, where: made.computed ? 'miss' : 'store' }
}

/**
 * Keeps a public variant in this process's memory, except in a Workers isolate: it has 128 MB in
 * all, and the edge cache is its place for variants (and shared by the isolates of a location).
 */
function hold(platform: Platform, variant: ResolvedVariant, bytes: Uint8Array) {
  if (platform.runtime === 'workerd') return
  holdVariant(platform, { key: variant.key, etag: variant.etag, contentType: variant.contentType, bytes })
}

async function serve(c: C) {
  const { platform } = c.var
  const sha256 = c.req.param('sha256') ?? ''
  if (!shaPattern.test(sha256)) throw new GlamError('NOT_FOUND', 'Nothing lives at this address.')
  const asked = parseVariantQuery(c.req.queries(), {
    sha256,
    secret: () => platform.secrets.require('GLAM_SECRET'),
    now: platform.clock.now(),
  })
  if (!asked.ok) throw new GlamError(asked.code, asked.message)
  const source = await sourceOf(c, sha256, asked)
  const format = negotiateFormat(c.req.header('accept'), asked.spec, source.format)
  const variant = resolveVariant(sha256, asked.spec, format, source.format)
  const nowSeconds = Math.floor(platform.clock.now().getTime() / 1000)
  const headers = variantHeaders(variant, {
    access: source.access,
    negotiated: asked.spec.format === 'auto',
    ...(asked.exp !== undefined && { signedForSeconds: asked.exp - nowSeconds }),
  })
  if (etagMatches(c.req.header('if-none-match'), variant.etag)) return c.body(null, 304, headers)

  const found = await find(c, source, variant)
  if (!found) {
    const origin = platform.config.imagesOrigin
    if (!origin) throw new GlamError('IMAGES_UNAVAILABLE')
    const answer = await fromOrigin(platform, c.req.raw, origin, variant.contentType)
    if (answer.status !== 200) return answer
    const bytes = new Uint8Array(await answer.arrayBuffer())
    // Kept only if it is this very variant: the same key (ETag) and real bytes, not an empty
    // X-Accel-Redirect answer of a container that expects nginx in front.
    if (answer.headers.get('etag') !== variant.etag || bytes.byteLength === 0) {
      platform.logger.error('image.origin_mismatch', {
        key: variant.key,
        etag: answer.headers.get('etag'),
        bytes: bytes.byteLength,
        accel: answer.headers.has('x-accel-redirect'),
      })
      throw new GlamError(
        'IMAGES_UNAVAILABLE',
        'The container answered with another variant, or without its bytes.',
      )
    }
    if (source.access === 'public') {
      keepInEdgeCache(platform, variant, bytes)
      hold(platform, variant, bytes)
    }
    // The container stored it in its blob store; a worker with a bucket of its own keeps a copy.
    platform.background(
      platform.blobs
        .has(variant.key)
        .then((has) =>
          has ? undefined : platform.blobs.put(variant.key, bytes, { contentType: variant.contentType }),
        )
        .catch((error) => platform.logger.warn('image.variant_copy_failed', { key: variant.key, error })),
    )
    return respond(c, bytes, { ...headers, 'X-Variant-Cache': 'origin' })
  }
  if (source.access === 'public' && found.where !== 'memory') hold(platform, variant, found.bytes)

  const accel = nginxAccel(platform)
  // A public preset asked for without a signature: nginx answers the next ones from a copy at a
  // path it derives itself (`i/<sha256>/<preset>.<ext>`, README "Assets behind nginx").
  if (accel?.place && source.access === 'public' && asked.spec.preset && !asked.signed)
    await accel
      .place(`i/${sha256}/${asked.spec.preset}.${extOf[variant.format]}`, found.bytes)
      // A deletion may have run meanwhile: a copy of what is no longer public goes at once.
      .then(() => withdrawPublicVariants(platform, sha256))
      .catch((error) => platform.logger.warn('image.variant_place_failed', { key: variant.key, error }))
  if (accel && source.access === 'public') {
    const bytes = found.bytes
    const uri = await accel.publish(
      variantCopyName(variant.key),
      async () => new Response(bytes as Uint8Array<ArrayBuffer>).body,
      bytes.byteLength,
    )
    if (uri)
      return c.body(null, 200, {
        ...headers,
        'X-Variant-Cache': found.where,
        'Content-Length': '0',
        'X-Accel-Redirect': uri,
      })
  }
  return respond(c, found.bytes, { ...headers, 'X-Variant-Cache': found.where })
}

function respond(c: C, bytes: Uint8Array, headers: Record<string, string>) {
  const withLength = { ...headers, 'Content-Length': String(bytes.byteLength) }
  return c.req.method === 'HEAD'
    ? c.body(null, 200, withLength)
    : c.body(bytes as Uint8Array<ArrayBuffer>, 200, withLength)
}

export function createVariantsApp() {
  return new Hono<AppEnv>().on(['GET', 'HEAD'], '/:sha256', serve)
}
