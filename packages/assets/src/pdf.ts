/**
 * What Glam reads from a PDF: its page count (pdf-lib, web APIs only). Encrypted PDFs count
 * too (the page tree is not encrypted). pdf-lib parses the whole document in memory, so the
 * caller caps the size it hands over; it also warns on the console about broken objects.
 *
 * ```ts
 * const pages = await pdfPageCount(bytes) // null: not a readable PDF
 * ```
 */
import { PDFDocument } from 'pdf-lib'

/** The number of pages, or null when the bytes are not a PDF pdf-lib can read. */
export async function pdfPageCount(bytes: Uint8Array): Promise<number | null> {
  try {
    const doc = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    })
    return doc.getPageCount()
  } catch {
    return null
  }
}
