// Product-style upserts per second through the repository API (the feed import's write path),
// on SQLite (libsql file) and on a real MariaDB, in the same run.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectDatabase, createRepositories, migrateDatabase, type SqlDatabase } from '@glam/db'
import { hasMariaDb, startMariaDb } from '@glam/testing/mariadb'

const masterKey = 'bench-master-key-0123456789abcdef0123456789'

async function measure(database: SqlDatabase, count: number) {
  await migrateDatabase(database)
  const repos = createRepositories({ database, now: () => new Date(), masterKey })
  const { shop } = await repos.shops.create({ name: 'Bench shop', origins: ['https://bench.example'] })
  const products = (round: number) =>
    Array.from({ length: count }, (_, i) => ({
      shopId: shop.id,
      sku: `SKU-${i}`,
      title: `Velvet lipstick shade ${i}`,
      brand: 'Glam',
      url: `https://bench.example/p/${i}`,
      imageUrl: `https://bench.example/i/${i}.jpg`,
      priceMinor: 1990 + round,
      currency: 'EUR',
      availability: 'in_stock' as const,
      attributes: { shade: `#${(i % 0xffffff).toString(16)}` },
    }))
  const timed = async (round: number) => {
    const started = performance.now()
    await repos.products.upsertMany(products(round))
    return count / ((performance.now() - started) / 1000)
  }
  const insert = await timed(0) // every SKU new
  const update = await timed(1) // every SKU exists: the daily feed re-import
  await database.close()
  return { insertPerSecond: Math.round(insert), updatePerSecond: Math.round(update) }
}

export async function upsertBench(count = Number(process.env.BENCH_UPSERTS ?? 20_000)) {
  console.log(`\nproduct upserts through repos.products.upsertMany, ${count} products, chunks of 500`)
  const results: Record<string, { insertPerSecond: number; updatePerSecond: number }> = {}
  const dir = mkdtempSync(join(tmpdir(), 'glam-bench-'))
  results.sqlite = await measure(await connectDatabase(`file:${join(dir, 'bench.db')}`), count)
  console.log(
    `sqlite (libsql file, WAL)        new ${results.sqlite.insertPerSecond}/s   existing ${results.sqlite.updatePerSecond}/s`,
  )
  if (hasMariaDb()) {
    const server = await startMariaDb({ durable: true })
    try {
      results.mariadb = await measure(await connectDatabase(await server.createDatabase('bench')), count)
      console.log(
        `mariadb 10.11 (durable defaults) new ${results.mariadb.insertPerSecond}/s   existing ${results.mariadb.updatePerSecond}/s`,
      )
    } finally {
      await server.stop()
    }
  } else console.log('mariadb: not installed (Debian package mariadb-server), skipped')
  return results
}
