/**
 * A new variant is computed once: concurrent requests in one process share one computation
 * (single flight), and processes share the work through a lease row in SQL named after the
 * variant's key. The holder computes and stores the variant; the others wait for it to appear in
 * the blob store (and take over if the holder's lease runs out first, e.g. it died). Whoever
 * computes checks the store again first: a variant stored meanwhile is never computed again.
 */
import { contentKey } from '@glam/assets/store'
import { blobBytes, GlamError, localSlot, type Platform } from '@glam/core'
import { maxVariantSide, type ResolvedVariant } from '@glam/images/variants'
import { LRUCache } from 'lru-cache'
import pLimit, { type Limit } from 'p-limit'

interface Refusal {
  code: 'IMAGE_TOO_LARGE' | 'INVALID_IMAGE' | 'VARIANT_TIMEOUT'
  message: string
}

export interface VariantBytes {
  bytes: Uint8Array
  /** Whether this process computed it (false: it was in the store, another process made it). */
  computed: boolean
}

const flights = localSlot('images.variant-flights', () => ({
  running: new Map<string, Promise<VariantBytes>>(),
  /** This process's name in lease rows. */
  holder: crypto.randomUUID(),
  /**
   * What sharp refused, for ten minutes, so the same bad work is not tried again: by source when
   * its header is a pixel flood (no variant of it can be made), else by variant (a WebP taller
   * than WebP allows may still be a JPEG; an animation too large may still be its first frame).
   * Over the time budget: by variant, for a minute.
   */
  refused: new LRUCache<string, Refusal>({ max: 10_000, ttl: 600_000 }),
  /** Made on first use, sized from the images port (see sourceSlots). */
  sources: undefined as { limit: Limit; size: number } | undefined,
}))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A blob's bytes, whole (variants and their sources are bounded by the upload rules). */
export async function storedBytes(platform: Platform, key: string): Promise<Uint8Array | null> {
  const object = await platform.blobs.get(key)
  return object ? blobBytes(object) : null
}

/**
 * The variant's bytes, once the store had none: computed here once, or read from the store when
 * another process made it meanwhile.
 */
export function variantBytes(
  platform: Platform,
  sha256: string,
  variant: ResolvedVariant,
): Promise<VariantBytes> {
  const { running, refused } = platform.local.of(flights)
  const known = refused.get(sha256) ?? refused.get(variant.key)
  if (known) return Promise.reject(new GlamError(known.code, known.message, retryAfter(known.code)))
  let flight = running.get(variant.key)
  if (!flight) {
    const made = produce(platform, sha256, variant)
    flight = made.then(({ bytes, computed }) => ({ bytes, computed }))
    // The flight stays until the variant is stored: a request meanwhile shares it rather than
    // missing the store and computing again.
    const done = made.then(
      (m) => m.stored,
      () => undefined,
    )
    running.set(variant.key, flight)
    platform.background(done.finally(() => running.delete(variant.key)))
  }
  return flight
}

async function produce(
  platform: Platform,
  sha256: string,
  variant: ResolvedVariant,
): Promise<VariantBytes & { stored: Promise<void> }> {
  const { holder } = platform.local.of(flights)
  const leases = 'leases' in platform.repos ? platform.repos.leases : undefined
  const budgetMs = platform.config.imageTimeBudgetSeconds * 1000
  // Long enough for one computation (queueing included), so a live holder never loses it.
  const ttlMs = budgetMs * 2 + 5_000
  const deadline = Date.now() + ttlMs + budgetMs
  const releaseLease = () => leases?.release({ name: variant.key, holder }).catch(() => {})
  let wait = 25
  // The caller found no variant in the store: take the lease, or wait for its holder's.
  for (;;) {
    if (!leases || (await leases.take({ name: variant.key, holder, ttlMs }))) {
      // Renewed while this process waits for a slot and computes, so a long queue never lets
      // another process take the lease and compute the same variant again.
      const renewal = leases
        ? setInterval(
            () => void leases.renew({ name: variant.key, holder, ttlMs }).catch(() => {}),
            ttlMs / 3,
          )
        : undefined
      const release = () => {
        clearInterval(renewal)
        return releaseLease()
      }
      let bytes: Uint8Array
      try {
        const again = leases ? await storedBytes(platform, variant.key) : null
        if (again) {
          await release()
          return { bytes: again, computed: false, stored: Promise.resolve() }
        }
        bytes = await compute(platform, sha256, variant)
      } catch (error) {
        await release()
        throw error
      }
      // Answered now, stored meanwhile; the lease goes once the variant is in the store, so a
      // process waiting on it finds the variant as soon as it may take the lease.
      const stored = platform.blobs
        .put(variant.key, bytes, { contentType: variant.contentType })
        .then(
          () => undefined,
          (error) => platform.logger.error('image.variant_store_failed', { key: variant.key, error }),
        )
        .finally(release)
      return { bytes, computed: true, stored }
    }
    if (Date.now() > deadline)
      throw new GlamError('VARIANT_TIMEOUT', 'Another process is still computing this variant.', {
        headers: { 'Retry-After': '5' },
      })
    await sleep(wait)
    wait = Math.min(wait * 2, 250)
    const ready = await storedBytes(platform, variant.key)
    if (ready) return { bytes: ready, computed: false, stored: Promise.resolve() }
  }
}

const retryAfter = (code: string) =>
  code === 'VARIANT_TIMEOUT'
    ? { headers: { 'Retry-After': '60' } }
    : code === 'IMAGES_BUSY'
      ? { headers: { 'Retry-After': '2' } }
      : {}

/** Errors of the images port, by name (the function never imports sharp). */
function imageFailure(error: unknown): GlamError | undefined {
  const { name, message } = (error ?? {}) as Error
  if (name === 'ImageTooLargeError') return new GlamError('IMAGE_TOO_LARGE', message)
  if (name === 'InvalidImageError') return new GlamError('INVALID_IMAGE', message)
  if (name === 'ImageTimeoutError')
    return new GlamError('VARIANT_TIMEOUT', undefined, retryAfter('VARIANT_TIMEOUT'))
  if (name === 'ImagesBusyError') return new GlamError('IMAGES_BUSY', undefined, retryAfter('IMAGES_BUSY'))
  return undefined
}

/**
 * Sources are read only when sharp is about to take them: at most two per slot of the images
 * port are held in memory (one working, one ready), so a queue of 64 waiting variants of 25 MB
 * images holds no 1.6 GB. More waiting than GLAM_IMAGE_QUEUE answer IMAGES_BUSY at once.
 */
function sourceSlots(platform: Platform): { limit: Limit; size: number } {
  const state = platform.local.of(flights)
  if (!state.sources) {
    const size = 2 * (platform.images?.load?.().concurrency ?? 1)
    state.sources = { limit: pLimit(size), size }
  }
  return state.sources
}

function compute(platform: Platform, sha256: string, variant: ResolvedVariant): Promise<Uint8Array> {
  const { limit, size } = sourceSlots(platform)
  if (limit.activeCount >= size && limit.pendingCount >= platform.config.imageQueue)
    return Promise.reject(new GlamError('IMAGES_BUSY', undefined, retryAfter('IMAGES_BUSY')))
  return limit(() => transformSource(platform, sha256, variant))
}

async function transformSource(
  platform: Platform,
  sha256: string,
  variant: ResolvedVariant,
): Promise<Uint8Array> {
  const images = platform.images!
  // The adapter's queue holds each waiting job's source: when it is already a slot's worth
  // behind (a job over its budget still running in libvips), refuse rather than pile up bytes.
  const load = images.load?.()
  if (load && load.queued >= load.concurrency)
    throw new GlamError('IMAGES_BUSY', undefined, retryAfter('IMAGES_BUSY'))
  const source = await storedBytes(platform, contentKey(sha256))
  if (!source) {
    platform.logger.error('image.source_missing', { sha256 })
    throw new GlamError('NOT_FOUND', 'Nothing lives at this address.')
  }
  const started = performance.now()
  let result: Awaited<ReturnType<typeof images.transform>>
  try {
    // A side not given is bounded too (`inside`): a hero of a 1600×16000 upload is 1600×4096 at
    // most, not a 25-megapixel AVIF.
    result = await images.transform(source, {
      width: variant.width ?? maxVariantSide,
      height: variant.height ?? maxVariantSide,
      fit: variant.fit,
      format: variant.format,
      ...(variant.quality !== undefined && { quality: variant.quality }),
      animated: variant.animated,
    })
  } catch (error) {
    const failure = imageFailure(error)
    if (!failure) throw error
    const { refused } = platform.local.of(flights)
    const code = failure.code as Refusal['code']
    // A still variant too large: its first frame is, so is every variant of the source.
    if (code === 'IMAGE_TOO_LARGE' && !variant.animated)
      refused.set(sha256, { code, message: failure.message })
    else if (code === 'IMAGE_TOO_LARGE' || code === 'INVALID_IMAGE')
      refused.set(variant.key, { code, message: failure.message })
    else if (code === 'VARIANT_TIMEOUT')
      refused.set(variant.key, { code, message: failure.message }, { ttl: 60_000 })
    platform.logger.warn('image.variant_refused', {
      sha256,
      key: variant.key,
      code: failure.code,
      reason: failure.message,
    })
    throw failure
  }
  platform.logger.info('image.variant_computed', {
    sha256,
    key: variant.key,
    bytes: result.data.byteLength,
    width: result.width,
    height: result.height,
    ms: Math.round(performance.now() - started),
  })
  return result.data
}
