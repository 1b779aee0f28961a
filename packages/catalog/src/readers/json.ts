/**
 * JSON arrays of products (or an object holding one: `{ "products": [...] }`, found in the
 * first text or named with `recordPath`) through @streamparser/json, one element at a time
 * (`keepStack: false`: memory does not grow with the array), and NDJSON one line at a time
 * through JSON.parse, a broken line being that row's PARSE_ERROR while every other line is read.
 * Keys map like CSV headers; `price`/`sale_price` may be `{ value, currency }`, `images[]`'s first
 * entry is the image link and the rest additional images.
 */
import { JSONParser, Tokenizer, TokenType } from '@streamparser/json'
import { detectMapping, type Field, keyMapper, listFields, type MappingName } from '../mapping.ts'
import { FeedError } from '../reasons.ts'
import type { RawRecord } from '../schema.ts'
import type { Emit, ReaderFacts, ReaderOptions, ReadRecord } from './types.ts'

const imageLists = new Set(['images', 'imagelinks', 'imageurls', 'pictures', 'bilder'])

/** A JSON object's keys to fields, the mapping told from the first record when none is named. */
function recordMapper(options: ReaderOptions, facts: ReaderFacts) {
  let map: ReturnType<typeof keyMapper> | undefined
  const unmapped = new Set<string>()
  return (object: Record<string, unknown>): RawRecord => {
    if (!map) {
      const keys = Object.keys(object)
      const mapping: MappingName | null = options.mapping ?? detectMapping(keys)
      if (!mapping)
        throw new FeedError(
          'UNKNOWN_MAPPING',
          `no key of the first record names a product id or title (keys: ${keys.slice(0, 12).join(', ')}); name a mapping with --mapping`,
        )
      facts.mapping = mapping
      map = keyMapper(mapping)
    }
    const values: RawRecord = {}
    const ranks = new Map<Field, number>()
    for (const key in object) {
      const value = object[key]
      if (value === undefined || value === null || value === '') continue
      const compactKey = key.toLowerCase().replace(/[^a-z]/g, '')
      if (imageLists.has(compactKey)) {
        const [first, ...rest] = Array.isArray(value) ? value : [value]
        if (values.imageLink === undefined && first !== undefined) values.imageLink = first
        if (rest.length)
          values.additionalImageLinks = [...((values.additionalImageLinks as unknown[]) ?? []), ...rest]
        continue
      }
      const hit = map(key)
      if (!hit) {
        if (unmapped.size < 50 && !unmapped.has(key)) {
          unmapped.add(key)
          facts.unmapped = [...unmapped]
        }
        continue
      }
      if (listFields.has(hit.field)) {
        values[hit.field] = [
          ...((values[hit.field] as unknown[]) ?? []),
          ...(Array.isArray(value) ? value : [value]),
        ]
        continue
      }
      const rank = ranks.get(hit.field)
      if (rank === undefined || hit.rank < rank) {
        values[hit.field] = value
        ranks.set(hit.field, hit.rank)
      }
    }
    return values
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The record path of a JSON document from its first text: `$.*` for an array, else the first
 * key of the root object whose value is an array of objects (`$.products.*`), found by
 * tokenizing the head (nothing is built).
 */
export function planJson(head: string, options: ReaderOptions): string {
  if (options.recordPath) {
    const path = options.recordPath.trim()
    return path.startsWith('$') ? path : `$.${path.replace(/\//g, '.')}.*`
  }
  const start = head.search(/\S/)
  if (head[start] === '[') return '$.*'
  const tokenizer = new Tokenizer()
  const stop = new Error('stop')
  let depth = 0
  let key: string | undefined
  let expectKey = false
  let candidate: string | undefined
  let found: string | undefined
  tokenizer.onToken = ({ token, value }) => {
    if (candidate !== undefined) {
      if (token === TokenType.LEFT_BRACE) {
        found = candidate
        throw stop
      }
      candidate = undefined
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      if (depth === 1 && token === TokenType.LEFT_BRACKET && key !== undefined) candidate = key
      depth++
      expectKey = token === TokenType.LEFT_BRACE && depth === 1
    } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth--
    else if (depth === 1 && token === TokenType.COMMA) expectKey = true
    else if (depth === 1 && expectKey && token === TokenType.STRING) {
      key = value as string
      expectKey = false
    }
  }
  try {
    tokenizer.write(head)
  } catch (err) {
    if (err !== stop)
      throw new FeedError('PARSE_ERROR', `the JSON is not well-formed: ${(err as Error).message}`, 1)
  }
  if (found !== undefined) return `$.${found}.*`
  throw new FeedError(
    'UNKNOWN_MAPPING',
    'the JSON is neither an array of products nor an object holding one; give the record path (--record-path items)',
  )
}

export async function readJson(
  text: AsyncIterable<string>,
  head: string,
  options: ReaderOptions,
  emit: Emit,
  facts: ReaderFacts,
): Promise<void> {
  const path = planJson(head, options)
  facts.recordPath = path
  const map = recordMapper(options, facts)
  const parser = new JSONParser({ paths: [path], keepStack: false, stringBufferSize: undefined })
  let out: ReadRecord[] = []
  let count = 0
  let failure: unknown
  parser.onValue = ({ value, key }) => {
    count++
    const row = typeof key === 'number' ? key + 1 : count
    try {
      if (isObject(value)) out.push({ row, values: map(value) })
      else
        out.push({
          row,
          error: `element ${row} is ${Array.isArray(value) ? 'an array' : JSON.stringify(value)?.slice(0, 40)}, not a product object`,
        })
    } catch (err) {
      failure = err
    }
  }
  let lines = 1
  parser.onError = (err) => {
    failure ??= new FeedError('PARSE_ERROR', `the JSON is not well-formed: ${err.message}`, lines)
  }
  for await (const chunk of text) {
    parser.write(chunk)
    if (failure) throw failure
    for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++
    if (out.length >= 256) {
      const batch = out
      out = []
      await emit(batch)
    }
  }
  if (!parser.isEnded) parser.end()
  if (failure) throw failure
  if (!parser.isEnded) throw new FeedError('PARSE_ERROR', 'the JSON ends early: it is truncated', lines)
  if (out.length) await emit(out)
}

export async function readNdjson(
  text: AsyncIterable<string>,
  options: ReaderOptions,
  emit: Emit,
  facts: ReaderFacts,
) {
  const map = recordMapper(options, facts)
  let rest = ''
  let line = 0
  let out: ReadRecord[] = []
  const take = (raw: string) => {
    line++
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (body.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(body)
    } catch (err) {
      out.push({ row: line, line, error: `line ${line} is not JSON: ${(err as Error).message}` })
      return
    }
    if (isObject(value)) out.push({ row: line, line, values: map(value) })
    else out.push({ row: line, line, error: `line ${line} is not a JSON object` })
  }
  for await (const chunk of text) {
    let from = 0
    let at = chunk.indexOf('\n')
    if (at >= 0) {
      take(rest + chunk.slice(0, at))
      rest = ''
      from = at + 1
      for (at = chunk.indexOf('\n', from); at >= 0; at = chunk.indexOf('\n', from)) {
        take(chunk.slice(from, at))
        from = at + 1
      }
    }
    rest += chunk.slice(from)
    if (out.length >= 256) {
      const batch = out
      out = []
      await emit(batch)
    }
  }
  if (rest !== '') take(rest)
  if (out.length) await emit(out)
}
