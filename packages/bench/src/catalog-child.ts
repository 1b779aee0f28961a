// One catalogue import measurement in a process of its own (its peak RSS its own):
// `node --import tsx packages/bench/src/catalog-child.ts <glam|raw> <file> <database url>`
// prints one JSON line. `glam` imports the feed twice through importFeed (@glam/catalog): into an
// empty catalogue, then again unchanged. `raw` is the baseline doing the same reading and writing
// with nothing else: papaparse reads the CSV, each row's columns go as they are (no validation,
// normalisation, hashing or staging) in multi-row INSERTs of 500 rows straight to the driver
// (libsql's or mysql2's), into a table with the products table's columns and unique key.
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import { importFeed } from '@glam/catalog/import'
import { connectDatabase, createRepositories, migrateDatabase } from '@glam/db'

const [mode = '', file = '', url = ''] = process.argv.slice(2)
const highWaterMark = 1 << 16
const peakRssMb = () => (process.resourceUsage().maxRSS * 1024) / 1e6

const database = await connectDatabase(url)
await migrateDatabase(database)
const repos = createRepositories({
  database,
  now: () => new Date(),
  masterKey: 'bench-master-key-0123456789abcdef',
})
const { shop } = await repos.shops.create({ name: 'Bench shop', origins: ['https://bench.example'] })

async function glam() {
  const once = async () => {
    const started = performance.now()
    const report = await importFeed({
      repos,
      shopId: shop.id,
      source: basename(file),
      bytes: createReadStream(file, { highWaterMark }),
      options: { format: 'csv', mapping: 'google', fileName: basename(file) },
    })
    const seconds = (performance.now() - started) / 1000
    return { rows: report.counts.valid, seconds, outcome: report.outcome, counts: report.counts }
  }
  const first = await once()
  const again = await once()
  return { first, again }
}

async function raw() {
  const { default: Papa } = await import('papaparse')
  const mysql = database.dialect === 'mysql'
  const q = mysql ? '`' : '"'
  const columns = [
    'id',
    'shop_id',
    'sku',
    'title',
    'description',
    'url',
    'image_url',
    'availability',
    'price',
    'sale_price',
    'brand',
    'gtin',
    'mpn',
    'condition',
    'category',
    'product_type',
    'seen_at',
  ]
  const client = (
    database.db as unknown as {
      $client: { execute?(s: unknown): Promise<unknown>; query?(s: string, v?: unknown[]): Promise<unknown> }
    }
  ).$client
  const type = (c: string) =>
    c === 'id' || c === 'shop_id'
      ? 'varchar(36) not null'
      : c === 'sku'
        ? 'varchar(128) not null'
        : c === 'seen_at'
          ? 'bigint'
          : c === 'description'
            ? 'text'
            : 'varchar(750)'
  const create = `create table raw_products (${columns.map((c) => `${q}${c}${q} ${type(c)}`).join(', ')}, primary key (${q}id${q}), unique (${q}shop_id${q}, ${q}sku${q}))`
  if (mysql) await client.query!(create)
  else await client.execute!(create)
  const tuple = `(${columns.map(() => '?').join(', ')})`
  const head = `insert into raw_products (${columns.map((c) => `${q}${c}${q}`).join(', ')}) values `
  let batch: unknown[][] = []
  let rows = 0
  const flush = async () => {
    if (batch.length === 0) return
    const sql = head + Array(batch.length).fill(tuple).join(', ')
    const args = batch.flat()
    batch = []
    if (mysql) await client.query!(sql, args)
    else await client.execute!({ sql, args })
  }
  const started = performance.now()
  let header: string[] | undefined
  const at = Date.now()
  await new Promise<void>((resolve, reject) => {
    let pending = Promise.resolve()
    // The text stops flowing while a flush is pending (as Glam's CSV reader does it).
    const input = createReadStream(file, { highWaterMark, encoding: 'utf8' })
    const parser = Papa.parse<string[]>(input, {
      header: false,
      chunk: (results) => {
        const data = results.data
        if (!header) header = data.shift()
        const ix = (name: string) => header!.indexOf(name)
        const [
          id,
          title,
          description,
          link,
          image,
          availability,
          price,
          sale,
          brand,
          gtin,
          mpn,
          condition,
          category,
          type,
        ] = [
          'id',
          'title',
          'description',
          'link',
          'image_link',
          'availability',
          'price',
          'sale_price',
          'brand',
          'gtin',
          'mpn',
          'condition',
          'google_product_category',
          'product_type',
        ].map(ix) as number[]
        for (const r of data) {
          if (r.length < 2) continue
          rows++
          batch.push([
            crypto.randomUUID(),
            shop.id,
            r[id!],
            r[title!],
            r[description!],
            r[link!],
            r[image!],
            r[availability!],
            r[price!],
            r[sale!],
            r[brand!],
            r[gtin!],
            r[mpn!],
            r[condition!],
            r[category!],
            r[type!],
            at,
          ])
        }
        input.pause()
        pending = pending.then(async () => {
          while (batch.length) {
            const all = batch
            batch = []
            for (let n = 0; n < all.length; n += 500) {
              batch = all.slice(n, n + 500)
              await flush()
            }
          }
          input.resume()
        }, reject)
      },
      complete: () => pending.then(() => resolve(), reject),
      error: reject,
    })
    void parser
  })
  const seconds = (performance.now() - started) / 1000
  return { first: { rows, seconds } }
}

const result = mode === 'glam' ? await glam() : mode === 'raw' ? await raw() : undefined
if (!result) throw new Error('usage: catalog-child.ts <glam|raw> <file> <database url>')
await database.close()
console.log(JSON.stringify({ ...result, peakRssMb: peakRssMb() }))
