// The edge path of analytics events under Miniflare: the worker writes to ClickHouse (chDB behind
// the HTTP front) and spills to its queue while the front is dead; nothing is lost or doubled.
import { createClickHouseBackend, migrateClickHouse } from '@glam/events'
import { startKillableClickHouse } from '@glam/testing/clickhouse-outage'
import { startWorkerdRuntime } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

describe('events on the edge', () => {
  it('delivers exactly 10,000 distinct events through a killed and restarted ClickHouse, via the queue', async () => {
    const front = await startKillableClickHouse('glam-edge-chdb-')
    const backend = await createClickHouseBackend({ url: front.url, database: 'glam_edge' })
    await migrateClickHouse(backend)
    const worker = await startWorkerdRuntime({ CLICKHOUSE_URL: front.url, CLICKHOUSE_DATABASE: 'glam_edge' })
    const post = async () => {
      const res = await fetch(`${worker.url}/dev/events?count=1000&tag=edge-fault`, { method: 'POST' })
      expect(res.status).toBe(202)
    }
    try {
      for (let i = 0; i < 4; i++) await post()
      await front.kill()
      for (let i = 0; i < 3; i++) await post()
      await new Promise((r) => setTimeout(r, 500))
      await front.restart()
      for (let i = 0; i < 3; i++) await post()
      const count = async () => {
        const [row] = await backend.query<{ n: string }>(
          "SELECT uniqExact(id) AS n FROM glam_edge.clicks WHERE slug = 'edge-fault'",
        )
        return Number(row?.n)
      }
      await expect.poll(count, { timeout: 60_000, interval: 500 }).toBe(10_000)
    } finally {
      await worker.stop()
      await backend.close()
      await front.stop()
    }
  }, 90_000)
})
