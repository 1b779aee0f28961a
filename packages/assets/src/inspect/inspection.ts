/** What an inspection answers, the shape of one check over the stream, and the problems they report. */
import type { Format } from '../formats.ts'
import type { Kept } from './window.ts'

export type InspectionCode =
  | 'INVALID_IMAGE'
  | 'IMAGE_TOO_LARGE'
  | 'INVALID_DOCUMENT'
  | 'UNSUPPORTED_MEDIA_TYPE'

export interface Inspection {
  /** Display dimensions of an image (EXIF orientation applied when the head carries it). */
  width?: number
  height?: number
  problem?: { code: InspectionCode; message: string }
}

export interface Inspector {
  write(chunk: Uint8Array): void
  finish(): Inspection
}

export type Problem = NonNullable<Inspection['problem']>
export type Check = { write(chunk: Uint8Array): void; finish(kept: Kept): Problem | undefined }

export interface Size {
  width: number
  height: number
}

export const problem = (code: InspectionCode, message: string): Problem => ({ code, message })
export const invalidImage = (format: Format, what: string) =>
  problem('INVALID_IMAGE', `${what} ${format} image`)
export const polyglot = problem('UNSUPPORTED_MEDIA_TYPE', 'contains script or another file')
