// One search measurement in a process of its own (its peak RSS its own):
// `node --import tsx packages/bench/src/search-child.ts <products> <dir> <repeats>` prints one JSON
// line. The generated beauty catalogue (@glam/search/testing/catalogue) is indexed into an empty
// FTS5 file through the engine (analysis included), then the same products' raw text into a bare
// FTS5 table (unicode61, diacritics removed, no analysis) in a file of its own. Then each query
// runs in turn on: Glam's search with every facet (limit 20, variants collapsed); the bare
// baseline, one MATCH on the bare table plus one GROUP BY brand; and a `LIKE '%…%'` scan with the
// same GROUP BY (the floor nobody should ship). Typeahead: Glam's suggest beside the bare MATCH
// of the prefix.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { createFts5Search } from '@glam/search/fts5'
import { openLibsql } from '@glam/search/fts5/libsql'
import { generateCatalogue } from '@glam/search/testing/catalogue'

const [products = '1000000', dir = '', repeats = '20'] = process.argv.slice(2)
const size = Number(products)
const rounds = Number(repeats)
const peakRssMb = () => (process.resourceUsage().maxRSS * 1024) / 1e6
const fileMb = (file: string) => {
  let bytes = 0
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      bytes += statSync(f).size
    } catch {
      // not there
    }
  }
  return bytes / 1e6
}

/** Queries shoppers type: German and English, single and multi word, a typo, a compound part, a filter. */
const queries: { q: string; locale: 'de' | 'en'; bare: string; like: string }[] = [
  { q: 'serum', locale: 'de', bare: 'serum', like: 'serum' },
  { q: 'lippenstift', locale: 'de', bare: 'lippenstift', like: 'lippenstift' },
  { q: 'feuchtigkeitscreme', locale: 'de', bare: 'feuchtigkeitscreme', like: 'feuchtigkeitscreme' },
  { q: 'creme', locale: 'de', bare: 'creme', like: 'creme' },
  { q: 'nagellack rot', locale: 'de', bare: 'nagellack AND rot', like: 'nagellack' },
  { q: 'shampoo', locale: 'de', bare: 'shampoo', like: 'shampoo' },
  { q: 'sonnenschutz spray', locale: 'de', bare: 'sonnenschutz AND spray', like: 'sonnenschutz' },
  { q: 'hyaluron serum', locale: 'de', bare: 'hyaluron AND serum', like: 'hyaluron' },
  { q: 'red lipstick', locale: 'en', bare: 'red AND lipstick', like: 'lipstick' },
  { q: 'mascara', locale: 'en', bare: 'mascara', like: 'mascara' },
  { q: 'night cream retinol', locale: 'en', bare: 'night AND cream AND retinol', like: 'retinol' },
  { q: 'serun', locale: 'en', bare: 'serun', like: 'serun' },
  { q: 'dry shampoo', locale: 'en', bare: 'dry AND shampoo', like: 'dry shampoo' },
  { q: 'vitamin c', locale: 'en', bare: 'vitamin AND c', like: 'vitamin c' },
]
const prefixes = ['glo', 'lipp', 'ser', 'hyal', 'mas', 'sonn', 'crem', 'nagel', 'sha', 'foun']

const started = performance.now()
const executor = await openLibsql(`file:${join(dir, 'search.db')}`)
const engine = await createFts5Search({ executor })
const bare = await openLibsql(`file:${join(dir, 'bare.db')}`)
await bare.batch(
  [
    {
      sql: `CREATE VIRTUAL TABLE bare_fts USING fts5(title, brand, category, body, tokenize='unicode61 remove_diacritics 2')`,
    },
    { sql: 'CREATE TABLE bare_docs (id INTEGER PRIMARY KEY, title TEXT, brand TEXT)' },
  ],
  'write',
)

// Indexing through the engine, 5,000 products a call (what a sync page does, a little bigger).
let indexMs = 0
let bareMs = 0
let batch: ReturnType<typeof generateCatalogue> extends Generator<infer T> ? T[] : never = []
const flush = async () => {
  const t0 = performance.now()
  await engine.upsert(batch)
  indexMs += performance.now() - t0
  const t1 = performance.now()
  await bare.batch(
    [
      {
        sql: `INSERT INTO bare_fts (title, brand, category, body) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`,
        args: [
          JSON.stringify(
            batch.map((d) => [
              d.title,
              d.brand,
              `${d.categoryPath?.en ?? ''} ${d.categoryPath?.de ?? ''}`,
              d.description,
            ]),
          ),
        ],
      },
      {
        sql: 'INSERT INTO bare_docs (title, brand) SELECT value ->> 0, value ->> 1 FROM json_each(?)',
        args: [JSON.stringify(batch.map((d) => [d.title, d.brand]))],
      },
    ],
    'write',
  )
  bareMs += performance.now() - t1
  batch = []
}
for (const doc of generateCatalogue({ size })) {
  batch.push(doc)
  if (batch.length === 20000) await flush()
}
if (batch.length) await flush()
await executor.query('PRAGMA wal_checkpoint(TRUNCATE)')
await bare.query('PRAGMA wal_checkpoint(TRUNCATE)')
const indexPeakRssMb = peakRssMb()

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
const timed = async (work: () => Promise<unknown>) => {
  const t0 = performance.now()
  await work()
  return performance.now() - t0
}
const samples = {
  search: [] as number[],
  bare: [] as number[],
  like: [] as number[],
  suggest: [] as number[],
  barePrefix: [] as number[],
}
const quote = (expr: string) =>
  expr
    .split(' AND ')
    .map((w) => `"${w}"`)
    .join(' AND ')
// One warm-up pass, then the rounds; within a round each query on each side in turn.
for (let round = 0; round <= rounds; round++) {
  const keep = round > 0
  for (const query of queries) {
    const s = await timed(() => engine.search({ q: query.q, locale: query.locale, limit: 20 }))
    const b = await timed(() =>
      bare.query('SELECT brand, count(*) AS n FROM bare_fts WHERE bare_fts MATCH ? GROUP BY brand', [
        quote(query.bare),
      ]),
    )
    if (keep) {
      samples.search.push(s)
      samples.bare.push(b)
    }
  }
  for (const prefix of prefixes) {
    const s = await timed(() => engine.suggest({ q: prefix, locale: 'de' }))
    const b = await timed(() =>
      bare.query('SELECT rowid, title FROM bare_fts WHERE bare_fts MATCH ? LIMIT 5', [`"${prefix}"*`]),
    )
    if (keep) {
      samples.suggest.push(s)
      samples.barePrefix.push(b)
    }
  }
}
// The LIKE scan reads every row each time: a few rounds are enough to know it.
for (let round = 0; round < Math.min(3, rounds); round++)
  for (const query of queries)
    samples.like.push(
      await timed(() =>
        bare.query('SELECT brand, count(*) AS n FROM bare_docs WHERE title LIKE ? GROUP BY brand', [
          `%${query.like}%`,
        ]),
      ),
    )
const stats = await engine.stats()
const figures = (values: number[]) => ({
  p50: Number(quantile(values, 0.5).toFixed(2)),
  p99: Number(quantile(values, 0.99).toFixed(2)),
  n: values.length,
})
console.log(
  JSON.stringify({
    products: size,
    documents: stats.documents,
    indexSeconds: Number((indexMs / 1000).toFixed(1)),
    productsPerSecond: Math.round(size / (indexMs / 1000)),
    bareIndexSeconds: Number((bareMs / 1000).toFixed(1)),
    indexMb: Number(fileMb(join(dir, 'search.db')).toFixed(0)),
    bareIndexMb: Number(fileMb(join(dir, 'bare.db')).toFixed(0)),
    indexPeakRssMb: Math.round(indexPeakRssMb),
    peakRssMb: Math.round(peakRssMb()),
    search: figures(samples.search),
    bare: figures(samples.bare),
    like: figures(samples.like),
    suggest: figures(samples.suggest),
    barePrefix: figures(samples.barePrefix),
    totalSeconds: Math.round((performance.now() - started) / 1000),
  }),
)
await engine.close!()
await bare.close()
