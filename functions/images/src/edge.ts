/**
 * Variants where there is no sharp (the edge worker, Deno): public variants are answered from the
 * runtime's Cache API, then from the blob store (R2), and only a miss in both goes to a Node
 * container (GLAM_IMAGES_ORIGIN), whose answer is kept in both for the next request. The cache
 * key is the variant's blob key, never the request URL: one entry per negotiated format, so a
 * cache that ignores `Vary: Accept` (Cloudflare's does) still never serves AVIF to a JPEG client.
 */
import type { Platform } from '@glam/core'
import type { ResolvedVariant } from '@glam/images/variants'

interface CacheLike {
  match(request: Request): Promise<Response | undefined>
  put(request: Request, response: Response): Promise<void>
}
interface CachesLike {
  default?: CacheLike
  open(name: string): Promise<CacheLike>
}

let opened: Promise<CacheLike | null> | undefined
/** workerd's `caches.default`, Deno's `caches.open()`; null where there is none (Node). */
function edgeCache(platform: Platform): Promise<CacheLike | null> {
  if (platform.runtime === 'node') return Promise.resolve(null)
  const caches = (globalThis as { caches?: CachesLike }).caches
  if (!caches) return Promise.resolve(null)
  opened ??= (caches.default ? Promise.resolve(caches.default) : caches.open('glam-variants')).catch(
    () => null,
  )
  return opened
}

const cacheRequest = (variant: ResolvedVariant) => new Request(`https://variants.glam.invalid/${variant.key}`)

export async function fromEdgeCache(
  platform: Platform,
  variant: ResolvedVariant,
): Promise<Uint8Array | null> {
  const cache = await edgeCache(platform)
  if (!cache) return null
  const hit = await cache.match(cacheRequest(variant)).catch(() => undefined)
  return hit ? new Uint8Array(await hit.arrayBuffer()) : null
}

/** Keeps a public variant in the edge cache for a year (it never changes), in the background. */
export function keepInEdgeCache(platform: Platform, variant: ResolvedVariant, bytes: Uint8Array) {
  platform.background(
    edgeCache(platform).then((cache) =>
      cache
        ?.put(
          cacheRequest(variant),
          new Response(bytes as Uint8Array<ArrayBuffer>, {
            headers: {
              'Content-Type': variant.contentType,
              'Cache-Control': 'public, max-age=31536000, immutable',
              ETag: variant.etag,
            },
          }),
        )
        .catch((error) => platform.logger.warn('image.edge_cache_failed', { key: variant.key, error })),
    ),
  )
}

/**
 * Asks the container for a variant: the same path and query, the client's credentials for
 * private sources, and as `Accept` only the format negotiated here, so the container (or an
 * nginx in front of it, whose maps parse Accept more simply) cannot pick another one. Its error
 * answers are passed on as they are.
 */
export async function fromOrigin(
  platform: Platform,
  request: Request,
  origin: string,
  contentType: string,
): Promise<Response> {
  const url = new URL(request.url)
  const target = new URL(`${url.pathname}${url.search}`, origin)
  const headers = new Headers({ accept: contentType })
  for (const name of ['authorization', 'cookie', 'x-request-id'])
    if (request.headers.has(name)) headers.set(name, request.headers.get(name)!)
  const started = Date.now()
  const answer = await fetch(target, { headers, redirect: 'manual', signal: AbortSignal.timeout(60_000) })
  platform.logger.info('image.variant_forwarded', {
    path: url.pathname,
    status: answer.status,
    ms: Date.now() - started,
  })
  return answer
}
