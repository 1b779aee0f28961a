// A process that records events while ClickHouse is unreachable, so every batch spills to the
// SQLite file in SPILL_URL; it prints how many events the spill has acknowledged, and is killed -9.
import { createLogger } from '@glam/core'
import { connectDatabase, createRepositories, migrateDatabase, newId } from '@glam/db'
import { createClickHouseBackend } from './clickhouse.ts'
import { createEventWriter } from './writer.ts'

const database = await connectDatabase(process.env.SPILL_URL!)
await migrateDatabase(database)
const repos = createRepositories({ database, now: () => new Date(), masterKey: 'k'.repeat(40) })
const backend = await createClickHouseBackend({
  url: 'http://127.0.0.1:9',
  database: 'glam',
  requestTimeoutMs: 500,
})
const writer = createEventWriter({
  backend,
  logger: createLogger({ level: 'silent' }),
  spill: repos.eventSpill,
  batchSize: 200,
  flushIntervalMs: 10,
})
for (;;) {
  for (let i = 0; i < 200; i++)
    writer.record({ table: 'clicks', id: newId(), time: '2026-06-01 10:00:00.000', slug: 'kill' })
  await writer.flush()
  console.log(`acknowledged ${writer.stats().spilled}`)
}
