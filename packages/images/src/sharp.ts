/**
 * The images port on sharp (libvips), for Node containers only: probe an image's header,
 * transform it into a variant, and compute its ThumbHash placeholder. Inputs are limited to
 * the raster formats uploads accept (JPEG, PNG, WebP, GIF, AVIF; never SVG, which libvips
 * would render) and to `maxPixels`; whatever sharp cannot decode — truncated, corrupt, a
 * pixel flood, another format — is an `InvalidImageError`, which callers answer with
 * INVALID_IMAGE.
 *
 * ```ts
 * const images = createSharpImages({ maxPixels: 100_000_000 })
 * const { data, contentType } = await images.transform(bytes, { width: 640, format: 'webp' })
 * const placeholder = await images.placeholder(bytes) // base64 ThumbHash
 * ```
 */
import type { ImageProcessor, PortHealth } from '@glam/core'
import sharp, { type Metadata, type Sharp } from 'sharp'
import { rgbaToThumbHash } from 'thumbhash'

/** The input is not an image sharp can decode within the limits. */
export class InvalidImageError extends Error {
  override name = 'InvalidImageError'
}

export interface SharpImages extends ImageProcessor {
  /** The image's ThumbHash, standard base64 with padding (decode it with `placeholderToDataUrl`). */
  placeholder(input: Uint8Array): Promise<string | null>
}

type TransformOptions = Parameters<ImageProcessor['transform']>[1]

export const defaultMaxPixels = 100_000_000
/** ThumbHash encodes at most 100×100 pixels. */
const placeholderSize = 100

const contentTypes = { webp: 'image/webp', avif: 'image/avif', jpeg: 'image/jpeg', png: 'image/png' } as const
const fits = new Set(['cover', 'contain', 'inside'])

export function createSharpImages(options: { maxPixels?: number } = {}): SharpImages {
  const maxPixels = options.maxPixels ?? defaultMaxPixels
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1)
    throw new TypeError(`Invalid maxPixels ${maxPixels}: expected a positive integer`)

  /** A pipeline over `input`, once its header says it is an accepted format within the limit. */
  async function open(input: Uint8Array): Promise<{ image: Sharp; meta: Metadata; format: string }> {
    const image = sharp(input, { limitInputPixels: maxPixels, failOn: 'error' })
    const meta = await decoding(() => image.metadata())
    const format = formatOf(meta)
    if (!format) throw new InvalidImageError(`Not an accepted image format: ${meta.format}`)
    if (!meta.width || !meta.height || meta.width * meta.height > maxPixels)
      throw new InvalidImageError(`Image of ${meta.width}×${meta.height} pixels (at most ${maxPixels})`)
    return { image, meta, format }
  }

  return {
    adapter: 'sharp',

    /** Reads the header only (cheap): a truncated image probes fine and fails in transform. */
    async probe(input) {
      const { meta, format } = await open(input)
      const { width, height } = meta.autoOrient ?? meta
      return { width, height, format }
    },

    async transform(input, options) {
      checkTransform(options)
      const { image } = await open(input)
      let pipeline = image.rotate()
      if (options.width || options.height)
        pipeline = pipeline.resize({
          width: options.width,
          height: options.height,
          fit: options.fit ?? 'inside',
          // A variant never upscales: it would only add bytes.
          withoutEnlargement: true,
          background: { r: 255, g: 255, b: 255, alpha: 0 },
        })
      if (options.format === 'jpeg') pipeline = pipeline.flatten({ background: '#ffffff' })
      pipeline = pipeline.toFormat(options.format, options.quality ? { quality: options.quality } : {})
      const { data, info } = await decoding(() => pipeline.toBuffer({ resolveWithObject: true }))
      return {
        data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        contentType: contentTypes[options.format],
        width: info.width,
        height: info.height,
      }
    },

    async placeholder(input) {
      const { image } = await open(input)
      const { data, info } = await decoding(() =>
        image
          .rotate()
          .resize(placeholderSize, placeholderSize, { fit: 'inside', withoutEnlargement: true })
          .ensureAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true }),
      )
      return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64')
    },

    async health(): Promise<PortHealth> {
      return { status: 'ok', detail: `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}` }
    },
  }
}

/** The upload format sharp's metadata names, or undefined for anything else (SVG, TIFF, HEIC…). */
function formatOf(meta: Metadata): string | undefined {
  if (meta.format === 'heif') return meta.compression === 'av1' ? 'avif' : undefined
  return ['jpeg', 'png', 'webp', 'gif'].includes(meta.format) ? meta.format : undefined
}

/** Runs a sharp call, turning its failure into an InvalidImageError (the input is at fault). */
async function decoding<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    throw new InvalidImageError(`The image cannot be decoded: ${(err as Error).message}`, { cause: err })
  }
}

/** Our caller's mistakes are TypeErrors, before any decoding. */
function checkTransform(options: TransformOptions) {
  const { width, height, fit, format, quality } = options
  for (const [name, value] of Object.entries({ width, height }))
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1 || value > 16_383))
      throw new TypeError(`Invalid ${name} ${value}: expected an integer from 1 to 16383`)
  if (fit !== undefined && !fits.has(fit)) throw new TypeError(`Invalid fit ${fit}`)
  if (!Object.hasOwn(contentTypes, format)) throw new TypeError(`Invalid output format ${format}`)
  if (quality !== undefined && (!Number.isInteger(quality) || quality < 1 || quality > 100))
    throw new TypeError(`Invalid quality ${quality}: expected an integer from 1 to 100`)
}
