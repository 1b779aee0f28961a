// One feed measurement in a process of its own, so that its peak RSS is its own:
// `node --import tsx packages/bench/src/feeds-child.ts <mode> <file>` prints one JSON line,
// { rows, seconds, peakRssMb, startRssMb, report? }. The parser is imported before the clock
// starts; the clock stops when the last row is counted. Every stream reads 64 KiB at a time,
// as Glam's does. The string parsers get the text decoded by the stream (a StringDecoder:
// papaparse's own Buffer.toString per chunk would split a character across two chunks).
import { createReadStream } from 'node:fs'
import { basename, extname } from 'node:path'
import type * as Catalog from '@glam/catalog'

const highWaterMark = 1 << 16
const text = (file: string) => createReadStream(file, { highWaterMark, encoding: 'utf8' })

interface Counted {
  rows: number
  report?: Catalog.FeedReport
}

/** Each mode loads its parser, then returns the timed part: read the file, count the rows. */
const modes: Record<string, () => Promise<(file: string) => Promise<Counted>>> = {
  async papaparse() {
    const { default: Papa } = await import('papaparse')
    // `chunk` (the rows of each 64 KiB at once) measured a little faster than `step` (a call per row).
    return (file) =>
      new Promise((resolve, reject) => {
        let rows = 0
        // Arrays, not objects: papaparse's fastest mode, and the one Glam reads with.
        Papa.parse<string[]>(text(file), {
          header: false,
          chunk: (results) => {
            rows += results.data.length
          },
          // Less the header row.
          complete: () => resolve({ rows: rows - 1 }),
          error: reject,
        })
      })
  },
  async 'csv-parse'() {
    const { parse } = await import('csv-parse')
    return (file) =>
      new Promise((resolve, reject) => {
        let rows = 0
        const parser = createReadStream(file, { highWaterMark }).pipe(parse({ columns: true }))
        parser.on('data', () => rows++)
        parser.on('end', () => resolve({ rows }))
        parser.on('error', reject)
      })
  },
  async saxes() {
    const { SaxesParser } = await import('saxes')
    return async (file) => {
      let rows = 0
      const parser = new SaxesParser()
      parser.on('closetag', (tag) => {
        if (tag.name === 'item') rows++
      })
      for await (const chunk of text(file)) parser.write(chunk as string)
      parser.close()
      return { rows }
    }
  },
  async sax() {
    const { default: sax } = await import('sax')
    return async (file) => {
      let rows = 0
      const parser = sax.parser(true)
      parser.onclosetag = (name) => {
        if (name === 'item') rows++
      }
      for await (const chunk of text(file)) parser.write(chunk as string)
      parser.close()
      return { rows }
    }
  },
  async htmlparser2() {
    const { Parser } = await import('htmlparser2')
    return async (file) => {
      let rows = 0
      const parser = new Parser(
        {
          onclosetag: (name) => {
            if (name === 'item') rows++
          },
        },
        { xmlMode: true },
      )
      for await (const chunk of text(file)) parser.write(chunk as string)
      parser.end()
      return { rows }
    }
  },
  async glam() {
    // A specifier in a variable: the bench runs (and skips Glam) while the package is unfinished.
    const specifier = '@glam/catalog'
    const { validateFeed } = (await import(specifier)) as typeof Catalog
    return async (file) => {
      const format = extname(file) === '.xml' ? 'xml' : 'csv'
      const report = await validateFeed(createReadStream(file, { highWaterMark }), {
        format,
        mapping: 'google',
        fileName: basename(file),
      })
      return { rows: report.counts.rowsRead, report }
    }
  },
}

const [mode = '', file = ''] = process.argv.slice(2)
const load = modes[mode]
if (!load || !file) throw new Error(`usage: feeds-child.ts <${Object.keys(modes).join('|')}> <file>`)
const count = await load()
const startRss = process.memoryUsage().rss
const started = performance.now()
const { rows, report } = await count(file)
const seconds = (performance.now() - started) / 1000
const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6 // maxRSS is in KiB
const summary = report && {
  outcome: report.outcome,
  counts: report.counts,
  invalidByReason: report.invalidByReason,
  feedErrors: report.feedErrors.slice(0, 5),
  feed: report.feed,
}
console.log(JSON.stringify({ rows, seconds, peakRssMb, startRssMb: startRss / 1e6, report: summary }))
