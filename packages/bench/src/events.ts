// Events per second through the writer's public API into chDB (behind the HTTP front), and the
// cost record() adds to a request (it only appends to memory), measured while batches flush.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@glam/core'
import { newId } from '@glam/db'
import { createClickHouseBackend, createEventWriter, migrateClickHouse } from '@glam/events'
import { startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { freePort } from '@glam/testing/runtimes'

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

export async function eventsBench(count = Number(process.env.BENCH_EVENTS ?? 1_000_000)) {
  const logger = createLogger({ level: 'warn' })
  const front = await startEmbeddedClickHouse({
    path: mkdtempSync(join(tmpdir(), 'glam-bench-chdb-')),
    port: await freePort(),
    logger,
  })
  const backend = await createClickHouseBackend({
    url: front.url,
    database: 'glam_bench',
    requestTimeoutMs: 60_000,
  })
  await migrateClickHouse(backend)
  const writer = createEventWriter({ backend, logger, batchSize: 20_000, flushIntervalMs: 200 })
  const time = '2026-06-01 10:00:00.000'
  const campaign = newId()
  // Ids are made before the clock starts: the redirect makes its click id either way.
  const ids = Array.from({ length: count }, () => newId())
  const started = performance.now()
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    writer.record({ table: 'clicks', id: ids[i]!, time, campaign_id: campaign, slug: 'bench', is_bot: false })
    if (i % 10 === 0) samples.push(performance.now() - t0)
    if (i % 50_000 === 0) await new Promise((r) => setImmediate(r)) // let flushes run, as between requests
  }
  await writer.flush()
  const seconds = (performance.now() - started) / 1000
  const [row] = await backend.query<{ n: string }>(
    'SELECT uniqExact(id) AS n FROM glam_bench.clicks WHERE campaign_id = {c:UUID}',
    { c: campaign },
  )
  await writer.stop()
  await backend.close()
  await front.stop()
  samples.sort((a, b) => a - b)
  const result = {
    events: count,
    stored: Number(row?.n),
    eventsPerSecond: Math.round(count / seconds),
    recordP50Us: Math.round(percentile(samples, 0.5) * 1000 * 100) / 100,
    recordP99Us: Math.round(percentile(samples, 0.99) * 1000 * 100) / 100,
  }
  console.log(`\nevents through createEventWriter().record() into chDB (HTTP front, batches of 20,000)`)
  console.log(`${result.events} events, ${result.stored} stored, ${result.eventsPerSecond}/s end to end`)
  console.log(`record() on the request path: p50 ${result.recordP50Us} µs, p99 ${result.recordP99Us} µs`)
  return result
}
