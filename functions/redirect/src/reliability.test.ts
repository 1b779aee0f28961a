// 10,000 clicks under load while ClickHouse (chDB behind its front) is killed -9 and restarted:
// every redirect answered correctly, exactly 10,000 distinct click events in the stats.
import { startKillableClickHouse } from '@glam/testing/clickhouse-outage'
import { startNodeRuntime } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

describe('redirects through an events outage', () => {
  it('answers 10,000 clicks and counts exactly 10,000 distinct click events', async () => {
    const front = await startKillableClickHouse('glam-rel-chdb-')
    const server = await startNodeRuntime({
      CLICKHOUSE_URL: front.url,
      GLAM_SCHEDULER: 'false',
      LOG_LEVEL: 'warn',
    })
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
    let sent = 0
    let correct = 0
    const worker = async () => {
      while (sent < 10_000) {
        sent++
        const res = await fetch(`${server.url}/summer-lena`, {
          redirect: 'manual',
          headers: { 'user-agent': ua },
        })
        if (res.status === 302 && res.headers.get('location')?.includes('glam_cid=')) correct++
        await res.arrayBuffer()
      }
    }
    try {
      const load = Promise.all(Array.from({ length: 50 }, worker))
      await expect.poll(() => sent, { timeout: 30_000, interval: 20 }).toBeGreaterThan(3_000)
      await front.kill()
      await expect.poll(() => sent, { timeout: 30_000, interval: 20 }).toBeGreaterThan(6_000)
      await front.restart()
      await load
      expect(correct).toBe(10_000)
      const total = async () => {
        const res = await fetch(`${server.url}/api/stats/clicks?bots=include&group_by=country`, {
          headers: { authorization: 'Bearer glam_dev_admin' },
        })
        return ((await res.json()) as { totals?: { clicks: number } }).totals?.clicks
      }
      await expect.poll(total, { timeout: 60_000, interval: 500 }).toBe(10_000)
    } finally {
      await server.stop()
      await front.stop()
    }
  }, 120_000)
})
