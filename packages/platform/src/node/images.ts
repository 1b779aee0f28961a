/**
 * The images port in Node containers: sharp, loaded on first use (a process that never touches an
 * image never loads libvips). `load()` answers without loading it; `health()` loads it, so the
 * first readiness probe proves libvips loads here and `/readyz` shows its versions.
 */
import { availableParallelism } from 'node:os'
import type { ImageProcessor, PortHealth } from '@glam/core'

export interface LazyImagesOptions {
  maxPixels: number
  timeoutSeconds?: number
  concurrency?: number
  maxQueue?: number
}

export function createLazyImages(options: LazyImagesOptions): ImageProcessor {
  // The adapter's default, repeated here so load() can tell it without importing sharp.
  const concurrency = options.concurrency ?? Math.max(1, availableParallelism())
  let loaded: Promise<ImageProcessor> | undefined
  let ready: ImageProcessor | undefined
  const sharp = () => {
    loaded ??= import('@glam/images/sharp').then((m) => {
      ready = m.createSharpImages({ ...options, concurrency })
      return ready
    })
    return loaded
  }
  return {
    adapter: 'sharp',
    probe: async (input) => (await sharp()).probe(input),
    transform: async (input, o) => (await sharp()).transform(input, o),
    placeholder: async (input) => (await sharp()).placeholder(input),
    load: () => ready?.load?.() ?? { running: 0, queued: 0, concurrency },
    health: async (): Promise<PortHealth> => {
      const images = await sharp()
      return images.health ? images.health() : { status: 'ok' }
    },
  }
}
