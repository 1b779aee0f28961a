// Conversions end to end on a real server: clicks and purchases recorded through the writer
// into embedded chDB, read back by /api/stats/conversions, and the campaign's CSV export.
import { demo } from '@glam/db'
import { purchase } from '@glam/testing/purchase'
import { startNodeRuntime } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signBody } from './signature.ts'

const admin = { authorization: 'Bearer glam_dev_admin' }
const shopOrigin = 'http://127.0.0.1:3001'
const secret = 'whsec_demo_shop_development_only_0000000000'
const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Instagram 300.0'

type Group = {
  key: string | null
  orders: number
  cancelled: number
  items: number
  clicks: number
  conversionRate: number | null
  revenue: { currency: string; orders: number; gross: number; net: number; averageOrderValue: number }[]
}

describe('conversion stats and the orders export', () => {
  let server: Awaited<ReturnType<typeof startNodeRuntime>>
  const click = async (slug: string) => {
    const res = await fetch(`${server.url}/${slug}`, { redirect: 'manual', headers: { 'user-agent': ua } })
    return new URL(res.headers.get('location')!).searchParams.get('glam_cid')!
  }
  const collect = (body: Record<string, unknown>) =>
    fetch(`${server.url}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: shopOrigin },
      body: JSON.stringify(body),
    })
  const signed = async (path: string, body: unknown) => {
    const raw = JSON.stringify(body)
    const at = Math.floor(Date.now() / 1000)
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-glam-key': demo.shopPublicKey,
        'x-glam-timestamp': String(at),
        'x-glam-signature': await signBody(secret, at, raw),
      },
      body: raw,
    })
  }
  const stats = async (query: string) => {
    const res = await fetch(`${server.url}/api/stats/conversions?${query}`, { headers: admin })
    expect(res.status).toBe(200)
    return (await res.json()) as {
      totals: Omit<Group, 'key' | 'conversionRate'> & { conversionRate: number | null }
      groups: Group[]
    }
  }

  beforeAll(async () => {
    server = await startNodeRuntime({ GLAM_SCHEDULER: 'false' })
    const lena = await click('summer-lena')
    await click('summer-lena')
    const mia = await click('summer-mia')
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        sku: `SKU-${i}`,
        name: `=HYPERLINK("evil") ${i}`,
        price: 10,
        quantity: 1,
      }))
    expect(
      (await collect(purchase('L-1', { total: 20, currency: 'EUR', items: items(2), clickId: lena }))).status,
    ).toBe(202)
    expect(
      (await collect(purchase('L-2', { total: 10, currency: 'USD', items: items(1), coupon: 'LENA10' })))
        .status,
    ).toBe(202)
    expect(
      (await collect(purchase('M-1', { total: 30, currency: 'EUR', items: items(3), clickId: mia }))).status,
    ).toBe(202)
    expect(
      (await collect(purchase('M-2', { total: 40, currency: 'EUR', items: items(4), clickId: mia }))).status,
    ).toBe(202)
    expect(
      (await signed('/api/conversions/M-1/refund', { orderId: 'M-1', amount: 5, currency: 'EUR' })).status,
    ).toBe(200)
    expect((await signed('/api/conversions/M-2/cancel', { orderId: 'M-2' })).status).toBe(200)
  })
  afterAll(() => server?.stop())

  it('counts orders, items and revenue per currency by influencer, with the conversion rate', async () => {
    await expect
      .poll(async () => (await stats(`campaign=${demo.campaignId}&group_by=influencer`)).totals.orders, {
        timeout: 10_000,
        interval: 250,
      })
      .toBe(3)
    await expect
      .poll(async () => (await stats(`campaign=${demo.campaignId}&group_by=influencer`)).totals.cancelled, {
        timeout: 10_000,
        interval: 250,
      })
      .toBe(1)
    const { totals, groups } = await stats(`campaign=${demo.campaignId}&group_by=influencer`)
    expect(totals).toMatchObject({ orders: 3, items: 6, clicks: 3, conversionRate: 1 })
    expect(totals.revenue).toEqual([
      { currency: 'EUR', orders: 2, gross: 5000, net: 4500, averageOrderValue: 2500 },
      { currency: 'USD', orders: 1, gross: 1000, net: 1000, averageOrderValue: 1000 },
    ])
    const lena = groups.find((g) => g.key === demo.lenaId)!
    expect(lena).toMatchObject({ orders: 2, clicks: 2, conversionRate: 1 })
    expect(lena.revenue.map((r) => r.currency)).toEqual(['EUR', 'USD'])
    const mia = groups.find((g) => g.key === demo.miaId)!
    expect(mia).toMatchObject({ orders: 1, clicks: 1, items: 3 })
    expect(mia.revenue).toEqual([
      { currency: 'EUR', orders: 1, gross: 3000, net: 2500, averageOrderValue: 3000 },
    ])
    const byDay = await stats(`campaign=${demo.campaignId}&group_by=day`)
    expect(byDay.groups).toHaveLength(1)
    expect(byDay.groups[0]!.key).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('refuses bad filters and other customers', async () => {
    const bad = await fetch(`${server.url}/api/stats/conversions?group_by=shoe`, { headers: admin })
    expect(bad.status).toBe(400)
    const anonymous = await fetch(`${server.url}/api/stats/conversions`)
    expect(anonymous.status).toBe(401)
  })

  it('exports the campaign orders with their lines as CSV, formulas neutralised', async () => {
    const res = await fetch(`${server.url}/api/exports/campaigns/${demo.campaignId}/orders.csv`, {
      headers: admin,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const { parse } = await import('csv-parse/sync')
    const rows = parse(await res.text(), { bom: true, columns: true }) as Record<string, string>[]
    expect(rows).toHaveLength(10)
    const l1 = rows.filter((r) => r.order_id === 'L-1')
    expect(l1).toHaveLength(2)
    expect(l1[0]).toMatchObject({
      influencer: 'lena',
      link: 'summer-lena',
      attribution: 'last_click',
      total: '20.00',
      currency: 'EUR',
    })
    expect(rows.find((r) => r.order_id === 'M-1')).toMatchObject({
      refunded: '5.00',
      net: '25.00',
      status: 'partially_refunded',
    })
    expect(rows.every((r) => r.name!.startsWith("'="))).toBe(true)
    const unknown = await fetch(
      `${server.url}/api/exports/campaigns/00000000-0000-7000-8000-000000000999/orders.csv`,
      { headers: admin },
    )
    expect(unknown.status).toBe(404)
  })
})
