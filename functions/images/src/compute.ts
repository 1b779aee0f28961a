/**
 * A new variant is computed once: concurrent requests in one process share one computation
 * (single flight), and processes share the work through a lease row in SQL named after the
 * variant's key. The holder computes and stores the variant; the others wait for it to appear in
 * the blob store (and take over if the holder's lease runs out first, e.g. it died). Whoever
 * computes checks the store again first: a variant stored meanwhile is never computed again.
 */
import { contentKey } from '@glam/assets/store'
import { blobBytes, GlamError, localSlot, type Platform } from '@glam/core'
import type { ResolvedVariant } from '@glam/images/variants'
import { LRUCache } from 'lru-cache'
import pLimit, { type Limit } from 'p-limit'

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
   * Sources sharp refused (too many pixels, undecodable), for ten minutes: a request for any of
   * their variants is refused at once instead of decoding the same bad bytes again.
   */
  refused: new LRUCache<string, { code: 'IMAGE_TOO_LARGE' | 'INVALID_IMAGE'; message: string }>({
    max: 10_000,
    ttl: 600_000,
  }),
  /** Made on first use, sized from the images port (see sourceSlots). */
  sources: undefined as Limit | undefined,
}))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A blob's bytes, whole (variants and their sources are bounded by the upload rules). */
export async function storedBytes(platform: Platform, key: string): Promise<Uint8Array | null> {
  const object = await platform.blobs.get(key)
  return object ? blobBytes(object) : null
}

/** The variant's bytes: from the store when another process made it, else computed here once. */
export function variantBytes(
  platform: Platform,
  sha256: string,
  variant: ResolvedVariant,
): Promise<VariantBytes> {
  const { running, refused } = platform.local.of(flights)
  const known = refused.get(sha256)
  if (known) return Promise.reject(new GlamError(known.code, known.message))
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
  const release = () => leases?.release({ name: variant.key, holder }).catch(() => {})
  let wait = 25
  for (;;) {
    const ready = await storedBytes(platform, variant.key)
    if (ready) return { bytes: ready, computed: false, stored: Promise.resolve() }
    if (!leases || (await leases.take({ name: variant.key, holder, ttlMs }))) {
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
  }
}

/** Errors of the images port, by name (the function never imports sharp). */
function imageFailure(error: unknown): GlamError | undefined {
  const { name, message } = (error ?? {}) as Error
  if (name === 'ImageTooLargeError') return new GlamError('IMAGE_TOO_LARGE', message)
  if (name === 'InvalidImageError') return new GlamError('INVALID_IMAGE', message)
  if (name === 'ImageTimeoutError')
    return new GlamError('VARIANT_TIMEOUT', undefined, { headers: { 'Retry-After': '30' } })
  if (name === 'ImagesBusyError')
    return new GlamError('IMAGES_BUSY', undefined, { headers: { 'Retry-After': '2' } })
  return undefined
}

/**
 * Sources are read only when sharp is about to take them: at most two per slot of the images
 * port are held in memory (one working, one ready), so a queue of 64 waiting variants of 25 MB
 * images holds no 1.6 GB. More waiting than GLAM_IMAGE_QUEUE answer IMAGES_BUSY at once.
 */
function sourceSlots(platform: Platform): Limit {
  const state = platform.local.of(flights)
  state.sources ??= pLimit(2 * (platform.images?.load?.().concurrency ?? 1))
  return state.sources
}

function compute(platform: Platform, sha256: string, variant: ResolvedVariant): Promise<Uint8Array> {
  const slots = sourceSlots(platform)
  const full = slots.activeCount >= 2 * (platform.images?.load?.().concurrency ?? 1)
  if (full && slots.pendingCount >= platform.config.imageQueue)
    return Promise.reject(new GlamError('IMAGES_BUSY', undefined, { headers: { 'Retry-After': '2' } }))
  return slots(() => transformSource(platform, sha256, variant))
}

async function transformSource(
  platform: Platform,
  sha256: string,
  variant: ResolvedVariant,
): Promise<Uint8Array> {
  const images = platform.images!
  const source = await storedBytes(platform, contentKey(sha256))
  if (!source) {
    platform.logger.error('image.source_missing', { sha256 })
    throw new GlamError('NOT_FOUND', 'Nothing lives at this address.')
  }
  const started = performance.now()
  let result: Awaited<ReturnType<typeof images.transform>>
  try {
    result = await images.transform(source, {
      ...(variant.width !== undefined && { width: variant.width }),
      ...(variant.height !== undefined && { height: variant.height }),
      fit: variant.fit,
      format: variant.format,
      ...(variant.quality !== undefined && { quality: variant.quality }),
      animated: variant.animated,
    })
  } catch (error) {
    const failure = imageFailure(error)
    if (!failure) throw error
    if (failure.code === 'IMAGE_TOO_LARGE' || failure.code === 'INVALID_IMAGE')
      platform.local.of(flights).refused.set(sha256, { code: failure.code, message: failure.message })
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
