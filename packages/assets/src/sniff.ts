/**
 * Content sniffing: which accepted format an upload is, from its first bytes alone (never its
 * name or the client's Content-Type). Binary formats by their magic numbers (file-type's core,
 * web APIs only); text formats (DXF, STEP, XML, JSON, NDJSON, CSV, TSV) by their opening, and
 * only when the head is UTF-8 without NUL bytes. Whatever a browser could run as a page — HTML,
 * SVG, scripts — is refused (null), and so is anything else not on the list.
 *
 * ```ts
 * const head = firstBytes(upload, sniffBytes)
 * const format = await sniff(head, head.byteLength < sniffBytes)
 * if (!format) throw new GlamError('UNSUPPORTED_MEDIA_TYPE', 'This kind of file is not accepted.')
 * ```
 */
import { fileTypeFromBuffer } from 'file-type/core'
import type { Format } from './formats.ts'

/** How much of the start of an upload the caller buffers before sniffing. */
export const sniffBytes = 64 * 1024

/** file-type's answers we accept, as our formats (an animated PNG is a PNG, a .tar.gz a gzip). */
const binaryFormats: Readonly<Record<string, Format>> = {
  jpg: 'jpeg',
  png: 'png',
  apng: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
  pdf: 'pdf',
  gz: 'gzip',
  'tar.gz': 'gzip',
  zip: 'zip',
}

const binaryDxf = new TextEncoder().encode('AutoCAD Binary DXF\r\n\x1a\0')

export async function sniff(head: Uint8Array, complete: boolean): Promise<Format | null> {
  if (startsWith(head, binaryDxf)) return 'dxf'
  const binary = binaryFormats[(await binaryTypeOf(head)) ?? '']
  if (binary) return binary
  // Text overrides file-type's weaker two-byte guesses (a CSV opening with "BM" or "MZ").
  const text = decodeText(head, complete)
  return text === null ? null : sniffText(text, complete)
}

/** Valid UTF-8 (a character cut at the end allowed unless `complete`), without NUL bytes. */
export function isPlausibleText(head: Uint8Array, complete = true): boolean {
  return decodeText(head, complete) !== null
}

async function binaryTypeOf(head: Uint8Array): Promise<string | undefined> {
  try {
    return (await fileTypeFromBuffer(head))?.ext
  } catch {
    // A head cut inside a container file-type looks into (a ZIP entry) is no known type.
    return undefined
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.byteLength >= prefix.byteLength && prefix.every((b, i) => bytes[i] === b)
}

/** The head as text (the BOM dropped), or null when it is not UTF-8 text. */
function decodeText(head: Uint8Array, complete: boolean): string | null {
  if (head.includes(0)) return null
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete })
  } catch {
    return null
  }
}

function sniffText(text: string, complete: boolean): Format | null {
  const body = text.trimStart()
  if (body.startsWith('ISO-10303-21;')) return 'step'
  if (isAsciiDxf(body)) return 'dxf'
  if (body.startsWith('<')) return sniffMarkup(body)
  if (body.startsWith('{') || body.startsWith('[')) return sniffJson(body, complete)
  if (body.startsWith('#!')) return null
  return sniffDelimited(text, complete)
}

const dxfSections = new Set([
  'HEADER',
  'CLASSES',
  'TABLES',
  'BLOCKS',
  'ENTITIES',
  'OBJECTS',
  'THUMBNAILIMAGE',
])

/** Group-code/value lines: optional `999` comments, then `0 SECTION`, `2 <name>`. */
function isAsciiDxf(body: string): boolean {
  const lines = body.slice(0, 4096).split(/\r\n|\n|\r/)
  let i = 0
  while (lines[i]?.trim() === '999') i += 2
  return (
    lines[i]?.trim() === '0' &&
    lines[i + 1]?.trim() === 'SECTION' &&
    lines[i + 2]?.trim() === '2' &&
    dxfSections.has(lines[i + 3]?.trim() ?? '')
  )
}

/** Root elements that make a page a browser would render (and run), not a data file. */
const pageElements = new Set(
  'html head body script iframe frame frameset object embed svg image img style link meta base title template form input a p div span math'.split(
    ' ',
  ),
)
const pageNamespace = /http:\/\/www\.w3\.org\/(?:2000\/svg|1999\/xhtml)/i
const rootTag = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)[\s/>]/

/**
 * XML, unless it is a page: the prolog (declaration, comments, a stylesheet instruction, an XML
 * doctype) is skipped, then the root element decides. A prolog longer than the head is refused.
 */
function sniffMarkup(body: string): Format | null {
  let rest = body
  if (/^<\?xml[\s?]/.test(rest)) rest = after(rest, '?>')
  for (;;) {
    rest = rest.trimStart()
    if (rest.startsWith('<!--')) rest = after(rest, '-->')
    else if (rest.startsWith('<?')) {
      if (!/^<\?xml-stylesheet\s/.test(rest)) return null
      rest = after(rest, '?>')
    } else if (/^<!doctype/i.test(rest)) {
      const name = /^<!DOCTYPE\s+([^\s>[]+)/.exec(rest)?.[1]
      if (!name || pageElements.has(localName(name))) return null
      rest = skipDoctype(rest)
    } else break
  }
  const root = rootTag.exec(rest)?.[1]
  if (!root || pageElements.has(localName(root))) return null
  const close = rest.indexOf('>')
  const startTag = rest.slice(0, close === -1 ? 4096 : close)
  return pageNamespace.test(startTag) ? null : 'xml'
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase()

/** What follows the first `end`, or '' (nothing to look at) when it is not in the head. */
function after(text: string, end: string): string {
  const at = text.indexOf(end)
  return at === -1 ? '' : text.slice(at + end.length)
}

function skipDoctype(rest: string): string {
  const close = rest.indexOf('>')
  const bracket = rest.indexOf('[')
  if (bracket === -1 || (close !== -1 && close < bracket)) return after(rest, '>')
  const end = /\]\s*>/.exec(rest.slice(bracket))
  return end ? rest.slice(bracket + end.index + end[0].length) : ''
}

/** After `{` a key or `}`; after `[` a value or `]`: not RTF or a template. */
const jsonOpening = /^(?:\{\s*["}]|\[\s*(?:[[{"\]\-\d]|true|false|null)|[{[]\s*$)/

/** NDJSON is two or more lines, each an object or array, the first a whole JSON value by itself. */
function sniffJson(body: string, complete: boolean): Format | null {
  if (!jsonOpening.test(body.slice(0, 64))) return null
  const lines = body.split(/\r?\n/).filter((line) => line.trim() !== '')
  if (!complete) lines.pop()
  const looksLikeLines =
    lines.length >= 2 && lines.every((line) => /^\s*[{[]/.test(line)) && parses(lines[0]!)
  return looksLikeLines && !(complete && parses(body)) ? 'ndjson' : 'json'
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/**
 * CSV or TSV by the first line's delimiters. Without any, a single-column CSV needs a header
 * that reads as a column name (one word, at most 64 characters) and a line after it, so prose
 * is not taken for data.
 */
function sniffDelimited(text: string, complete: boolean): Format | null {
  const body = text.replace(/^(?:[ \t]*(?:\r\n|\n|\r))+/, '')
  const end = body.search(/\r\n|\n|\r/)
  if (end === -1 && !complete) return null
  const first = end === -1 ? body : body.slice(0, end)
  if (first.includes('\t')) return 'tsv'
  if (first.includes(',') || first.includes(';')) return 'csv'
  const hasMore = end !== -1 && body.slice(end).trim() !== ''
  return hasMore && /^\s*"?[\p{L}\p{N}_.-]{1,64}"?\s*$/u.test(first) ? 'csv' : null
}
