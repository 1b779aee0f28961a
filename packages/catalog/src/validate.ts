/**
 * A feed from bytes to a report, in bounded memory: unpack (gzip, zip), decode (the encoding
 * told from the bytes), read (CSV/TSV, XML, JSON, NDJSON), map, normalise and validate each
 * record, and hand valid products to a sink in batches. Rows are explained by reason code; the
 * first row of an id wins and later ones are `DUPLICATE_ID`. A document that is not well-formed
 * is `FEED_REJECTED` and nothing of it counts; one with no records is `EMPTY_FEED`.
 */
import { unpack } from './bytes.ts'
import type { MappingName } from './mapping.ts'
import { readCsv } from './readers/csv.ts'
import { readJson, readNdjson } from './readers/json.ts'
import type { Emit, ReaderFacts, ReaderOptions } from './readers/types.ts'
import { readXml } from './readers/xml.ts'
import { FeedError, type FeedOutcome, type FeedReason, type RowReason, reasonRank } from './reasons.ts'
import { type FeedProduct, productSchema, schemaInput, text } from './schema.ts'
import { type FeedFormat, sniffFormat } from './sniff.ts'
import { decode } from './text.ts'

export interface FeedOptions extends ReaderOptions {
  /** The format, else told from the content and the file name. */
  format?: FeedFormat
  /** The file's name (or the URL's path): its extension helps tell the format. */
  fileName?: string
  /** Bytes after unpacking beyond which the feed is refused (`FEED_TOO_LARGE`). */
  maxBytes?: number
  /** Invalid rows listed in the report (all are counted). Default 1,000. */
  maxListed?: number
  /** Called after each batch with the rows read so far. */
  onProgress?: (rowsRead: number) => void
}

export interface ValidRow {
  row: number
  product: FeedProduct
}

/** Receives valid products in batches; a promise holds the reading until it settles. */
export type ProductSink = (rows: ValidRow[]) => void | Promise<void>

export interface InvalidRow {
  row: number
  /** The record's id as written (trimmed), or null when none could be read. */
  id: string | null
  reason: RowReason
  message: string
  /** The physical line the record starts on (CSV/TSV, NDJSON, XML). */
  line?: number
  /** Every reason of this row when it has more than one, its `reason` first. */
  reasons?: RowReason[]
}

export interface FeedReport {
  outcome: FeedOutcome
  feedErrors: { reason: FeedReason; line?: number; message: string }[]
  counts: {
    rowsRead: number
    valid: number
    invalid: number
    created: number
    updated: number
    unchanged: number
    deactivated: number
  }
  invalidByReason: Partial<Record<RowReason, number>>
  invalid: InvalidRow[]
  /** What was read: the format, encoding, packing, mapping and how records were found. */
  feed: {
    format?: FeedFormat
    encoding?: string
    packing?: string
    entry?: string
    mapping?: MappingName
    delimiter?: string
    recordPath?: string
    unmapped?: string[]
    /** A conditional GET answered 304: nothing was read, nothing changed. */
    notModified?: boolean
  }
  durationMs: number
}

/**
 * The delimiter of a CSV from its header line: Excel's `sep=;` line when there is one, else the
 * candidate (`,` `;` tab `|`) the header has most of outside quotes. A header names columns, so
 * its count is what the rows have; papaparse's own guess (the rows' consistency) is left for a
 * header with none of them.
 */
export function headerDelimiter(head: string): string | undefined {
  const sep = /^sep=([^\r\n])\r?\n/i.exec(head)?.[1]
  if (sep) return sep
  const line = /^[^\r\n]*/.exec(head.replace(/^\s*[\r\n]+/, ''))?.[0] ?? ''
  const outside = line.replace(/"(?:[^"]|"")*"/g, '')
  let best: string | undefined
  let most = 0
  for (const candidate of [',', ';', '\t', '|']) {
    const n = outside.split(candidate).length - 1
    if (n > most) {
      best = candidate
      most = n
    }
  }
  return best
}

/** A copy of a string that holds on to nothing else (a substring keeps its whole chunk alive). */
const own = (s: string) => (s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8'))

/** A report with nothing read yet: every count 0. */
export const emptyReport = (outcome: FeedOutcome): FeedReport => ({
  outcome,
  feedErrors: [],
  counts: { rowsRead: 0, valid: 0, invalid: 0, created: 0, updated: 0, unchanged: 0, deactivated: 0 },
  invalidByReason: {},
  invalid: [],
  feed: {},
  durationMs: 0,
})

/** The report of a feed refused before a row was read (a source that could not be fetched). */
export const rejectedReport = (err: FeedError): FeedReport => ({
  ...emptyReport('FEED_REJECTED'),
  feedErrors: [
    { reason: err.reason, ...(err.line !== undefined && { line: err.line }), message: err.message },
  ],
})

export const defaultMaxFeedBytes = 4 * 1024 ** 3

export async function validateFeed(
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: FeedOptions = {},
  sink?: ProductSink,
): Promise<FeedReport> {
  const started = performance.now()
  const maxListed = options.maxListed ?? 1000
  const report = emptyReport('IMPORTED')
  const { counts, invalidByReason } = report
  const seen = new Set<string>()
  let pending: Promise<void> | undefined

  const reject = (
    row: number,
    line: number | undefined,
    id: string | null,
    reasons: { reason: RowReason; message: string }[],
  ) => {
    counts.invalid++
    const [first] = reasons
    invalidByReason[first!.reason] = (invalidByReason[first!.reason] ?? 0) + 1
    if (report.invalid.length < maxListed) {
      const entry: InvalidRow = {
        row,
        id: id === null ? null : own(id),
        reason: first!.reason,
        message: own(first!.message),
      }
      if (line !== undefined) entry.line = line
      if (reasons.length > 1) entry.reasons = reasons.map((r) => r.reason)
      report.invalid.push(entry)
    }
  }

  const emit: Emit = (records) => {
    const valid: ValidRow[] = []
    for (const record of records) {
      counts.rowsRead++
      if (record.error !== undefined) {
        reject(record.row, record.line, record.id ?? null, [{ reason: 'PARSE_ERROR', message: record.error }])
        continue
      }
      const raw = record.values!
      const id = text(raw.id) ?? null
      let duplicate = false
      if (id !== null && id.length <= 200) {
        if (seen.has(id)) duplicate = true
        else seen.add(own(id))
      }
      const result = productSchema.safeParse(schemaInput(raw))
      if (result.success && !duplicate) {
        counts.valid++
        valid.push({ row: record.row, product: result.data })
        continue
      }
      const reasons: { reason: RowReason; message: string }[] = []
      if (duplicate)
        reasons.push({ reason: 'DUPLICATE_ID', message: `id ${id} was already used by an earlier row` })
      if (!result.success)
        for (const issue of result.error.issues) {
          const reason = (issue as { params?: { reason?: RowReason } }).params?.reason
          if (reason) reasons.push({ reason, message: issue.message })
        }
      reasons.sort((a, b) => reasonRank.get(a.reason)! - reasonRank.get(b.reason)!)
      if (reasons.length === 0)
        reasons.push({
          reason: 'PARSE_ERROR',
          message: `the record could not be read: ${result.error?.issues[0]?.message ?? 'unknown'}`,
        })
      reject(record.row, record.line, id, reasons)
    }
    options.onProgress?.(counts.rowsRead)
    if (sink && valid.length) {
      const write = (pending ?? Promise.resolve()).then(() => sink(valid))
      pending = write
      return write
    }
    return pending
  }

  const facts: ReaderFacts = {}
  let decoded: Awaited<ReturnType<typeof decode>> | undefined
  try {
    const unpacked = await unpack(bytes, options.maxBytes ?? defaultMaxFeedBytes)
    report.feed.packing = unpacked.packing
    if (unpacked.entry) report.feed.entry = unpacked.entry
    decoded = await decode(unpacked.chunks)
    const format = options.format ?? sniffFormat(decoded.head, unpacked.entry ?? options.fileName)
    report.feed.format = format
    if (format === 'csv' || format === 'tsv') {
      const delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : headerDelimiter(decoded.head))
      await readCsv(
        decoded.text,
        { ...options, ...(delimiter && { delimiter }), tsv: format === 'tsv' },
        emit,
        facts,
      )
    } else if (format === 'xml') await readXml(decoded.text, decoded.head, options, emit, facts)
    else if (format === 'json') await readJson(decoded.text, decoded.head, options, emit, facts)
    else await readNdjson(decoded.text, options, emit, facts)
    await pending
  } catch (err) {
    if (!(err instanceof FeedError)) throw err
    const read = counts.rowsRead
    report.outcome = 'FEED_REJECTED'
    report.feedErrors.push({
      reason: err.reason,
      ...(err.line !== undefined && { line: err.line }),
      message: read > 0 ? `${err.message} (after ${read} records; none of them count)` : err.message,
    })
    Object.assign(counts, { rowsRead: 0, valid: 0, invalid: 0 })
    report.invalidByReason = {}
    report.invalid = []
  }
  if (decoded) report.feed.encoding = decoded.encoding
  Object.assign(report.feed, facts)
  if (report.outcome !== 'FEED_REJECTED')
    report.outcome =
      counts.rowsRead === 0 ? 'EMPTY_FEED' : counts.invalid > 0 ? 'IMPORTED_WITH_ERRORS' : 'IMPORTED'
  report.durationMs = Math.round(performance.now() - started)
  return report
}
