/**
 * An image made ready for tesseract with sharp: EXIF orientation applied, greyscale, dark
 * ground inverted to light (tesseract reads dark text on light best), a working width, contrast
 * stretched, optionally binarised. Which steps help was measured on the story-insight test set
 * (BENCHMARKS.md). PNG out, at the lowest compression: it is read once, in memory.
 */
import type { OcrPreparation } from '@glam/core'
import sharp from 'sharp'
import { OcrInputError } from './errors.ts'

export interface PreparedImage {
  png: Buffer
  width: number
  height: number
  /** The ground was dark and was inverted. */
  inverted: boolean
}

export async function prepareImage(
  image: Uint8Array,
  options: OcrPreparation = {},
  maxPixels = 40_000_000,
): Promise<PreparedImage> {
  let pipeline: sharp.Sharp
  let inverted = false
  try {
    pipeline = sharp(image, { limitInputPixels: maxPixels }).rotate()
    if (options.greyscale ?? true) {
      pipeline = pipeline.greyscale()
      const stats = await pipeline.clone().stats()
      inverted = (stats.channels[0]?.mean ?? 255) < 110
    }
    if (options.width) pipeline = pipeline.resize({ width: options.width, kernel: 'lanczos3' })
    if (inverted) pipeline = pipeline.negate({ alpha: false })
    if (options.normalise ?? true) pipeline = pipeline.normalise()
    if (options.threshold !== undefined) pipeline = pipeline.threshold(options.threshold)
    const { data, info } = await pipeline.png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true })
    return { png: data, width: info.width, height: info.height, inverted }
  } catch (err) {
    throw new OcrInputError(`The image cannot be read: ${(err as Error).message}`, { cause: err })
  }
}
