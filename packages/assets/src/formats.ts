/**
 * The asset formats Glam accepts, and how each is delivered: its content type, its canonical
 * extension, its kind, and whether a browser may show it inline (images and PDFs) or gets it
 * as an attachment (everything else). The format of an upload always comes from its bytes
 * (`sniff.ts`), never from its name; `formatFromExt` is for building names and URLs.
 *
 * ```ts
 * const { contentType, ext, inline } = formats[format]
 * formatFromExt('JPG') // 'jpeg'
 * ```
 */

export type Format =
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'avif'
  | 'gif'
  | 'pdf'
  | 'dxf'
  | 'step'
  | 'csv'
  | 'tsv'
  | 'xml'
  | 'json'
  | 'ndjson'
  | 'gzip'
  | 'zip'

export type FormatKind = 'image' | 'document' | 'drawing' | 'data'

export interface FormatInfo {
  format: Format
  contentType: string
  /** The canonical extension, without the dot. */
  ext: string
  kind: FormatKind
  /** Shown in the browser (`Content-Disposition: inline`); otherwise delivered as an attachment. */
  inline: boolean
}

const info = (format: Format, contentType: string, ext: string, kind: FormatKind): FormatInfo =>
  Object.freeze({ format, contentType, ext, kind, inline: kind === 'image' || format === 'pdf' })

export const formats: Readonly<Record<Format, FormatInfo>> = Object.freeze({
  jpeg: info('jpeg', 'image/jpeg', 'jpg', 'image'),
  png: info('png', 'image/png', 'png', 'image'),
  webp: info('webp', 'image/webp', 'webp', 'image'),
  avif: info('avif', 'image/avif', 'avif', 'image'),
  gif: info('gif', 'image/gif', 'gif', 'image'),
  pdf: info('pdf', 'application/pdf', 'pdf', 'document'),
  dxf: info('dxf', 'image/vnd.dxf', 'dxf', 'drawing'),
  step: info('step', 'model/step', 'step', 'drawing'),
  csv: info('csv', 'text/csv', 'csv', 'data'),
  tsv: info('tsv', 'text/tab-separated-values', 'tsv', 'data'),
  xml: info('xml', 'application/xml', 'xml', 'data'),
  json: info('json', 'application/json', 'json', 'data'),
  ndjson: info('ndjson', 'application/x-ndjson', 'ndjson', 'data'),
  gzip: info('gzip', 'application/gzip', 'gz', 'data'),
  zip: info('zip', 'application/zip', 'zip', 'data'),
})

/** Extensions other than the canonical ones, as people and tools spell them. */
const aliases: Readonly<Record<string, Format>> = {
  jpeg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  stp: 'step',
  p21: 'step',
  jsonl: 'ndjson',
  gzip: 'gzip',
}

const byExt: ReadonlyMap<string, Format> = new Map([
  ...Object.values(formats).map((f): [string, Format] => [f.ext, f.format]),
  ...Object.entries(aliases),
])

/** The format an extension names (case-insensitive, with or without the dot), if any. */
export function formatFromExt(ext: string): Format | undefined {
  return byExt.get(ext.replace(/^\./, '').toLowerCase())
}

export const isImageFormat = (format: Format): boolean => formats[format].kind === 'image'
