// What a feed run changed, told to the platform: product events in ClickHouse (chDB) for price
// drops, back in stock, out of stock and products gone from the feed, and stock-aware links that
// follow the catalogue as soon as the run is applied (through POST /api/feeds/:id/import).
// Also: a shop's two feeds listing the same products do not deactivate each other's.
import { demo } from '@glam/db/demo'
import type { ProductChange } from '@glam/db/repositories/catalog'
import { type ClickHouseApp, startClickHouseApp } from '@glam/testing/clickhouse-app'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kindsOf } from './changes.ts'

const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }
const browser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
const header = 'id,title,link,image_link,price,sale_price,availability'
const row = (sku: string, price: string, availability: string, sale = '') =>
  `${sku},Product ${sku},https://shop.example/${sku},https://shop.example/${sku}.jpg,${price},${sale},${availability}`

describe('kindsOf', () => {
  const state = (
    priceMinor: number,
    availability = 'in_stock',
    status = 'active',
    salePriceMinor: number | null = null,
  ) => ({ priceMinor, salePriceMinor, currency: 'EUR', availability, status }) as ProductChange['before']
  const change = (before: ProductChange['before'], after: ProductChange['after']) =>
    kindsOf({ productId: 'p', sku: 's', before, after })
  it('names each change a product event', () => {
    expect(change(state(1000), state(800))).toEqual(['price_drop'])
    expect(change(state(1000), state(1000, 'in_stock', 'active', 900))).toEqual(['price_drop'])
    expect(change(state(800), state(1000))).toEqual(['price_increase'])
    expect(change(state(1000, 'out_of_stock'), state(900))).toEqual(['price_drop', 'back_in_stock'])
    expect(change(state(1000), state(1000, 'out_of_stock'))).toEqual(['out_of_stock'])
    expect(change(state(1000), state(1000, 'in_stock', 'inactive'))).toEqual(['inactive'])
    expect(change(state(1000, 'in_stock', 'inactive'), state(1000))).toEqual(['reactivated', 'back_in_stock'])
    expect(change(state(1000, 'preorder'), state(1000, 'backorder'))).toEqual([])
  })
})

describe('a feed run tells the platform what changed', () => {
  let ch: ClickHouseApp
  let t: ClickHouseApp['t']
  beforeAll(async () => {
    ch = await startClickHouseApp('feed-events')
    t = ch.t
  })
  afterAll(() => ch?.stop())

  const createFeed = async (name: string) => {
    const res = await t.app.request('/api/feeds', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ shopId: demo.shopId, name, format: 'csv' }),
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: string }).id
  }
  const upload = async (feedId: string, lines: string[]) => {
    const res = await t.app.request(`/api/feeds/${feedId}/import`, {
      method: 'POST',
      headers: { authorization: admin.authorization, 'content-type': 'text/csv' },
      body: `${[header, ...lines].join('\n')}\n`,
    })
    expect(res.status).toBe(200)
    return (await res.json()) as { outcome: string; counts: Record<string, number>; runId: string }
  }
  const link = async (slug: string, sku: string) => {
    const product = (await t.repos.products.bySku(demo.shopId, sku))!
    const res = await t.app.request('/api/links', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug,
        destination: `https://shop.example/${sku}`,
        customerId: demo.customerId,
        productId: product.id,
        fallbackUrl: 'https://shop.example/sale',
      }),
    })
    expect(res.status).toBe(201)
  }
  const location = async (slug: string) =>
    (await t.app.request(`/${slug}`, { headers: { 'user-agent': browser } })).headers.get('location') ?? ''

  it('records product events and moves stock-aware links as the run is applied', async () => {
    const feed = await createFeed('Events feed')
    const first = await upload(feed, [
      row('EV-A', '10.00 EUR', 'in stock'),
      row('EV-B', '5.00 EUR', 'out of stock'),
      row('EV-C', '7.00 EUR', 'in stock'),
      row('EV-D', '3.00 EUR', 'in stock'),
      row('EV-E', '4.00 EUR', 'in stock'),
    ])
    expect(first.outcome).toBe('IMPORTED')
    await link('ev-b', 'EV-B')
    await link('ev-c', 'EV-C')
    expect(await location('ev-b')).toMatch(/^https:\/\/shop\.example\/sale/)
    expect(await location('ev-c')).toMatch(/^https:\/\/shop\.example\/EV-C/)

    // A cheaper, B back in stock, C gone (one in five: not held), D out of stock, E on sale.
    const second = await upload(feed, [
      row('EV-A', '8.00 EUR', 'in stock'),
      row('EV-B', '5.00 EUR', 'in stock'),
      row('EV-D', '3.00 EUR', 'out of stock'),
      row('EV-E', '4.00 EUR', 'in stock', '3.50 EUR'),
    ])
    expect(second).toMatchObject({ outcome: 'IMPORTED', counts: { updated: 4, deactivated: 1 } })
    expect(await location('ev-b')).toMatch(/^https:\/\/shop\.example\/EV-B/)
    expect(await location('ev-c')).toMatch(/^https:\/\/shop\.example\/sale/)

    await t.platform.events.flush()
    const events = await t.platform.analytics.query<{
      sku: string
      kind: string
      price_before_minor: string
      price_after_minor: string
      availability_after: string
    }>(
      `SELECT sku, kind, price_before_minor, price_after_minor, availability_after FROM ${t.platform.analytics.database}.product_events FINAL WHERE run_id = {run:String} ORDER BY sku, kind`,
      { run: second.runId },
    )
    expect(
      events.map((e) => [e.sku, e.kind, Number(e.price_before_minor), Number(e.price_after_minor)]),
    ).toEqual([
      ['EV-A', 'price_drop', 1000, 800],
      ['EV-B', 'back_in_stock', 500, 500],
      ['EV-C', 'inactive', 700, 700],
      ['EV-D', 'out_of_stock', 300, 300],
      ['EV-E', 'price_drop', 400, 350],
    ])
    const listed = await t.app.request(`/api/product-events?shop=${demo.shopId}&kind=price_drop&sku=EV-E`, {
      headers: { authorization: admin.authorization },
    })
    expect(listed.status).toBe(200)
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        kind: 'price_drop',
        sku: 'EV-E',
        runId: second.runId,
        priceBeforeMinor: 400,
        priceAfterMinor: 350,
        availabilityAfter: 'in_stock',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ])
    const bad = await t.app.request('/api/product-events?kind=cheaper', {
      headers: { authorization: admin.authorization },
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    // The same file again: nothing changed, nothing told.
    const third = await upload(feed, [
      row('EV-A', '8.00 EUR', 'in stock'),
      row('EV-B', '5.00 EUR', 'in stock'),
      row('EV-D', '3.00 EUR', 'out of stock'),
      row('EV-E', '4.00 EUR', 'in stock', '3.50 EUR'),
    ])
    expect(third.counts).toMatchObject({ unchanged: 4, updated: 0, deactivated: 0 })
    await t.platform.events.flush()
    const none = await t.platform.analytics.query(
      `SELECT count() AS n FROM ${t.platform.analytics.database}.product_events WHERE run_id = {run:String}`,
      { run: third.runId },
    )
    expect(Number((none[0] as { n: string }).n)).toBe(0)
  })

  it('imports a stored feed asset (`?asset=`), and refuses an asset that is not a feed', async () => {
    const feed = await createFeed('Asset feed')
    const uploaded = await t.app.request('/api/assets?type=feed&name=products.csv', {
      method: 'POST',
      headers: { authorization: admin.authorization, 'content-type': 'text/csv' },
      body: `${[header, row('AS-1', '1.00 EUR', 'in stock'), row('AS-2', '2.00 EUR', 'in stock')].join('\n')}\n`,
    })
    expect(uploaded.status).toBe(201)
    const asset = (await uploaded.json()) as { id: string }
    const res = await t.app.request(`/api/feeds/${feed}/import?asset=${asset.id}`, {
      method: 'POST',
      headers: { authorization: admin.authorization },
    })
    expect(res.status).toBe(200)
    const report = (await res.json()) as { runId: string; outcome: string; counts: Record<string, number> }
    expect(report).toMatchObject({ outcome: 'IMPORTED', counts: { created: 2 } })
    expect(await t.repos.catalog.run(report.runId)).toMatchObject({ source: `asset:${asset.id}` })
    const missing = await t.app.request(
      `/api/feeds/${feed}/import?asset=00000000-0000-7000-8000-00000000dead`,
      {
        method: 'POST',
        headers: { authorization: admin.authorization },
      },
    )
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it("keeps a shop's two feeds from deactivating each other's products", async () => {
    const de = await createFeed('DE feed')
    const at = await createFeed('AT feed')
    await upload(de, [
      row('DE-1', '1.00 EUR', 'in stock'),
      row('DE-2', '2.00 EUR', 'in stock'),
      row('X-1', '9.00 EUR', 'in stock'),
    ])
    await upload(at, [
      row('AT-1', '1.00 EUR', 'in stock'),
      row('AT-2', '2.00 EUR', 'in stock'),
      row('X-1', '9.00 EUR', 'in stock'),
    ])
    const again = await upload(de, [
      row('DE-1', '1.00 EUR', 'in stock'),
      row('DE-2', '2.00 EUR', 'in stock'),
      row('X-1', '9.00 EUR', 'in stock'),
    ])
    expect(again.counts).toMatchObject({ unchanged: 3, deactivated: 0 })
    const status = async (sku: string) => (await t.repos.products.bySku(demo.shopId, sku))?.status
    for (const sku of ['DE-1', 'DE-2', 'AT-1', 'AT-2', 'X-1']) expect(await status(sku)).toBe('active')
  })
})
