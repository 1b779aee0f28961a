// Shop feeds read to the end: Glam's validateFeed (@glam/catalog) beside parsers doing nothing per
// row (the ceilings), on a 1,000,000-row Google Merchant CSV (~585 MB) and a 200,000-item Google
// Merchant RSS 2.0 XML. Each measurement runs in a child process of its own (feeds-child.ts), so
// its peak RSS is its own; rounds alternate (the order rotating) so that noise hits all; medians.
// FEEDS_ROWS sets the CSV's rows for quick trials (the XML gets a fifth as many items).
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { promisify } from 'node:util'
import { repoRoot } from '@glam/testing/runtimes'
import { median } from './wrk.ts'

const rowBytes = 585 // the CSV's target size per row, hit by each row's description length
const ownParser = { csv: 'papaparse', xml: 'saxes' } as const
const ceilings = { csv: ['papaparse', 'csv-parse'], xml: ['saxes', 'sax', 'htmlparser2'] } as const
const [aimVsCeiling, aimPeakRssMb] = [0.4, 250] // Glam's aims: share of the ceiling's rows/s, peak RSS

const brands = ['Maison Lumière', 'Glow & Co', "Belle d'Été", 'Velvet Theory', 'Nordic Dew', 'Kōsa']
const shades = ['Rosewood', 'Nude Beige', 'Cherry Red', 'Coral', 'Mauve', 'Ivory', 'Honey', 'Rosé', 'Pêche']
const beauty = 'Health & Beauty > Personal Care > Cosmetics'
// biome-ignore format: a table: title noun, product_type, google_product_category, size
const kinds = [
  ['Velvet Matte Lipstick', 'Makeup > Lips > Lipstick', `${beauty} > Makeup > Lip Makeup > Lipstick`, '3.5 g'],
  ['Plumping Lip Gloss', 'Makeup > Lips > Gloss', `${beauty} > Makeup > Lip Makeup > Lip Gloss`, '6 ml'],
  ['Skin Tint SPF 30', 'Makeup > Face', `${beauty} > Makeup > Face Makeup > Foundations & Concealers`, '30 ml'],
  ['Lengthening Mascara', 'Makeup > Eyes > Mascara', `${beauty} > Makeup > Eye Makeup > Mascara`, '8 ml'],
  ['Hyaluronic Serum', 'Skin Care > Serums', `${beauty} > Skin Care > Lotion & Moisturizer`, '30 ml'],
  ['Gel Nail Polish', 'Nails > Polish', `${beauty} > Nail Care > Nail Polishes`, '10 ml'],
] as const
const sentences = [
  'A weightless, long-wearing formula that glides on smoothly and stays put for up to 12 hours.',
  'Enriched with hyaluronic acid, vitamin E and shea butter to keep skin soft, supple and hydrated.',
  'Dermatologically tested, vegan and cruelty-free; free from parabens, sulphates and mineral oils.',
  'Our bestselling shade, loved for its "second-skin" finish.',
  'Buildable coverage, from a sheer wash of colour to a bold, opaque finish.',
  'Apply to clean skin, morning and evening, and blend gently with your fingertips.',
  'The refillable case is made from 80% recycled aluminium, the carton from FSC paper.',
  'Suitable for all skin types, including sensitive skin; made in Germany.',
]
// biome-ignore format: one list, as a feed's header row
const csvColumns = [
  'id', 'title', 'description', 'link', 'image_link', 'additional_image_link', 'availability', 'price',
  'sale_price', 'brand', 'gtin', 'mpn', 'condition', 'google_product_category', 'product_type',
  'item_group_id', 'color', 'size', 'gender', 'age_group', 'shipping_weight', 'custom_label_0',
] as const

/** Seeded (mulberry32): the same feeds every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
type Random = ReturnType<typeof random>

/** A GTIN-13 under the brand's company prefix, with its check digit. */
function gtin13(brand: number, item: number) {
  const body = `${400638 + brand * 17}${String(item % 1_000_000).padStart(6, '0')}`
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 ? 3 : 1)
  return `${body}${(10 - (sum % 10)) % 10}`
}

/** One sentence or more after the lead (none twice), as many as come closest to `length` chars. */
function description(next: Random, lead: string, length: number) {
  const first = Math.floor(next() * sentences.length)
  let text = `${lead} ${sentences[first]}`
  for (let i = first + 1; i < first + sentences.length; i++) {
    const more = `${text} ${sentences[i % sentences.length]}`
    if (more.length - length > length - text.length) break
    text = more
  }
  return text
}

/** One product's fields in the CSV's column order; the description is filled in by the caller. */
function product(n: number, next: Random): Record<(typeof csvColumns)[number], string> {
  const group = Math.floor(n / 4) // four shades of one product
  const b = group % brands.length
  const [noun, type, category, size] = kinds[(group * 7) % kinds.length]!
  const shade = shades[(n + group) % shades.length]!
  const price = 9.9 + ((group * 13) % 60)
  const id = `GL${String(n + 1).padStart(7, '0')}`
  const slug = `${noun}-${shade}`.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  const images = `https://img.glam.example/${id}`
  return {
    id,
    title: `${brands[b]} ${noun} – ${shade}, ${size}`,
    description: '',
    link: `https://shop.glam.example/p/${slug}-${n + 1}`,
    image_link: `${images}.jpg`,
    additional_image_link: n % 3 ? '' : `${images}-2.jpg,${images}-3.jpg`,
    availability: n % 17 ? 'in_stock' : n % 2 ? 'out_of_stock' : 'preorder',
    price: `${price.toFixed(2)} EUR`,
    sale_price: n % 5 ? '' : `${(price - 5).toFixed(2)} EUR`,
    brand: brands[b]!,
    gtin: gtin13(b, n),
    mpn: `${brands[b]!.slice(0, 3).toUpperCase()}-${n % 9973}`,
    condition: 'new',
    google_product_category: category,
    product_type: type,
    item_group_id: `GRP${group}`,
    color: shade,
    size,
    gender: n % 7 ? 'female' : 'unisex',
    age_group: 'adult',
    shipping_weight: `${(0.05 + next() * 0.3).toFixed(2)} kg`,
    custom_label_0: n % 4 ? 'core' : 'summer-2026',
  }
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
const xmlText = (v: string) =>
  v.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll("'", '&apos;')

/** Writes rows in batches, waiting for the file to drain: memory stays bounded at any size. */
async function writeFile(path: string, head: string, count: number, line: (n: number) => string, tail = '') {
  const out = createWriteStream(path)
  out.write(head)
  for (let n = 0; n < count; ) {
    let batch = ''
    for (const end = Math.min(count, n + 1000); n < end; n++) batch += line(n)
    if (!out.write(batch)) await once(out, 'drain')
  }
  out.end(tail)
  await finished(out)
  return statSync(path).size
}

/** Descriptions take what the other fields leave of `rowBytes`, on average over the rows so far. */
function csvLine(next: Random) {
  let rest = 0
  return (n: number) => {
    const p = product(n, next)
    rest += Buffer.byteLength(csvColumns.map((c) => csvField(p[c])).join(',')) + 3 // quotes, newline
    p.description = description(next, `${p.title}.`, rowBytes - rest / (n + 1) + (next() - 0.5) * 120)
    return `${csvColumns.map((c) => csvField(p[c])).join(',')}\n`
  }
}

function xmlItem(next: Random) {
  const fields = csvColumns.filter((c) => !['id', 'title', 'description', 'link'].includes(c))
  return (n: number) => {
    const p = product(n, next)
    return [
      '<item>',
      `<g:id>${p.id}</g:id>`,
      `<title>${xmlText(p.title)}</title>`,
      `<description><![CDATA[${description(next, `${p.title}.`, 300)}]]></description>`,
      `<link>${xmlText(p.link)}</link>`,
      ...fields.filter((c) => p[c]).map((c) => `<g:${c}>${xmlText(p[c])}</g:${c}>`),
      '<g:shipping><g:country>DE</g:country><g:price>4.95 EUR</g:price></g:shipping>',
      '</item>\n',
    ].join('\n')
  }
}

interface Run {
  rows: number
  seconds: number
  peakRssMb: number
  startRssMb: number
  report?: {
    outcome: string
    counts: { rowsRead: number; valid: number; invalid: number }
    invalidByReason?: Record<string, number>
    feedErrors?: { reason: string; message: string }[]
  }
}
type Kind = 'csv' | 'xml'
const unit = { csv: 'rows', xml: 'items' }

async function measure(mode: string, file: string): Promise<Run> {
  const child = ['--import', 'tsx', 'packages/bench/src/feeds-child.ts', mode, file]
  const { stdout } = await promisify(execFile)(process.execPath, child, { cwd: repoRoot })
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Run
}

/** Why Glam is skipped, or undefined when @glam/catalog exports validateFeed. */
async function glamMissing(): Promise<string | undefined> {
  try {
    const specifier = '@glam/catalog' // in a variable: the bench type-checks before it exists
    const catalog = (await import(specifier)) as { validateFeed?: unknown }
    return typeof catalog.validateFeed === 'function'
      ? undefined
      : '@glam/catalog exports no validateFeed yet'
  } catch (error) {
    return `@glam/catalog cannot be imported yet (${(error as Error).message.split('\n')[0]})`
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
const row = (name: string, rps: string, peak: string, start: string, vsFastest: string, vsOwn = '') =>
  `${name.padEnd(18)} ${rps.padStart(10)} ${peak.padStart(9)} ${start.padStart(9)} ${vsFastest.padStart(10)}   ${vsOwn}`

/** The bench's Google Merchant CSV of `rows` rows (the same rows every time); its size in bytes. */
export const writeCsvFeed = (path: string, rows: number) =>
  writeFile(path, `${csvColumns.join(',')}\n`, rows, csvLine(random(1)))

async function writeFeeds(dir: string, counts: Record<Kind, number>) {
  const files = { csv: join(dir, 'google.csv'), xml: join(dir, 'google.xml') }
  const started = performance.now()
  const csv = await writeCsvFeed(files.csv, counts.csv)
  const rss = '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">'
  const channel = '<title>Glam Beauty</title>\n<link>https://shop.glam.example</link>\n'
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n${rss}\n<channel>\n${channel}`
  const xml = await writeFile(files.xml, head, counts.xml, xmlItem(random(2)), '</channel>\n</rss>\n')
  console.log(
    `\nfeeds: ${fmt(counts.csv)}-row CSV (${mb(csv)}, ${(csv / counts.csv).toFixed(0)} B/row) and ${fmt(counts.xml)}-item RSS XML (${mb(xml)}) written in ${((performance.now() - started) / 1000).toFixed(1)} s (not timed)`,
  )
  return { files, sizes: { csv, xml } }
}

export async function feedsBench({
  rounds = Number(process.env.BENCH_ROUNDS ?? 3),
  csvRows = Number(process.env.FEEDS_ROWS ?? 1_000_000),
} = {}) {
  const counts = { csv: csvRows, xml: Math.round(csvRows / 5) }
  const skip = await glamMissing()
  const modes = { csv: [...ceilings.csv, 'glam'], xml: [...ceilings.xml, 'glam'] }
  if (skip) for (const kind of ['csv', 'xml'] as const) modes[kind].pop()
  const runs: Record<Kind, Record<string, Run[]>> = { csv: {}, xml: {} }
  // FEEDS_DIR keeps the generated feeds there (and reuses them) for profiling by hand.
  const kept = process.env.FEEDS_DIR
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'glam-bench-feeds-'))
  try {
    const { files, sizes } = await writeFeeds(dir, counts)
    if (process.env.FEEDS_ONLY_WRITE) return undefined
    console.log(
      `${rounds} alternating rounds (order rotating), a child process each, 64 KiB reads; peak RSS is the child's maxRSS, "at start" its RSS once the parser is loaded`,
    )
    if (skip) console.log(`glam validateFeed: skipped, ${skip}`)
    for (let round = 0; round < rounds; round++) {
      for (const kind of ['csv', 'xml'] as const) {
        for (const mode of modes[kind].map((_, i, all) => all[(i + round) % all.length]!)) {
          const r = await measure(mode, files[kind])
          runs[kind][mode] ??= []
          runs[kind][mode].push(r)
          const wrong =
            r.rows === counts[kind] ? '' : `   !!! COUNTED ${r.rows} OF ${counts[kind]} ${unit[kind]}`
          console.log(
            `round ${round + 1} ${kind} ${mode.padEnd(12)} ${fmt(r.rows / r.seconds).padStart(9)} ${unit[kind]}/s   peak ${r.peakRssMb.toFixed(0).padStart(4)} MB${wrong}`,
          )
        }
      }
    }
    const csv = summarize('csv', runs.csv, counts.csv, sizes.csv)
    const xml = summarize('xml', runs.xml, counts.xml, sizes.xml)
    console.log(`fastest XML ceiling: ${xml.fastestCeiling}`)
    return { csv, xml, glamSkipped: skip }
  } finally {
    if (!kept) rmSync(dir, { recursive: true, force: true })
  }
}

/** Medians per parser, printed as a table, with Glam's ratios and aims when it ran. */
function summarize(kind: Kind, runs: Record<string, Run[]>, count: number, size: number) {
  const parsers = Object.fromEntries(
    Object.entries(runs).map(([mode, rs]) => [
      mode,
      {
        rowsPerSecond: Math.round(median(rs.map((r) => r.rows / r.seconds))),
        peakRssMb: Math.round(median(rs.map((r) => r.peakRssMb))),
        startRssMb: Math.round(median(rs.map((r) => r.startRssMb))),
        vsFastest: 0,
        rowsCounted: rs.map((r) => r.rows),
      },
    ]),
  )
  const rate = (mode: string) => parsers[mode]!.rowsPerSecond
  const fastest = ceilings[kind].reduce((a, b) => (rate(b) > rate(a) ? b : a))
  const own = ownParser[kind]
  const ratio = (mode: string, against: string) => Math.round((rate(mode) / rate(against)) * 100) / 100
  console.log(
    `\n${kind.toUpperCase()}, ${fmt(count)} ${unit[kind]}, ${mb(size)}: medians; × is ${unit[kind]}/s against the fastest ceiling (${fastest})`,
  )
  console.log(
    row('parser', `${unit[kind]}/s`, 'peak RSS', 'at start', '× fastest', runs.glam ? `× ${own}` : ''),
  )
  for (const [mode, m] of Object.entries(parsers)) {
    m.vsFastest = ratio(mode, fastest)
    const name = mode === 'glam' ? 'glam validateFeed' : mode
    const vsOwn = mode === 'glam' ? `${ratio(mode, own).toFixed(2)}×` : ''
    const cells = [`${m.peakRssMb} MB`, `${m.startRssMb} MB`, `${m.vsFastest.toFixed(2)}×`] as const
    console.log(row(name, fmt(m.rowsPerSecond), ...cells, vsOwn))
  }
  const result = {
    [unit[kind]]: count,
    megabytes: Math.round(size / 1e5) / 10,
    fastestCeiling: fastest,
    parsers,
  }
  if (!runs.glam) return result
  const rowsRead = runs.glam.map((r) => r.report!.counts.rowsRead)
  const rowsReadMatches = rowsRead.every((n) => n === count)
  if (!rowsReadMatches)
    console.error(
      `\n!!! ERROR: ${kind} Glam counts.rowsRead ${rowsRead.join(', ')} but ${count} ${unit[kind]} were generated !!!\n`,
    )
  const report = runs.glam.at(-1)!.report!
  console.log(`glam report: outcome ${report.outcome}, counts ${JSON.stringify(report.counts)}`)
  if (report.counts.invalid) console.log(`invalid by reason: ${JSON.stringify(report.invalidByReason)}`)
  if (report.feedErrors?.length) console.log(`feed errors: ${JSON.stringify(report.feedErrors)}`)
  const aims = {
    vsOwnParser: ratio('glam', own) >= aimVsCeiling,
    vsFastest: ratio('glam', fastest) >= aimVsCeiling,
    peakRss: parsers.glam!.peakRssMb < aimPeakRssMb,
  }
  const said = (met: boolean) => (met ? 'met' : 'MISSED')
  const against = [`${said(aims.vsOwnParser)} against ${own} (${ratio('glam', own).toFixed(2)}×)`]
  if (fastest !== own)
    against.push(
      `${said(aims.vsFastest)} against the fastest, ${fastest} (${ratio('glam', fastest).toFixed(2)}×)`,
    )
  console.log(
    `aims: ${unit[kind]}/s ≥ ${aimVsCeiling}× ceiling: ${against.join(', ')}; peak RSS < ${aimPeakRssMb} MB: ${said(aims.peakRss)} (${parsers.glam!.peakRssMb} MB)`,
  )
  return { ...result, vsOwnParser: ratio('glam', own), rowsReadMatches, aims, report }
}
