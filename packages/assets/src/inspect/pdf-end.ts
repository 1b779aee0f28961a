/** The PDF check: an `%%EOF` in the last 2 KiB, or the document was cut short. */
import { encode, lastIndexOf } from './bytes.ts'
import { problem } from './inspection.ts'

const pdfEnd = encode('%%EOF')

export const pdfTruncated = problem('INVALID_DOCUMENT', 'truncated PDF (no %%EOF)')
export const hasPdfEnd = (tail: Uint8Array) =>
  lastIndexOf(tail.subarray(Math.max(0, tail.byteLength - 2048)), pdfEnd) !== -1
