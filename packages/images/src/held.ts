/**
 * Warm public variants, kept per process: the bytes of small variants by key, so a warm variant
 * is answered from memory like a held original (the Node fast path reads this too). A key's
 * bytes never change; whether they may still be served is the source's business (its public
 * record lives 30 s in @glam/assets/delivery-cache, and a deletion forgets it at once), so the
 * bytes may live as long as memory allows: up to 64 MiB, variants up to 512 KiB each.
 */
import { localSlot, type Platform } from '@glam/core'
import { LRUCache } from 'lru-cache'

export interface HeldVariant {
  key: string
  etag: string
  contentType: string
  bytes: Uint8Array
}

export const heldVariantLimit = 512 * 1024

const slot = localSlot(
  'images.held-variants',
  () =>
    new LRUCache<string, HeldVariant>({
      maxSize: 64 * 1024 * 1024,
      sizeCalculation: (v) => Math.max(1, v.bytes.byteLength),
    }),
)

export const heldVariant = (platform: Pick<Platform, 'local'>, key: string) =>
  platform.local.of(slot).get(key)

export function holdVariant(platform: Pick<Platform, 'local'>, variant: HeldVariant) {
  if (variant.bytes.byteLength <= heldVariantLimit) platform.local.of(slot).set(variant.key, variant)
}

/** Forgets every held variant of a source (it was deleted). */
export function forgetVariants(platform: Pick<Platform, 'local'>, sha256: string) {
  const cache = platform.local.of(slot)
  const prefix = `variants/${sha256}/`
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key)
}
