// `npm run demo -- price-drop <sku> <new price in minor units> [--prices-file <f>] [--json]`: the
// demo shop lowers a price (kept in .data/demo-prices.json, which `npm start`'s demo shop reads
// for its feed) and its feed is imported now, so the drop is in the catalogue and its price
// history, as alerts will see it. `npm run demo -- price-reset` puts the list prices back.
// `npm run demo -- out-of-stock <sku>` and `back-in-stock <sku>` change what the feed says of a
// product's stock (kept in .data/demo-stock.json) and import it the same way; the alerts-send job
// of a running `npm start` mails the alerts these changes trigger within a minute.
// `npm run demo -- traffic [--days 30]` fills the past days with clicks and orders of both demo
// customers (demo-traffic.ts), into `npm start`'s database and events store: the embedded chDB
// is shared while `npm start` runs, and started for the run otherwise.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { importFeed } from '@glam/catalog/import'
import { ConfigError, parseConfig, registerSettings } from '@glam/core'
import { connectDatabase, createRepositories, demo, migrateDatabase } from '@glam/db'
import {
  createDemoShopApp,
  defaultPricesFile,
  defaultStockFile,
  products,
  readOutOfStock,
  readPrices,
} from '@glam/demo-shop'
import { feedSettings } from '@glam/feeds/settings'

const usage = [
  'usage: npm run demo -- price-drop <sku> <new price in minor units> [--prices-file <file>] [--json]',
  '       npm run demo -- price-reset [--prices-file <file>] [--json]',
  '       npm run demo -- out-of-stock <sku> [--stock-file <file>] [--json]',
  '       npm run demo -- back-in-stock <sku> [--stock-file <file>] [--json]',
  '       npm run demo -- traffic [--days <1-366>] [--json]',
].join('\n')

/** Writes a JSON state file, or removes it when there is nothing to keep. */
function keep(file: string, value: unknown, empty: boolean) {
  if (empty) return rmSync(file, { force: true })
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`)
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'prices-file': { type: 'string' },
      'stock-file': { type: 'string' },
      days: { type: 'string', default: '30' },
      json: { type: 'boolean', default: false },
    },
  })
  const [command, sku, price] = positionals
  const file = values['prices-file'] ?? defaultPricesFile
  const stockFile = values['stock-file'] ?? defaultStockFile
  const say = (text: string, data: Record<string, unknown>) =>
    console.log(values.json ? JSON.stringify(data) : text)
  const refuse = (code: string, message: string) => {
    if (values.json) console.log(JSON.stringify({ error: { code, message } }))
    else console.error(`${message}\n${usage}`)
    return 64
  }
  if (command === 'traffic') {
    const days = Number(values.days)
    if (!Number.isSafeInteger(days) || days < 1 || days > 366)
      return refuse('INVALID_DAYS', `--days is a whole number from 1 to 366, not ${values.days}`)
    return traffic(days, say, refuse)
  }
  const overrides = readPrices(file)
  const outOfStock = readOutOfStock(stockFile)
  const product = products.find((p) => p.sku === sku)
  const needsSku = ['price-drop', 'out-of-stock', 'back-in-stock'].includes(command ?? '')
  if (needsSku && !product)
    return refuse(
      'UNKNOWN_SKU',
      `no demo product ${sku ?? ''}; one of ${products.map((p) => p.sku).join(', ')}`,
    )
  let said: string
  if (command === 'price-drop' && product) {
    const cents = Number(price)
    const current = overrides[product.sku] ?? product.priceCents
    if (!Number.isSafeInteger(cents) || cents <= 0)
      return refuse(
        'INVALID_PRICE',
        `the new price is a whole number of cents above 0, not ${price ?? 'nothing'}`,
      )
    if (cents >= current)
      return refuse('NOT_A_DROP', `${product.sku} costs ${current} cents now: a drop is below that`)
    overrides[product.sku] = cents
    said = `${product.sku}: now ${cents} cents`
  } else if (command === 'price-reset') {
    for (const key of Object.keys(overrides)) delete overrides[key]
    said = 'list prices back'
  } else if (command === 'out-of-stock' && product) {
    if (outOfStock.has(product.sku))
      return refuse('ALREADY_OUT_OF_STOCK', `${product.sku} is out of stock already`)
    outOfStock.add(product.sku)
    said = `${product.sku}: out of stock`
  } else if (command === 'back-in-stock' && product) {
    if (!outOfStock.has(product.sku))
      return refuse('ALREADY_IN_STOCK', `${product.sku} is in stock: nothing to bring back`)
    outOfStock.delete(product.sku)
    said = `${product.sku}: back in stock`
  } else return refuse('USAGE', usage)

  keep(file, overrides, Object.keys(overrides).length === 0)
  keep(stockFile, [...outOfStock].sort(), outOfStock.size === 0)

  registerSettings(feedSettings, 'feeds')
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env })
  // The shop's feed as it now reads, imported into the demo shop's catalogue.
  const shop = createDemoShopApp({
    glamUrl: config.publicUrl,
    publicKey: demo.shopPublicKey,
    prices: () => overrides,
    outOfStock: () => outOfStock,
  })
  const port = config.demoShopPort || 3001
  const feed = await shop.request(`http://127.0.0.1:${port}/feeds/products.xml`)
  const database = await connectDatabase(config.databaseUrl)
  try {
    if (database.dialect === 'sqlite') await migrateDatabase(database)
    const repos = createRepositories({ database, now: () => new Date(), masterKey: config.masterKey })
    const report = await importFeed({
      repos,
      shopId: demo.shopId,
      source: `http://127.0.0.1:${port}/feeds/products.xml`,
      bytes: [new Uint8Array(await feed.arrayBuffer())],
      options: { fileName: 'products.xml' },
    })
    const { counts, changes } = report
    say(
      `${said}; feed run ${report.runId} ${report.outcome}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${changes?.priceDrops ?? 0} price drops, ${changes?.backInStock ?? 0} back in stock`,
      {
        command,
        sku: sku ?? null,
        prices: overrides,
        outOfStock: [...outOfStock].sort(),
        runId: report.runId,
        outcome: report.outcome,
        counts,
        changes,
      },
    )
    return 0
  } finally {
    await database.close()
  }
}

async function traffic(
  days: number,
  say: (text: string, data: Record<string, unknown>) => void,
  refuse: (code: string, message: string) => number,
): Promise<number> {
  // Every function's settings, as `npm start` reads them, then its platform: the same database
  // and events store (demo data seeded, migrations applied).
  await import('@glam/platform/container-routes')
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env })
  if (config.events !== 'clickhouse')
    return refuse(
      'NO_EVENTS_STORE',
      `GLAM_EVENTS=${config.events} keeps clicks in one process's memory: demo traffic needs ClickHouse (the embedded chDB by default)`,
    )
  const { prepareNodePlatform } = await import('@glam/platform/node/prepare')
  const { describeDemoTraffic, generateDemoTraffic } = await import('@glam/platform/node/demo-traffic')
  const platform = await prepareNodePlatform(config)
  try {
    // Without an answer the writer would only spill the clicks to SQL: say so instead.
    const answers = await platform.analytics.query('SELECT 1').then(
      () => true,
      () => false,
    )
    if (!answers)
      return refuse(
        'NO_EVENTS_STORE',
        `ClickHouse does not answer at ${config.clickhouseUrl ?? 'the embedded chDB front'}: is CLICKHOUSE_URL right?`,
      )
    const summaries = await generateDemoTraffic(platform, { days })
    say(describeDemoTraffic(days, summaries), { command: 'traffic', days, customers: summaries })
    return 0
  } finally {
    await platform.close?.()
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (err) => {
    console.error(err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err)))
    process.exitCode = err instanceof ConfigError ? 78 : 1
  },
)
