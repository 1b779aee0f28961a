// 5,000 purchases through /collect under load while ClickHouse (chDB behind its front) is killed
// -9 and restarted: exactly 5,000 orders in SQL and 5,000 in the conversion stats, none twice
// (every purchase is also sent a second time, as a reloaded confirmation page would).
import { demo } from '@glam/db'
import { startKillableClickHouse } from '@glam/testing/clickhouse-outage'
import { purchase } from '@glam/testing/purchase'
import { startNodeRuntime } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

const total = 5_000

describe('collect through an events outage', () => {
  it('records exactly 5,000 orders in SQL and in the stats', async () => {
    const front = await startKillableClickHouse('glam-rel-collect-')
    const server = await startNodeRuntime({
      CLICKHOUSE_URL: front.url,
      GLAM_SCHEDULER: 'false',
      LOG_LEVEL: 'warn',
      GLAM_COLLECT_PER_SHOP_PER_MINUTE: '100000',
      GLAM_COLLECT_PER_IP_PER_MINUTE: '100000',
    })
    const redirect = await fetch(`${server.url}/summer-lena`, { redirect: 'manual' })
    const clickId = new URL(redirect.headers.get('location')!).searchParams.get('glam_cid')!
    let sent = 0
    const statuses = new Map<number, number>()
    const post = async (orderId: string) => {
      const res = await fetch(`${server.url}/collect`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:3001' },
        body: JSON.stringify(
          purchase(orderId, {
            total: 20,
            currency: 'EUR',
            items: [
              { sku: 'A', name: 'A', price: 10, quantity: 1 },
              { sku: 'B', name: 'B', price: 10, quantity: 1 },
            ],
            clickId,
          }),
        ),
      })
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      await res.arrayBuffer()
    }
    const worker = async () => {
      while (sent < total) {
        const n = ++sent
        await post(`REL-${n}`)
        if (n % 10 === 0) await post(`REL-${n}`) // a reload: must not count twice
      }
    }
    try {
      const load = Promise.all(Array.from({ length: 20 }, worker))
      await expect.poll(() => sent, { timeout: 60_000, interval: 20 }).toBeGreaterThan(1_500)
      await front.kill()
      await expect.poll(() => sent, { timeout: 60_000, interval: 20 }).toBeGreaterThan(3_000)
      await front.restart()
      await load
      expect(statuses.get(202)).toBe(total)
      expect(statuses.get(409)).toBe(total / 10)
      expect([...statuses.keys()].sort()).toEqual([202, 409])
      const stats = async () => {
        const res = await fetch(`${server.url}/api/stats/conversions?campaign=${demo.campaignId}`, {
          headers: { authorization: 'Bearer glam_dev_admin' },
        })
        return ((await res.json()) as { totals?: { orders: number; items: number } }).totals
      }
      // SQL, through the streamed export: one row per line, each order once.
      const csv = await (
        await fetch(`${server.url}/api/exports/campaigns/${demo.campaignId}/orders.csv`, {
          headers: { authorization: 'Bearer glam_dev_admin' },
        })
      ).text()
      const orderIds = csv
        .trim()
        .split('\n')
        .slice(1)
        .map((row) => row.split(',')[0])
      expect(orderIds).toHaveLength(total * 2)
      expect(new Set(orderIds).size).toBe(total)
      await expect.poll(async () => (await stats())?.orders, { timeout: 60_000, interval: 500 }).toBe(total)
      expect((await stats())?.items).toBe(total * 2)
    } finally {
      await server.stop()
      await front.stop()
    }
  }, 180_000)
})
