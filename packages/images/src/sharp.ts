/**
 * The images port on sharp (libvips), for Node containers only: probe an image's header,
 * transform it into a variant, and compute its ThumbHash placeholder. Inputs are limited to
 * the raster formats uploads accept (JPEG, PNG, WebP, GIF, AVIF; never SVG, which libvips
 * would render). Failures are the classes of `./errors.ts`, told apart by `name`:
 *
 * - more pixels than `maxPixels` (a pixel flood, a decompression bomb) is an `ImageTooLargeError`,
 *   refused from the header before a single pixel is decoded;
 * - whatever sharp cannot decode (truncated, corrupt, another format) is an `InvalidImageError`;
 * - work over `timeoutSeconds` is an `ImageTimeoutError`;
 * - at most `concurrency` transforms and placeholders run at once, `maxQueue` more wait in
 *   order, and beyond that an `ImagesBusyError` answers at once.
 *
 * ```ts
 * const images = createSharpImages({ maxPixels: 100_000_000, timeoutSeconds: 20 })
 * const { data, contentType } = await images.transform(bytes, { width: 640, format: 'webp' })
 * const placeholder = await images.placeholder(bytes) // base64 ThumbHash
 * ```
 */
import { availableParallelism } from 'node:os'
import type { ImageProcessor, PortHealth } from '@glam/core'
import pLimit from 'p-limit'
import sharp, { type Metadata, type Sharp } from 'sharp'
import { rgbaToThumbHash } from 'thumbhash'
import { ImagesBusyError, ImageTimeoutError, ImageTooLargeError, InvalidImageError } from './errors.ts'

// Existing importers take InvalidImageError from here; new code reads `@glam/images/errors`.
export { ImagesBusyError, ImageTimeoutError, ImageTooLargeError, InvalidImageError }

export interface SharpImagesOptions {
  /** The most pixels one decode may hold (width × height, all frames of an animated variant). */
  maxPixels?: number
  /** Each transform's or placeholder's time budget in whole seconds, 0 for none (at most 3600). */
  timeoutSeconds?: number
  /** Transforms and placeholders running at once (libvips gives each `sharp.concurrency()` threads). */
  concurrency?: number
  /** Transforms and placeholders waiting for a slot; one more is refused with ImagesBusyError. */
  maxQueue?: number
}

export interface SharpImages extends ImageProcessor {
  /** The image's ThumbHash, standard base64 with padding (decode it with `placeholderToDataUrl`). */
  placeholder(input: Uint8Array): Promise<string | null>
  load(): { running: number; queued: number; concurrency: number }
  health(): Promise<PortHealth>
}

type TransformOptions = Parameters<ImageProcessor['transform']>[1]
type OutputFormat = TransformOptions['format']

/** What an image's header says, before any pixel is decoded. */
interface Header {
  format: string
  /** Stored dimensions of one frame (before EXIF orientation). */
  width: number
  height: number
  pages: number
  orientation: number
  /** Dimensions as displayed (EXIF orientation applied). */
  display: { width: number; height: number }
}

export const defaultMaxPixels = 100_000_000
export const defaultTimeoutSeconds = 20
export const defaultMaxQueue = 64
/** ThumbHash encodes at most 100×100 pixels. */
const placeholderSize = 100
/**
 * libvips stops a pipeline at its budget, but only while it computes pixels: encoders that run
 * after (AVIF, through libheif) are not watched. The caller hears back this much later at most.
 */
const graceSeconds = 1

const contentTypes = { webp: 'image/webp', avif: 'image/avif', jpeg: 'image/jpeg', png: 'image/png' } as const
const fits = new Set(['cover', 'contain', 'inside'])

export function createSharpImages(options: SharpImagesOptions = {}): SharpImages {
  const { maxPixels, timeoutSeconds, concurrency, maxQueue } = settingsOf(options)
  const limit = pLimit(concurrency)

  const load = () => ({ running: limit.activeCount, queued: limit.pendingCount, concurrency })
  /** Counted over both, so it holds whether p-limit starts a job at once (v2) or a tick later (v4+). */
  const full = () => limit.activeCount + limit.pendingCount >= concurrency + maxQueue

  /** Runs a sharp call, naming its failure (see `asImageError`). */
  async function decoding<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (err) {
      throw asImageError(err, maxPixels)
    }
  }

  /**
   * The header, read without a pixel limit: reading it decodes nothing, and it gives the
   * dimensions a refusal reports. Refuses formats uploads do not accept.
   */
  async function readHeader(input: Uint8Array): Promise<Header> {
    const meta = await decoding(() => sharp(input, { limitInputPixels: false, failOn: 'error' }).metadata())
    const format = formatOf(meta)
    if (!format) throw new InvalidImageError(`Not an accepted image format: ${meta.format}`)
    const height = meta.pageHeight ?? meta.height
    if (!meta.width || !height) throw new InvalidImageError(`Image of ${meta.width}×${height} pixels`)
    return {
      format,
      width: meta.width,
      height,
      pages: meta.pages ?? 1,
      orientation: meta.orientation ?? 1,
      display: meta.autoOrient ?? { width: meta.width, height },
    }
  }

  /** A pixel flood is refused from its header, so decoding one never starts. */
  function refuseFlood(width: number, height: number) {
    if (width * height > maxPixels)
      throw new ImageTooLargeError(`Image of ${width}×${height} pixels (at most ${maxPixels})`, {
        width,
        height,
        maxPixels,
      })
  }

  /**
   * A pipeline with the limits on: sharp's own pixel limit backs up `refuseFlood`, and the time
   * budget stops libvips. EXIF orientation is applied; sharp writes no metadata unless told to.
   */
  function open(input: Uint8Array, animated: boolean): Sharp {
    const image = sharp(input, { limitInputPixels: maxPixels, failOn: 'error', autoOrient: true, animated })
    return image.timeout({ seconds: timeoutSeconds })
  }

  function variant(input: Uint8Array, options: TransformOptions, animated: boolean): Sharp {
    let pipeline = open(input, animated)
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
    // CMYK, 16-bit and greyscale inputs all come out as 8-bit sRGB, which every browser shows alike.
    return pipeline
      .toColourspace('srgb')
      .toFormat(options.format, encoderOptions(options.format, options.quality))
  }

  /**
   * Runs `work` in one of `concurrency` slots, after those already waiting, or refuses it at once
   * when `maxQueue` wait. The caller hears back within the time budget (plus `graceSeconds`) even
   * when libvips does not stop, but the slot stays taken until libvips is done: its CPU is busy.
   */
  function scheduled<T>(work: () => Promise<T>): Promise<T> {
    if (full()) {
      const { running, queued } = load()
      return Promise.reject(
        new ImagesBusyError(
          `Image work is full: ${running} running, ${queued} waiting (at most ${maxQueue})`,
        ),
      )
    }
    return new Promise<T>((resolve, reject) => {
      void limit(async () => {
        const timer = watchdog(reject)
        try {
          resolve(await work())
        } catch (err) {
          reject(err)
        } finally {
          clearTimeout(timer)
        }
      })
    })
  }

  /** Answers the caller at the budget plus the grace, whatever libvips is still doing. */
  function watchdog(reject: (err: Error) => void): NodeJS.Timeout | undefined {
    if (timeoutSeconds === 0) return undefined
    const message = `The image took over ${timeoutSeconds} s (libvips may still be finishing it)`
    return setTimeout(() => reject(new ImageTimeoutError(message)), (timeoutSeconds + graceSeconds) * 1000)
  }

  return {
    adapter: 'sharp',

    /** Reads the header only (cheap): a truncated image probes fine and fails in transform. */
    async probe(input) {
      const header = await readHeader(input)
      refuseFlood(header.width, header.height)
      return { ...header.display, format: header.format, pages: header.pages }
    },

    async transform(input, options) {
      checkTransform(options)
      const header = await readHeader(input)
      const animated = keepsFrames(header, options)
      refuseFlood(header.width, header.height * (animated ? header.pages : 1))
      return scheduled(async () => {
        const pipeline = variant(input, options, animated)
        const { data, info } = await decoding(() => pipeline.toBuffer({ resolveWithObject: true }))
        return {
          data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          contentType: contentTypes[options.format],
          width: info.width,
          // An animated output is its frames stacked: `height` is all of them, `pageHeight` one.
          height: info.pageHeight ?? info.height,
        }
      })
    },

    async placeholder(input) {
      const header = await readHeader(input)
      refuseFlood(header.width, header.height)
      return scheduled(async () => {
        const { data, info } = await decoding(() =>
          open(input, false)
            .resize(placeholderSize, placeholderSize, { fit: 'inside', withoutEnlargement: true })
            // ThumbHash reads 8-bit sRGB RGBA (sharp's default for raw output; said, not assumed).
            .toColourspace('srgb')
            .ensureAlpha()
            .raw()
            .toBuffer({ resolveWithObject: true }),
        )
        return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64')
      })
    },

    load,

    async health(): Promise<PortHealth> {
      const { running, queued } = load()
      const threads = sharp.concurrency()
      const detail =
        `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ${concurrency} at once, ` +
        `${threads} thread${threads === 1 ? '' : 's'} each, ${running} running, ${queued} queued`
      return { status: full() ? 'degraded' : 'ok', detail }
    },
  }
}

/**
 * Names a sharp failure: libvips' time budget ("timeout: 21% complete"), its own pixel limit
 * ("Input image exceeds pixel limit"), or else the input is at fault. Exported for its tests.
 */
export function asImageError(err: unknown, maxPixels?: number): Error {
  const message = err instanceof Error ? err.message : String(err)
  if (/\btimeout\b/i.test(message))
    return new ImageTimeoutError(`The image took too long: ${message}`, { cause: err })
  if (message.includes('exceeds pixel limit'))
    return new ImageTooLargeError(`The image has too many pixels: ${message}`, { maxPixels, cause: err })
  return new InvalidImageError(`The image cannot be decoded: ${message}`, { cause: err })
}

/** The options with their defaults, checked: a bad setting fails at startup, not on the first image. */
function settingsOf(options: SharpImagesOptions): Required<SharpImagesOptions> {
  const settings = {
    maxPixels: options.maxPixels ?? defaultMaxPixels,
    timeoutSeconds: options.timeoutSeconds ?? defaultTimeoutSeconds,
    concurrency: options.concurrency ?? Math.max(1, availableParallelism()),
    maxQueue: options.maxQueue ?? defaultMaxQueue,
  }
  expectInteger('maxPixels', settings.maxPixels, 1)
  // sharp's `.timeout()` takes whole seconds up to an hour.
  expectInteger('timeoutSeconds', settings.timeoutSeconds, 0, 3600)
  expectInteger('concurrency', settings.concurrency, 1)
  expectInteger('maxQueue', settings.maxQueue, 0)
  return settings
}

function expectInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new TypeError(`Invalid ${name} ${value}: expected an integer from ${min} to ${max}`)
}

/**
 * Whether the variant keeps every frame: asked for, the output can carry frames (WebP), and no
 * EXIF rotation is needed (libvips cannot turn a multi-page image by 90°, and turning the stacked
 * frames by 180° would play them backwards). Otherwise the variant is the first frame, upright.
 */
function keepsFrames(header: Header, options: TransformOptions): boolean {
  return options.animated === true && options.format === 'webp' && header.pages > 1 && header.orientation <= 2
}

/**
 * Each encoder's settings: the given quality or a default that looks good for its size. PNG is
 * lossless and ignores quality (sharp's `quality` would quantise it to a palette); zlib level 6 is
 * sharp's default, and 9 costs much more time for a few percent. AVIF at effort 2, not sharp's 4:
 * a 1600 px hero of the demo photo took 8.3 s at 4 and 1.0 s at 2 on one libvips thread here, for
 * 7% more bytes (8,070 → 8,603), and the first browser asking for it waits for exactly that.
 */
function encoderOptions(format: OutputFormat, quality: number | undefined) {
  switch (format) {
    case 'jpeg':
      return { quality: quality ?? 80, mozjpeg: false }
    case 'webp':
      return { quality: quality ?? 80 }
    case 'avif':
      return { quality: quality ?? 50, effort: 2 }
    case 'png':
      return { compressionLevel: 6 }
  }
}

/** The upload format sharp's metadata names, or undefined for anything else (SVG, TIFF, HEIC…). */
function formatOf(meta: Metadata): string | undefined {
  if (meta.format === 'heif') return meta.compression === 'av1' ? 'avif' : undefined
  return ['jpeg', 'png', 'webp', 'gif'].includes(meta.format) ? meta.format : undefined
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
