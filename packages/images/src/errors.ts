/**
 * The images port's failures (`ImageProcessor` in @glam/core). Callers tell them apart by `name`,
 * never by `instanceof`: a function must not import the sharp adapter, and on the edge there is
 * none. This module imports nothing, so edge code can import it too.
 *
 * ```ts
 * if ((err as Error).name === 'ImageTooLargeError') throw new GlamError('IMAGE_TOO_LARGE', …)
 * ```
 */

/** The input is not an image the adapter can decode: garbage, truncated, corrupt, a refused format. */
export class InvalidImageError extends Error {
  override name = 'InvalidImageError'
}

/** The input has more pixels than allowed (a pixel flood or decompression bomb): refused before decoding. */
export class ImageTooLargeError extends Error {
  override name = 'ImageTooLargeError'
  /** The image's width and height (all frames stacked, for an animated variant), when the header gave them. */
  readonly width: number | undefined
  readonly height: number | undefined
  /** The limit it exceeds, when known. */
  readonly maxPixels: number | undefined

  constructor(
    message: string,
    options: { width?: number; height?: number; maxPixels?: number; cause?: unknown } = {},
  ) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined)
    this.width = options.width
    this.height = options.height
    this.maxPixels = options.maxPixels
  }
}

/** The work took longer than its time budget: the input is not at fault, but retrying it is pointless. */
export class ImageTimeoutError extends Error {
  override name = 'ImageTimeoutError'
}

/** Too much image work is already waiting: refused at once rather than queued (retry later). */
export class ImagesBusyError extends Error {
  override name = 'ImagesBusyError'
}
