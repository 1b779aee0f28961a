import { describe, expect, it, vi } from 'vitest'
import { bytes, cut, pdf } from './fixtures/samples.ts'
import { pdfPageCount } from './pdf.ts'

describe('pdfPageCount', () => {
  it('counts the pages of a PDF made by pdf-lib', async () => {
    expect(await pdfPageCount(await pdf(3))).toBe(3)
    expect(await pdfPageCount(await pdf(1))).toBe(1)
  })

  it('is null for a truncated PDF and for bytes that are no PDF', async () => {
    // pdf-lib warns about each broken object on the console.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(await pdfPageCount(cut(await pdf(3), 0.6))).toBeNull()
    expect(await pdfPageCount(bytes('%PDF-1.7\nnot really'))).toBeNull()
    expect(await pdfPageCount(bytes('hello'))).toBeNull()
    warn.mockRestore()
  })
})
