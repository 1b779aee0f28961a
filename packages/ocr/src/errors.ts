/**
 * The ocr port's failures (`TextRecognizer` in @glam/core). Callers tell them apart by `name`,
 * never by `instanceof`, so a function need not import the adapter (and tesseract.js with it).
 * This module imports nothing.
 */

/** Every worker is busy and the queue is full: try again in `retryAfterSeconds`. */
export class OcrBusyError extends Error {
  override name = 'OcrBusyError'
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message)
  }
}

/** The job took longer than its budget (or its caller gave up); the worker that ran it is replaced. */
export class OcrTimeoutError extends Error {
  override name = 'OcrTimeoutError'
}

/** No worker could start, or a language's model is missing (the message names the file). */
export class OcrUnavailableError extends Error {
  override name = 'OcrUnavailableError'
}

/** The bytes are no image the adapter can decode, or it has more pixels than allowed. */
export class OcrInputError extends Error {
  override name = 'OcrInputError'
}
