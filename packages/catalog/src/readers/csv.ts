/**
 * CSV and TSV through papaparse (RFC 4180 quoting, line breaks inside quoted fields, the
 * delimiter guessed from the first rows when not given), streamed: rows go to `emit` per chunk of
 * text, and the text stops flowing while `emit`'s promise is pending. The first record is the
 * header. An unclosed quote at the end is a broken document; a record with more non-empty
 * fields than the header is that row's PARSE_ERROR.
 */
import { Readable } from 'node:stream'
import Papa from 'papaparse'
import { detectMapping, type Field, listFields, mapColumns } from '../mapping.ts'
import { FeedError } from '../reasons.ts'
import { emptyRecord, type RawRecord } from '../schema.ts'
import type { Emit, ReaderFacts, ReaderOptions, ReadRecord } from './types.ts'

/** Line breaks inside a (quoted) field: the physical lines a record spans beyond its first. */
function newlines(field: string): number {
  let n = 0
  for (let i = field.indexOf('\n'); i >= 0; i = field.indexOf('\n', i + 1)) n++
  return n
}

export function readCsv(
  text: AsyncIterable<string>,
  options: ReaderOptions & { tsv?: boolean },
  emit: Emit,
  facts: ReaderFacts,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const input = Readable.from(text)
    let columns: (Field | undefined)[] | undefined
    let width = 0
    let idColumn = -1
    let row = 0
    let line = 1
    let failed = false
    const fail = (err: unknown) => {
      if (failed) return
      failed = true
      input.destroy()
      reject(err)
    }
    const header = (cells: string[]) => {
      const names = cells.map((c) => c.trim())
      const mapping = options.mapping ?? detectMapping(names)
      if (!mapping)
        throw new FeedError(
          'UNKNOWN_MAPPING',
          `no column of the header names a product id or title (header: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}); name a mapping with --mapping`,
          1,
        )
      facts.mapping = mapping
      columns = mapColumns(mapping, names)
      idColumn = columns.indexOf('id')
      width = names.length
      facts.unmapped = names.filter((n, i) => n && !columns![i]).slice(0, 50)
    }
    const parse = Papa.parse as unknown as (
      input: unknown,
      config: Papa.ParseLocalConfig<string[], unknown> & Papa.ParseConfig<string[]>,
    ) => void
    parse(input, {
      delimiter: options.delimiter ?? (options.tsv ? '\t' : ''),
      delimitersToGuess: options.tsv ? ['\t'] : [',', ';', '\t', '|'],
      skipEmptyLines: false,
      chunk(results: Papa.ParseResult<string[]>) {
        if (failed) return
        try {
          facts.delimiter ??= results.meta.delimiter
          const bad = new Map<number, string>()
          for (const e of results.errors) {
            if (e.code === 'MissingQuotes') {
              let at = line
              for (let i = 0; i < (e.row ?? 0); i++) for (const f of results.data[i] ?? []) at += newlines(f)
              at += e.row ?? 0
              throw new FeedError(
                'PARSE_ERROR',
                'a quoted field is never closed: the file is truncated or a quote is missing',
                at,
              )
            }
            if (e.row !== undefined && e.code !== 'UndetectableDelimiter') bad.set(e.row, e.message)
          }
          const out: ReadRecord[] = []
          const data = results.data
          for (let i = 0; i < data.length; i++) {
            const cells = data[i]!
            const start = line
            let extra = 0
            for (let j = 0; j < cells.length; j++) {
              const f = cells[j]!
              if (f.length > 0 && f.indexOf('\n') >= 0) extra += newlines(f)
            }
            line += 1 + extra
            // A line with nothing on it, or only delimiters (`;;;;` from a spreadsheet), is no record.
            if (cells.every((c) => c.trim() === '')) continue
            if (!columns) {
              // Excel's `sep=;` line names the delimiter; the header follows it.
              if (cells.length <= 2 && /^sep=.?$/i.test(cells.join(results.meta.delimiter))) continue
              header(cells)
              continue
            }
            row++
            const problem = bad.get(i)
            if (problem) {
              out.push({ row, line: start, error: `CSV: ${problem}` })
              continue
            }
            if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
              const id = idColumn >= 0 ? cells[idColumn]?.trim() : undefined
              out.push({
                row,
                line: start,
                ...(id && { id }),
                error: `the record has ${cells.length} fields, the header ${width}: a delimiter inside an unquoted field?`,
              })
              continue
            }
            const values: RawRecord = emptyRecord()
            const n = Math.min(cells.length, width)
            for (let j = 0; j < n; j++) {
              const field = columns[j]
              if (field === undefined) continue
              const v = cells[j]!
              if (v === '') continue
              if (listFields.has(field))
                values[field] = [...((values[field] as string[] | undefined) ?? []), v]
              else values[field] = v
            }
            out.push({ row, line: start, values })
          }
          if (out.length === 0) return
          const waiting = emit(out)
          if (waiting) {
            input.pause()
            waiting.then(
              () => input.resume(),
              (err) => fail(err),
            )
          }
        } catch (err) {
          fail(err)
        }
      },
      complete() {
        if (!failed) resolve()
      },
      error(err: Error) {
        fail(err)
      },
    })
  })
}
