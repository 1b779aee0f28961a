/**
 * Inspection while an upload streams: every chunk passes through `write`, and `finish` says
 * what is wrong with the whole, if anything. Memory stays bounded whatever the size (the
 * first 128 KiB, the last 64 KiB and a few bytes of scanning state), and it is web APIs only.
 *
 * - Images: dimensions from the head (a pixel flood is refused), truncation by each format's
 *   end marker or structure (JPEG: the primary image's EOI, found by walking its markers), and
 *   polyglots — script or markup anywhere in the bytes, a ZIP directory at the end, anything but
 *   zero padding after a PNG's IEND, a WebP's RIFF or AVIF's last box. After a JPEG's EOI data
 *   is allowed: gain maps (MPF, Ultra HDR), motion-photo videos and vendor trailers live there.
 * - PDFs: an `%%EOF` near the end.
 * - Text formats: UTF-8 throughout, no NUL bytes; XML declares no entities (expansion bombs).
 *
 * ```ts
 * const inspector = createInspector(format)
 * for await (const chunk of body) inspector.write(chunk)
 * const { width, height, problem } = inspector.finish()
 * if (problem) throw new GlamError(problem.code, problem.message)
 * ```
 */
import { type Format, isImageFormat } from '../formats.ts'
import { checkDimensions, checkEnd, hasZipDirectory } from './images.ts'
import { type Check, type Inspection, type Inspector, type Problem, polyglot, problem } from './inspection.ts'
import { createJpegWalker } from './jpeg.ts'
import { hasPdfEnd, pdfTruncated } from './pdf-end.ts'
import { createScanner, entityNeedles, pageNeedles } from './scan.ts'
import { createTextCheck } from './text.ts'
import { createWindow } from './window.ts'

export type { Inspection, InspectionCode, Inspector } from './inspection.ts'
export { headBytes, tailBytes } from './window.ts'

export const defaultMaxPixels = 100_000_000

export function createInspector(format: Format, options: { maxPixels?: number } = {}): Inspector {
  const maxPixels = options.maxPixels ?? defaultMaxPixels
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1)
    throw new TypeError(`Invalid maxPixels ${maxPixels}: expected a positive integer`)
  const window = createWindow()
  const checks = checksFor(format, maxPixels)
  let result: Inspection | undefined
  return {
    write(chunk) {
      if (result) throw new Error('The inspector has finished: write after finish()')
      window.write(chunk)
      for (const check of checks) check.write(chunk)
    },
    finish() {
      if (result) return result
      const kept = window.kept()
      let found: Problem | undefined
      for (const check of checks) {
        found = check.finish(kept)
        if (found) break
      }
      result = { ...kept.size, ...(found ? { problem: found } : {}) }
      return result
    },
  }
}

function checksFor(format: Format, maxPixels: number): Check[] {
  if (isImageFormat(format)) {
    const jpeg = format === 'jpeg' ? createJpegWalker() : undefined
    return [
      createScanner(pageNeedles, () => polyglot),
      { write() {}, finish: (kept) => (hasZipDirectory(kept) ? polyglot : undefined) },
      {
        write: (chunk) => jpeg?.write(chunk),
        finish: (kept) =>
          checkDimensions(format, kept, maxPixels, jpeg?.frame) ?? checkEnd(format, kept, jpeg),
      },
    ]
  }
  if (format === 'pdf')
    return [{ write() {}, finish: ({ tail }) => (hasPdfEnd(tail) ? undefined : pdfTruncated) }]
  if (format === 'gzip' || format === 'zip') return []
  const checks = [createTextCheck(format)]
  if (format === 'xml')
    checks.push(
      createScanner(entityNeedles, () => problem('UNSUPPORTED_MEDIA_TYPE', 'XML that declares entities')),
    )
  return checks
}
