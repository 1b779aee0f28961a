// The demo traffic generator on a temporary database and embedded chDB: both demo customers get
// clicks (bots flagged as the redirect flags them, in-app browsers named) and attributed orders,
// and a second run adds nothing.
import { demo } from '@glam/db/demo'
import { type ClickHouseApp, startClickHouseApp } from '@glam/testing/clickhouse-app'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemoTraffic } from './demo-traffic.ts'

describe('demo traffic', () => {
  let ch: ClickHouseApp
  beforeAll(async () => {
    ch = await startClickHouseApp('demo-traffic')
  }, 60_000)
  afterAll(() => ch?.stop())

  const clicks = async () => {
    const { platform } = ch.t
    await platform.events.flush()
    return platform.analytics.query<{
      customer: string
      clicks: string
      bots: string
      inApp: string
      unexplained: string
    }>(
      `SELECT toString(customer_id) AS customer, count() AS clicks, countIf(is_bot) AS bots,
              countIf(in_app != '') AS inApp, countIf(is_bot AND bot_reason = '') AS unexplained
       FROM ${platform.analytics.database}.clicks FINAL GROUP BY customer ORDER BY customer`,
    )
  }
  const conversions = async () => {
    const { platform } = ch.t
    return platform.analytics.query<{ customer: string; orders: string; attributed: string }>(
      `SELECT toString(customer_id) AS customer, count() AS orders,
              countIf(attribution_model != 'none') AS attributed, countIf(attribution_model = 'coupon') AS coupon
       FROM ${platform.analytics.database}.conversions FINAL GROUP BY customer ORDER BY customer`,
    )
  }

  it('fills two days for both customers, and a rerun adds nothing', async () => {
    const { platform } = ch.t
    const first = await generateDemoTraffic(platform, { days: 2 })
    expect(first.map((s) => s.customer)).toEqual(['Demo Beauty', 'Nordlicht Kosmetik'])
    for (const s of first) {
      expect(s.clicks).toBeGreaterThan(50)
      expect(s.bots).toBeGreaterThan(0)
      expect(s.orders).toBeGreaterThan(0)
    }
    const stored = await clicks()
    expect(stored.map((r) => r.customer).sort()).toEqual([demo.customerId, demo.nordlicht.customerId].sort())
    for (const row of stored) {
      expect(Number(row.bots)).toBeGreaterThan(0)
      expect(Number(row.inApp)).toBeGreaterThan(0)
      expect(Number(row.unexplained)).toBe(0)
    }
    const orders = await conversions()
    expect(orders.map((r) => r.customer).sort()).toEqual(
      expect.arrayContaining([demo.customerId, demo.nordlicht.customerId]),
    )
    for (const row of orders) expect(Number(row.attributed)).toBeGreaterThan(0)
    const sqlOrders = await ch.t.database.db.select().from(ch.t.database.t.orders)

    const again = await generateDemoTraffic(platform, { days: 2 })
    expect(again.map((s) => s.orders)).toEqual([0, 0])
    expect(again.map((s) => s.existing)).toEqual(first.map((s) => s.orders))
    expect(await clicks()).toEqual(stored)
    expect(await conversions()).toEqual(orders)
    expect(await ch.t.database.db.select().from(ch.t.database.t.orders)).toHaveLength(sqlOrders.length)
  }, 120_000)
})
