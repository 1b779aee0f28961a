// The official ClickHouse client against chDB behind the HTTP front (a real process), the
// schema, and the writer through a real outage: the front killed and restarted mid-stream.
import { join } from 'node:path'
import { createMemoryLogger } from '@glam/core'
import { connectDatabase, createRepositories, migrateDatabase, newId } from '@glam/db'
import { type KillableClickHouse, startKillableClickHouse } from '@glam/testing/clickhouse-outage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EventBackend, migrateClickHouse } from './backend.ts'
import { createClickHouseBackend } from './clickhouse.ts'
import { defineQuery } from './query.ts'
import { createEventWriter } from './writer.ts'

const { logger } = createMemoryLogger('warn')

describe('ClickHouse through the chDB HTTP front', () => {
  let front: KillableClickHouse
  let backend: EventBackend
  beforeAll(async () => {
    front = await startKillableClickHouse('glam-chdb-', logger)
    backend = await createClickHouseBackend({ url: front.url, database: 'glam_test', requestTimeoutMs: 3000 })
  })
  afterAll(async () => {
    await backend?.close()
    await front?.stop()
  })

  it('answers ping, applies the migrations once, and records them', async () => {
    expect(await backend.ping()).toBe(true)
    expect(await migrateClickHouse(backend)).toEqual([1, 2, 3, 4, 5])
    expect(await migrateClickHouse(backend)).toEqual([])
    const tables = await backend.query<{ name: string }>(
      'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
      {
        db: 'glam_test',
      },
    )
    expect(tables.map((t) => t.name)).toEqual([
      'clicks',
      'clicks_geo_hourly',
      'clicks_geo_hourly_mv',
      'clicks_hourly',
      'clicks_hourly_mv',
      'conversion_lines',
      'conversions',
      'conversions_hourly',
      'conversions_hourly_mv',
      'product_events',
      'schema_migrations',
    ])
  })

  it('stores fallback_reason; rows spilled before the column existed replay with NULL', async () => {
    const database = await connectDatabase(`file:${join(front.path, 'spill-fallback.db')}`)
    await migrateDatabase(database)
    const repos = createRepositories({ database, now: () => new Date(), masterKey: 'k'.repeat(40) })
    const time = '2026-06-01 10:00:00.000'
    const [old, plain, fallen] = [newId(), newId(), newId()]
    // A batch an older version spilled: its clicks have no fallback_reason field at all.
    await repos.eventSpill.put('clicks', [{ id: old, time, slug: 'fallback', is_bot: false }], new Date())
    const writer = createEventWriter({ backend, logger, spill: repos.eventSpill, flushIntervalMs: 0 })
    writer.record({ table: 'clicks', id: plain, time, slug: 'fallback', is_bot: false })
    writer.record({
      table: 'clicks',
      id: fallen,
      time,
      slug: 'fallback',
      is_bot: false,
      fallback_reason: 'product_out_of_stock',
    })
    writer.retryNow()
    await writer.stop()
    expect(await repos.eventSpill.stats()).toMatchObject({ events: 0 })
    const rows = await backend.query<{ id: string; fallback_reason: string | null }>(
      "SELECT toString(id) AS id, fallback_reason FROM glam_test.clicks FINAL WHERE slug = 'fallback' ORDER BY id",
    )
    expect(rows).toEqual([
      { id: old, fallback_reason: null },
      { id: plain, fallback_reason: null },
      { id: fallen, fallback_reason: 'product_out_of_stock' },
    ])
    expect(writer.stats()).toMatchObject({ rejected: 0, replayed: 1 })
    await database.close()
  })

  it('inserts JSONEachRow and binds typed parameters; input never becomes SQL', async () => {
    const id = newId()
    await backend.insert('clicks', [
      { id, time: '2026-06-01 10:00:00.000', slug: "x'); DROP TABLE clicks; --", is_bot: false },
    ])
    const rows = await backend.query<{ slug: string }>(
      'SELECT slug FROM glam_test.clicks WHERE id = {id:UUID}',
      { id },
    )
    expect(rows).toEqual([{ slug: "x'); DROP TABLE clicks; --" }])
  })

  it('runs typed queries with the database as an identifier and checked parameters', async () => {
    const bySlug = defineQuery<{ slug: string }, { n: string }>(
      'SELECT count() AS n FROM {db:Identifier}.clicks WHERE slug = {slug:String}',
    )
    expect(await bySlug(backend, { slug: "x'); DROP TABLE clicks; --" })).toEqual([{ n: expect.anything() }])
    expect(() => bySlug(backend, {} as never)).toThrow(/slug is missing/)
    expect(() => bySlug(backend, { slug: 'a', extra: 1 } as never)).toThrow(/no parameter extra/)
  })

  it('reports ClickHouse errors with their code', async () => {
    await expect(backend.query('SELECT * FROM glam_test.nope')).rejects.toMatchObject({
      code: '60',
      type: 'UNKNOWN_TABLE',
    })
  })

  it('delivers the good events of a batch and rejects a malformed one without blocking the table', async () => {
    const kept: { table: string; row: Record<string, unknown> }[] = []
    const rejects = {
      put: async (table: string, row: Record<string, unknown>) => void kept.push({ table, row }),
    }
    const writer = createEventWriter({ backend, logger, batchSize: 100, flushIntervalMs: 0, rejects })
    const good = Array.from({ length: 9 }, () => newId())
    for (const id of good.slice(0, 4))
      writer.record({ table: 'clicks', id, time: '2026-06-01 10:00:00.000', slug: 'poison', is_bot: false })
    writer.record({
      table: 'clicks',
      id: 'not-a-uuid:1',
      time: '2026-06-01 10:00:00.000',
      slug: 'poison',
      is_bot: false,
    })
    for (const id of good.slice(4))
      writer.record({ table: 'clicks', id, time: '2026-06-01 10:00:00.000', slug: 'poison', is_bot: false })
    await writer.flush()
    expect(writer.stats()).toMatchObject({ delivered: 9, rejected: 1, failures: 0 })
    expect(kept).toEqual([{ table: 'clicks', row: expect.objectContaining({ id: 'not-a-uuid:1' }) }])
    const [row] = await backend.query<{ n: string }>(
      "SELECT uniqExact(id) AS n FROM glam_test.clicks WHERE slug = 'poison'",
    )
    expect(Number(row!.n)).toBe(9)
    // The next batch goes straight through: nothing was marked down.
    writer.record({
      table: 'clicks',
      id: newId(),
      time: '2026-06-01 10:00:00.000',
      slug: 'poison',
      is_bot: false,
    })
    await writer.flush()
    expect(writer.stats()).toMatchObject({ delivered: 10, rejected: 1 })
    await writer.stop()
  })

  it('streams large inserts a slice at a time, and still isolates a malformed row in them', async () => {
    // A recent time: user_agent has a 90-day TTL.
    const time = new Date().toISOString().replace('T', ' ').replace('Z', '')
    const rows = Array.from({ length: 1_234 }, (_, i) => ({
      id: newId(),
      time,
      slug: 'bulk',
      // Text that must survive the streamed JSON untouched.
      user_agent: i === 7 ? 'Mözilla "quoted" \\ back\nslash 💄' : `ua-${i}`,
      is_bot: false,
    }))
    await backend.insert('clicks', rows)
    const [row] = await backend.query<{ n: string }>(
      "SELECT uniqExact(id) AS n FROM glam_test.clicks WHERE slug = 'bulk'",
    )
    expect(Number(row!.n)).toBe(1_234)
    const [odd] = await backend.query<{ user_agent: string }>(
      'SELECT user_agent FROM glam_test.clicks WHERE id = {id:UUID}',
      { id: rows[7]!.id },
    )
    expect(odd!.user_agent).toBe('Mözilla "quoted" \\ back\nslash 💄')

    const writer = createEventWriter({ backend, logger, batchSize: 5_000, flushIntervalMs: 0 })
    for (let i = 0; i < 1_500; i++) {
      const id = i === 900 ? 'not-a-uuid:2' : newId()
      writer.record({
        table: 'clicks',
        id,
        time: '2026-06-02 10:00:00.000',
        slug: 'bulk-poison',
        is_bot: false,
      })
    }
    await writer.flush()
    expect(writer.stats()).toMatchObject({ delivered: 1_499, rejected: 1, failures: 0 })
    await writer.stop()
  })

  it('delivers exactly 10,000 distinct events while the front is killed and restarted mid-stream', async () => {
    const database = await connectDatabase(`file:${join(front.path, 'spill.db')}`)
    await migrateDatabase(database)
    const repos = createRepositories({ database, now: () => new Date(), masterKey: 'k'.repeat(40) })
    const writer = createEventWriter({
      backend,
      logger,
      spill: repos.eventSpill,
      batchSize: 500,
      flushIntervalMs: 50,
      replayIntervalMs: 100,
      retryBaseMs: 50,
      retryMaxMs: 500,
    })
    const ids: string[] = []
    const write = (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = newId()
        ids.push(id)
        writer.record({ table: 'clicks', id, time: '2026-06-01 10:00:00.000', slug: 'fault', is_bot: false })
      }
    }
    write(3_000)
    await new Promise((r) => setTimeout(r, 300))
    await front.kill() // a real outage: the process dies without a word
    write(4_000)
    await new Promise((r) => setTimeout(r, 500))
    await front.restart()
    write(3_000)
    await writer.flush()
    // Everything spilled during the outage is replayed once ClickHouse answers again.
    await expect
      .poll(async () => (await repos.eventSpill.stats()).events, { timeout: 20_000, interval: 200 })
      .toBe(0)
    await writer.stop()
    const [row] = await backend.query<{ n: string; total: string }>(
      "SELECT uniqExact(id) AS n, count() AS total FROM glam_test.clicks WHERE slug = 'fault'",
    )
    expect(Number(row!.n)).toBe(10_000)
    expect(ids).toHaveLength(10_000)
    expect(writer.stats()).toMatchObject({ buffered: 0, dropped: 0 })
    expect(writer.stats().spilled).toBeGreaterThan(0)
    await database.close()
  }, 60_000)
})
