// The writer's recovery when ClickHouse's keeper says it answers again (the embedded front's
// supervisor): retryNow() ends the backoff and replays the spill at once, and the keeper's
// state shows in health().
import { createMemoryLogger } from '@glam/core'
import { describe, expect, it } from 'vitest'
import type { EventBackend } from './backend.ts'
import { createEventWriter, type SpillStore } from './writer.ts'

const { logger } = createMemoryLogger('silent')

function flakyBackend() {
  let up = true
  const delivered: string[] = []
  const backend: EventBackend = {
    adapter: 'fake',
    database: 'glam_test',
    insert: async (_table, rows) => {
      if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:8123')
      for (const row of rows) delivered.push(String(row.id))
    },
    query: async () => [],
    command: async () => undefined,
    ping: async () => up,
    close: async () => undefined,
  }
  const setUp = (value: boolean) => {
    up = value
  }
  return { backend, delivered, setUp }
}

function memorySpill(): SpillStore & { size(): number } {
  const batches: { id: string; eventTable: string; payload: Record<string, unknown>[] }[] = []
  let n = 0
  return {
    put: async (table, rows) => void batches.push({ id: String(n++), eventTable: table, payload: rows }),
    oldest: async (limit) => batches.slice(0, limit),
    removeOne: async (id) =>
      void batches.splice(
        batches.findIndex((b) => b.id === id),
        1,
      ),
    stats: async () => ({
      batches: batches.length,
      events: batches.reduce((sum, b) => sum + b.payload.length, 0),
      oldestAt: null,
    }),
    size: () => batches.length,
  }
}

const click = (n: number) => ({ table: 'clicks', id: `id-${n}`, time: '2026-06-01 10:00:00.000', slug: 's' })

describe('the events writer after an outage', () => {
  it('replays the spill as soon as retryNow() says ClickHouse is back, not after its backoff', async () => {
    const { backend, delivered, setUp } = flakyBackend()
    const spill = memorySpill()
    let front = { status: 'degraded', detail: 'embedded ClickHouse restarting', restarts: 0 }
    const writer = createEventWriter({
      backend,
      logger,
      spill,
      batchSize: 10,
      flushIntervalMs: 0,
      // Backoff and replay far beyond the test's patience: only retryNow() can bring them back in time.
      retryBaseMs: 60_000,
      retryMaxMs: 60_000,
      replayIntervalMs: 60_000,
      healthFields: () => front,
    })
    setUp(false)
    for (let i = 0; i < 25; i++) writer.record(click(i))
    await writer.flush()
    expect((await spill.stats!()).events).toBe(25)
    expect(await writer.health!()).toMatchObject({ status: 'degraded', restarts: 0, backlog: 25 })
    expect((await writer.health!()).detail).toMatch(/ClickHouse unreachable/)

    setUp(true)
    front = { status: 'ok', detail: '', restarts: 1 } as never
    writer.retryNow()
    await expect.poll(() => spill.size(), { timeout: 2_000, interval: 10 }).toBe(0)
    expect(new Set(delivered).size).toBe(25)
    // New events go straight to ClickHouse again.
    for (let i = 25; i < 35; i++) writer.record(click(i))
    await expect.poll(() => delivered.length, { timeout: 2_000, interval: 10 }).toBe(35)
    expect(await writer.health!()).toMatchObject({ status: 'ok', restarts: 1, backlog: 0 })
    expect(writer.stats()).toMatchObject({ replayed: 25, delivered: 10, dropped: 0 })
    await writer.stop()
  })

  it('flush() leaves nothing behind when a full batch was on its way out as it was called', async () => {
    const { backend, delivered } = flakyBackend()
    const writer = createEventWriter({ backend, logger, batchSize: 10, flushIntervalMs: 0 })
    for (let i = 0; i < 15; i++) writer.record(click(i))
    await writer.flush()
    expect(writer.stats().buffered).toBe(0)
    expect(delivered).toHaveLength(15)
    await writer.stop()
  })

  it('a keeper saying degraded degrades the port even while the writer has not failed yet', async () => {
    const { backend } = flakyBackend()
    const writer = createEventWriter({
      backend,
      logger,
      flushIntervalMs: 0,
      healthFields: () => ({ status: 'degraded', front: 'restarting' }),
    })
    expect(await writer.health!()).toMatchObject({ status: 'degraded', front: 'restarting' })
    await writer.stop()
  })
})
