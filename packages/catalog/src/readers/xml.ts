/**
 * XML feeds through saxes, a conformant streaming parser: Google Merchant RSS 2.0
 * (`rss/channel/item`) and Atom 1.0 (`feed/entry`) with the `g:` namespace
 * (`http://base.google.com/ns/1.0`, whatever prefix binds it), and generic XML whose records sit
 * at a configured path or at the first element, in the first 256 KiB, whose children name a
 * product id or title. Only a record's direct children are its fields (a `g:price` inside
 * `g:shipping` is not the price); a child's value is all the text inside it, CDATA kept as
 * written. saxes expands no DTD and fetches nothing: an entity the document does not have from
 * XML itself (`&nbsp;`, one declared in a DTD) makes it not well-formed, like anything else
 * saxes refuses, and the feed is rejected with the line.
 */
import { SaxesParser } from 'saxes'
import {
  detectMapping,
  type Field,
  keyMapper,
  listFields,
  type MappingName,
  recordScore,
} from '../mapping.ts'
import { FeedError } from '../reasons.ts'
import type { RawRecord } from '../schema.ts'
import type { Emit, ReaderFacts, ReaderOptions, ReadRecord } from './types.ts'

export const googleNamespaces = new Set(['http://base.google.com/ns/1.0', 'https://base.google.com/ns/1.0'])
const atomNamespace = 'http://www.w3.org/2005/Atom'

const localOf = (name: string) => {
  const colon = name.indexOf(':')
  return colon < 0 ? name : name.slice(colon + 1)
}
const prefixOf = (name: string) => {
  const colon = name.indexOf(':')
  return colon < 0 ? '' : name.slice(0, colon)
}

function parseError(parser: SaxesParser, err: Error): FeedError {
  const message = err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')
  return new FeedError('PARSE_ERROR', `the XML is not well-formed: ${message}`, parser.line)
}

interface Plan {
  kind: 'rss' | 'atom' | 'xml'
  /** Local names from the root down to the record element. */
  path: string[]
  mapping: MappingName
}

/**
 * Where the records are and which preset names their fields, from the document's first text.
 * RSS and Atom say so by their root. Generic XML: every element with child elements is a
 * candidate, scored by what its children (and attributes) map to: an id and a title, then more
 * fields, then repeating, then shallower. So a product beats the `<category><id/><name/>` inside
 * it, and a list of items beats the `<info><name/><url/>` block before it.
 */
export function planXml(head: string, options: ReaderOptions): Plan {
  const parser = new SaxesParser({ position: true })
  const stack: { name: string; leaves: string[]; children: number }[] = []
  let root: string | undefined
  let rootClosed = false
  const candidates = new Map<
    string,
    { path: string[]; names: string[]; count: number; score: ReturnType<typeof recordScore> }
  >()
  const configured = options.recordPath?.split('/').filter(Boolean)
  const stop = new Error('stop')
  let failure: FeedError | undefined
  parser.on('opentag', (tag) => {
    if (root === undefined) {
      root = localOf(tag.name)
      const lower = root.toLowerCase()
      if (!configured && (lower === 'rss' || lower === 'feed')) throw stop
    }
    const parent = stack[stack.length - 1]
    if (parent) parent.children++
    const names = Object.keys(tag.attributes).filter((a) => !a.startsWith('xmlns'))
    stack.push({ name: localOf(tag.name), leaves: names, children: 0 })
  })
  parser.on('closetag', () => {
    const element = stack.pop()!
    if (stack.length === 0) rootClosed = element.children === 0
    const parent = stack[stack.length - 1]
    if (parent && element.children === 0) parent.leaves.push(element.name)
    if (!parent || element.children === 0) return
    const path = [...stack.map((s) => s.name), element.name]
    const key = path.join('/')
    const known = candidates.get(key)
    if (known) known.count++
    else {
      const score = recordScore(element.leaves)
      if (score && score.fields >= 2) candidates.set(key, { path, names: element.leaves, count: 1, score })
    }
  })
  try {
    parser.write(head)
  } catch (err) {
    // Detection reads only the first text; an error before any candidate is the answer.
    if (err !== stop) failure = parseError(parser, err as Error)
  }
  if (root === undefined) throw failure ?? new FeedError('PARSE_ERROR', 'the XML has no root element', 1)
  const lower = root.toLowerCase()
  if (!configured && lower === 'rss')
    return { kind: 'rss', path: [root, 'channel', 'item'], mapping: options.mapping ?? 'google' }
  if (!configured && lower === 'feed')
    return { kind: 'atom', path: [root, 'entry'], mapping: options.mapping ?? 'google' }
  type Candidate = typeof candidates extends Map<string, infer C> ? C : never
  const rank = (c: Candidate) => [
    c.score!.id && c.score!.title ? 1 : 0,
    c.score!.fields,
    c.count > 1 ? 1 : 0,
    -c.path.length,
  ]
  const better = (a: Candidate, b: Candidate) => {
    const [x, y] = [rank(a), rank(b)]
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]!
    return false
  }
  let found: Candidate | undefined
  for (const c of candidates.values()) if (!found || better(c, found)) found = c
  if (failure && !found && !configured) throw failure
  const path = configured ? (configured[0] === root ? configured : [root, ...configured]) : found?.path
  // An empty document element (`<products/>`): a feed with no records.
  if (!path && rootClosed)
    return { kind: 'xml', path: [root, '\u0000none'], mapping: options.mapping ?? 'google' }
  if (!path)
    throw new FeedError(
      'UNKNOWN_MAPPING',
      `no element in <${root}> has children naming a product id or title; give the record path (--record-path products/product)`,
      1,
    )
  const mapping = options.mapping ?? (found && detectMapping(found.names)) ?? 'google'
  return { kind: 'xml', path, mapping }
}

export async function readXml(
  text: AsyncIterable<string>,
  head: string,
  options: ReaderOptions,
  emit: Emit,
  facts: ReaderFacts,
): Promise<void> {
  const plan = planXml(head, options)
  facts.mapping = plan.mapping
  facts.recordPath = plan.path.join('/')
  const mapKey = keyMapper(plan.mapping)
  const unmapped = new Set<string>()
  const parser = new SaxesParser({ position: true })
  const depthOfRecord = plan.path.length
  const recordName = plan.path[depthOfRecord - 1]!
  const names: string[] = []
  /** prefix → [uri, depth] bindings, innermost last. */
  const bindings = new Map<string, [string, number][]>()
  let declaredAt: number[] = []
  let row = 0
  let out: ReadRecord[] = []
  let values: RawRecord | undefined
  /** The priority each field's current value came with. */
  let priorities: Partial<Record<Field, number>> = {}
  /** The record's child being read: its field (null: one that maps to nothing) and text. */
  let field: { field: Field; priority: number; attrs: Record<string, string> } | null | undefined
  let value = ''
  let recordLine = 0

  const uriOf = (prefix: string) => {
    const list = bindings.get(prefix)
    return list?.[list.length - 1]?.[0]
  }
  /** g: beats no prefix (RSS, Atom) beats other namespaces (only in generic XML). */
  const priorityOf = (prefix: string): number => {
    if (prefix === '') return 2
    const uri = uriOf(prefix)
    if (uri ? googleNamespaces.has(uri) : prefix === 'g') return 3
    if (uri === atomNamespace) return 2
    return plan.kind === 'xml' ? 1 : -1
  }
  /** Per tag name as written: its local name and, as a record's child, its field and priority. */
  const tags = new Map<string, { local: string; hit: { field: Field; priority: number } | null }>()
  const tagOf = (name: string) => {
    let tag = tags.get(name)
    if (!tag) {
      const local = localOf(name)
      const priority = priorityOf(prefixOf(name))
      const mapped = priority >= 0 ? mapKey(local) : null
      tag = { local, hit: mapped ? { field: mapped.field, priority: priority * 1000 - mapped.rank } : null }
      tags.set(name, tag)
    }
    return tag
  }
  const put = (f: Field, v: unknown, priority: number) => {
    const record = values!
    if (listFields.has(f)) {
      record[f] = [...((record[f] as string[] | undefined) ?? []), ...(Array.isArray(v) ? v : [v])]
      return
    }
    const current = priorities[f]
    if (current === undefined || priority > current) {
      record[f] = v
      priorities[f] = priority
    }
  }

  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>
    const depth = names.length + 1
    for (const a in attrs) {
      if (a === 'xmlns' || a.startsWith('xmlns:')) {
        const prefix = a === 'xmlns' ? '' : a.slice(6)
        let list = bindings.get(prefix)
        if (!list) {
          list = []
          bindings.set(prefix, list)
        }
        list.push([attrs[a]!, depth])
        declaredAt.push(depth)
        tags.clear()
      }
    }
    const { local, hit } = tagOf(tag.name)
    names.push(local)
    if (values) {
      if (depth === depthOfRecord + 1) {
        value = ''
        if (hit) field = { field: hit.field, priority: hit.priority, attrs }
        else {
          field = null
          if (unmapped.size < 50) unmapped.add(tag.name)
        }
      }
      return
    }
    if (depth === depthOfRecord && local === recordName && names.every((n, i) => n === plan.path[i])) {
      values = {}
      priorities = {}
      recordLine = parser.line
      for (const a in attrs) {
        if (a.startsWith('xmlns')) continue
        const mapped = mapKey(localOf(a))
        if (mapped && attrs[a] !== '') put(mapped.field, attrs[a], -mapped.rank)
      }
    }
  })
  parser.on('text', (t) => {
    if (field) value += t
  })
  parser.on('cdata', (t) => {
    if (field) value += t
  })
  parser.on('closetag', () => {
    const depth = names.length
    names.pop()
    if (declaredAt.length && declaredAt[declaredAt.length - 1] === depth) {
      for (const list of bindings.values()) if (list[list.length - 1]?.[1] === depth) list.pop()
      declaredAt = declaredAt.filter((d) => d !== depth)
      tags.clear()
    }
    if (!values) return
    if (depth === depthOfRecord + 1) {
      if (field) {
        const { attrs } = field
        let text = value
        // Atom's <link href="…"/>, <image url="…"/>: the value is an attribute.
        if (text.trim() === '') text = attrs.href ?? attrs.url ?? attrs.src ?? text
        const isAtomLink = field.field === 'link' && attrs.rel !== undefined && attrs.rel !== 'alternate'
        if (!isAtomLink) put(field.field, text, field.priority)
        const currency = attrs.currency ?? attrs.currencyId ?? attrs.waehrung
        if (currency && (field.field === 'price' || field.field === 'salePrice'))
          put('currency', currency, -1_000_000)
      }
      field = undefined
      value = ''
      return
    }
    if (depth === depthOfRecord) {
      row++
      out.push({ row, line: recordLine, values })
      values = undefined
    }
  })

  const step = (fn: () => void) => {
    try {
      fn()
    } catch (err) {
      throw parseError(parser, err as Error)
    }
  }
  for await (const chunk of text) {
    step(() => parser.write(chunk))
    if (out.length >= 256) {
      const batch = out
      out = []
      await emit(batch)
    }
  }
  step(() => parser.close())
  if (out.length) await emit(out)
  facts.unmapped = [...unmapped]
}
