/**
 * The images port in Node containers: sharp, loaded on first use (a process that never touches an
 * image never loads libvips).
 */
import type { ImageProcessor } from '@glam/core'

export function createLazyImages(options: { maxPixels: number }): ImageProcessor {
  let loaded: Promise<ImageProcessor> | undefined
  const sharp = () => {
    loaded ??= import('@glam/images/sharp').then((m) => m.createSharpImages({ maxPixels: options.maxPixels }))
    return loaded
  }
  return {
    adapter: 'sharp',
    probe: async (input) => (await sharp()).probe(input),
    transform: async (input, o) => (await sharp()).transform(input, o),
    placeholder: async (input) => (await sharp()).placeholder(input),
  }
}
