/**
 * A feed's format from what it was called and what it starts with: an explicit format wins,
 * then the content (`<` is XML, `[` JSON, `{` NDJSON when its first line is a whole object and
 * JSON otherwise, a tab in the first line TSV, else CSV), then the file name's extension.
 */
import { detectMapping } from './mapping.ts'

export const formats = ['csv', 'tsv', 'xml', 'json', 'ndjson'] as const
export type FeedFormat = (typeof formats)[number]

const byExtension: Record<string, FeedFormat> = {
  csv: 'csv',
  txt: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  xml: 'xml',
  rss: 'xml',
  atom: 'xml',
  json: 'json',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
}

export function formatOfName(name: string | undefined): FeedFormat | undefined {
  const match = name && /\.([a-z0-9]+)(?:\.(?:gz|zip))?$/i.exec(name)
  return match ? byExtension[match[1]!.toLowerCase()] : undefined
}

export function sniffFormat(head: string, name?: string): FeedFormat {
  const start = head.search(/\S/)
  const first = start < 0 ? '' : head[start]
  if (first === '<') return 'xml'
  if (first === '[') return 'json'
  if (first === '{') {
    if (formatOfName(name) === 'ndjson') return 'ndjson'
    const end = head.indexOf('\n', start)
    const line = head.slice(start, end < 0 ? undefined : end).trim()
    try {
      const value = JSON.parse(line)
      if (typeof value === 'object' && value !== null) {
        const next = end < 0 ? '' : head.slice(end + 1).trimStart()
        // One object on one line, and the next line another: NDJSON; so is a first line that is
        // itself a product (an id or title key). A lone line holding an array is a document.
        const holdsList = Object.values(value).some(
          (v) => Array.isArray(v) && v.some((e) => typeof e === 'object'),
        )
        if (next.startsWith('{') || !holdsList || detectMapping(Object.keys(value))) return 'ndjson'
      }
    } catch {
      // The first line is not a whole object: a pretty-printed document, or a broken line.
      if (formatOfName(name) === 'ndjson') return 'ndjson'
      const nextLine = head.slice(end + 1).trimStart()
      if (end >= 0 && nextLine.startsWith('{') && line.endsWith('}')) return 'ndjson'
    }
    return 'json'
  }
  const named = formatOfName(name)
  if (named === 'tsv' || named === 'csv') return named
  const firstLine = head.slice(0, Math.max(0, head.indexOf('\n')) || head.length)
  if (firstLine.includes('\t') && !/[,;|]/.test(firstLine.replace(/"[^"]*"/g, ''))) return 'tsv'
  return named ?? 'csv'
}
