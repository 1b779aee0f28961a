/**
 * S3's XML, read with fast-xml-parser (pure JS, so it runs on workerd and Deno too).
 *
 * Written for both its APIs: v4+ (`new XMLParser(options).parse`) when that is what is
 * installed, else v3's `parse` (which is what the tree has today, only as s3rver's
 * dependency). Entities are decoded here, after parsing, so both versions decode alike (v3 does
 * not decode at all, and v4+ needs options for numeric references): S3 escapes `&`, `<`, `'` …
 * in keys as `&amp;`, `&#x27;` and the like.
 *
 * Values stay strings (no number guessing: a key "0012" stays "0012"), untrimmed (keys may
 * start or end with spaces), attributes are ignored.
 */
import * as fxp from 'fast-xml-parser'

type XmlValue = string | XmlNode | XmlValue[]
export interface XmlNode {
  [name: string]: XmlValue | undefined
}

interface V4Parser {
  parse(xml: string, validate?: boolean): unknown
}
type V4ParserClass = new (options: Record<string, unknown>) => V4Parser

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Decodes XML's predefined entities and character references (`&#39;`, `&#x27;`). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return named[ref] ?? whole
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10)
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

function decodeTree(value: unknown): XmlValue {
  if (typeof value === 'string') return decodeEntities(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.map(decodeTree)
  if (value && typeof value === 'object') {
    const out: XmlNode = Object.create(null)
    for (const [name, child] of Object.entries(value)) out[name] = decodeTree(child)
    return out
  }
  return ''
}

// Typed here, not by the installed version's declarations, so either major version compiles.
const lib = fxp as unknown as {
  XMLParser?: V4ParserClass
  parse?: (xml: string, options: Record<string, unknown>, validate: boolean) => unknown
}
const v4 = lib.XMLParser
  ? new lib.XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: false,
      processEntities: false,
      htmlEntities: false,
    })
  : undefined

/** Parses an XML document into nested objects; throws on XML that is not well-formed. */
export function parseXml(xml: string): XmlNode {
  let raw: unknown
  if (v4) raw = v4.parse(xml, true)
  else if (lib.parse)
    raw = lib.parse(xml, { ignoreAttributes: true, parseNodeValue: false, trimValues: false }, true)
  else throw new Error('fast-xml-parser has neither XMLParser (v4+) nor parse (v3)')
  const tree = decodeTree(raw)
  if (typeof tree !== 'object' || Array.isArray(tree)) throw new Error('XML document without a root element')
  return tree
}

/** One child, or the first of several; undefined when absent. */
export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  const n = Array.isArray(node) ? node[0] : node
  if (!n || typeof n !== 'object' || Array.isArray(n)) return undefined
  return n[name]
}

/** The children of one name as a list (XML has no arrays: one element or several). */
export function children(node: XmlValue | undefined, name: string): XmlValue[] {
  const value = child(node, name)
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/** A child's text ('' for an empty element, undefined when absent). */
export function text(node: XmlValue | undefined, name: string): string | undefined {
  let value = child(node, name)
  if (Array.isArray(value)) value = value[0]
  if (value === undefined || typeof value === 'string') return value
  // An element with children (and whitespace between them) has its text aside.
  const own = (value as XmlNode)['#text']
  return typeof own === 'string' ? own : ''
}
