// What shops report must add up: a total that disagrees with its lines (beyond a tolerance) is
// refused with 400 TOTAL_MISMATCH and stores nothing, on /collect (POST and the image request)
// and on the signed /api/conversions; currencies are upper-cased the same way everywhere; shops'
// origins are stored normalised, public and https only in production.
import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { purchase } from '@glam/testing/purchase'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkTotal, collectSchema } from './schemas.ts'
import { createShopSchema } from './shops.ts'
import { signBody } from './signature.ts'

const shopOrigin = 'http://127.0.0.1:3001'
const devSecret = 'whsec_demo_shop_development_only_0000000000'
const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }

const lines = (...prices: number[]) => prices.map((price, i) => ({ sku: `SKU-${i}`, price, quantity: 1 }))

let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
const collect = (body: unknown, headers: Record<string, string> = { origin: shopOrigin }) =>
  t.app.request('/collect', {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: JSON.stringify(body),
  })
const signed = async (path: string, body: unknown) => {
  const raw = JSON.stringify(body)
  const at = Math.floor(t.clock.now().getTime() / 1000)
  return t.app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-glam-key': demo.shopPublicKey,
      'x-glam-timestamp': String(at),
      'x-glam-signature': await signBody(devSecret, at, raw),
    },
    body: raw,
  })
}
const orderCount = async () => (await t.database.db.select().from(t.database.t.orders)).length
const eventCount = () => ((t.platform.events as unknown as { events: unknown[] }).events ?? []).length
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details?: unknown } }).error

beforeAll(async () => {
  t = await createTestAppWithDatabase({ env: { GLAM_COLLECT_PER_IP_PER_MINUTE: '10000' } })
})

describe('totals against lines', () => {
  it('refuses a total of 1 with lines summing to 5,000,000, on POST and on the image request, storing nothing', async () => {
    const before = [await orderCount(), eventCount()]
    const absurd = purchase('MISMATCH-1', {
      total: 1,
      items: [{ sku: 'GOLD', price: 50_000, quantity: 100 }],
    })
    const res = await collect(absurd)
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toEqual({
      code: 'TOTAL_MISMATCH',
      message: expect.stringContaining('5000000.00'),
      details: {
        currency: 'EUR',
        total: '1.00',
        expected: '5000000.00',
        tolerance: '50000.00',
        lines: '5000000.00',
        shipping: '0.00',
        tax: '0.00',
        discount: '0.00',
      },
      requestId: expect.any(String),
    })
    const image = await t.app.request(`/collect?d=${encodeURIComponent(JSON.stringify(absurd))}`, {
      headers: { referer: `${shopOrigin}/thanks` },
    })
    expect(image.status).toBe(400)
    expect((await errorOf(image)).code).toBe('TOTAL_MISMATCH')
    // The other way round, too: lines of 10 and a total of 1,000.
    const inflated = await collect(purchase('MISMATCH-2', { total: 1000, items: lines(10) }))
    expect((await errorOf(inflated)).code).toBe('TOTAL_MISMATCH')
    expect([await orderCount(), eventCount()]).toEqual(before)
    expect(await t.repos.orders.byRef(demo.shopId, 'MISMATCH-1')).toBeNull()
  })

  it('adds shipping and tax and takes off the discount (tax on top of the prices, or included in them)', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['shipping', { total: 39.8, items: lines(34.9), shipping: 4.9 }],
      [
        'discount',
        { total: 79.47, items: [{ sku: 'A', price: 34.9, quantity: 2 }, ...lines(18.5)], discount: 8.83 },
      ],
      ['net prices plus tax', { total: 119, items: lines(100), tax: 19 }],
      ['gross prices with the tax shown', { total: 100, items: lines(100), tax: 15.97 }],
      ['all of them', { total: 36.3 + 5, items: lines(34.9), shipping: 4.9, tax: 5, discount: 3.5 }],
      [
        'null extras, as data layers have them',
        { total: 34.9, items: lines(34.9), shipping: null, tax: null },
      ],
      ['no lines (the image request drops them when too long)', { total: 123.45, items: [] }],
      ['a free order', { total: 0, items: lines(0) }],
    ]
    for (const [name, fields] of cases) {
      const res = await collect(purchase(`OK-${name}`, fields))
      expect(res.status, name).toBe(202)
    }
    expect(await t.repos.orders.byRef(demo.shopId, 'OK-discount')).toMatchObject({ totalMinor: 7947 })
  })

  it('allows a cent per line, or 1%, for rounding; no more', () => {
    const ok = (total: number, items: { sku: string; price: number; quantity: number }[], extra = {}) => {
      try {
        checkTotal(collectSchema.parse(purchase('X', { total, items, ...extra })))
        return true
      } catch (err) {
        expect((err as { code: string }).code).toBe('TOTAL_MISMATCH')
        return false
      }
    }
    expect(ok(1.02, lines(0.5, 0.5))).toBe(true) // 2 lines: 2 cents (more than 1% of 1.00)
    expect(ok(1.03, lines(0.5, 0.5))).toBe(false)
    expect(ok(10.1, lines(5, 5))).toBe(true) // 1% of 10.00: 10 cents
    expect(ok(10.11, lines(5, 5))).toBe(false)
    expect(ok(1009.9, lines(1000))).toBe(true) // 1% of 1,000.00
    expect(ok(1010.01, lines(1000))).toBe(false)
    expect(ok(989.99, lines(1000))).toBe(false)
    expect(ok(0.01, lines(0))).toBe(true)
    expect(ok(5, [{ sku: 'A', price: 0.5, quantity: 10 }])).toBe(true)
    expect(ok(5, [{ sku: 'A', price: 0.5, quantity: 9 }])).toBe(false)
    expect(ok(1000, lines(1000), { discount: 100 })).toBe(false)
    // JPY has no minor unit: whole yen, 1% of 1,000.
    expect(ok(1001, lines(1000), { currency: 'jpy' })).toBe(true)
  })

  it('refuses shipping, tax and discount that are negative or finer than the currency', async () => {
    for (const fields of [{ shipping: -1 }, { tax: 1.234 }, { discount: '3' }, { shipping: 1e12 }]) {
      const res = await collect(purchase('BAD-EXTRA', { total: 10, items: lines(10), ...fields }))
      expect(res.status).toBe(400)
      const error = await errorOf(res)
      expect(error.code).toBe('VALIDATION_FAILED')
      expect(error.details).toEqual([expect.objectContaining({ path: Object.keys(fields)[0] })])
    }
  })

  it('refuses a mismatching signed order the same way, storing nothing; a consistent one is created', async () => {
    const before = await orderCount()
    const res = await signed('/api/conversions', {
      orderId: 'S2S-MISMATCH',
      total: 1,
      currency: 'EUR',
      items: lines(5_000_000),
    })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('TOTAL_MISMATCH')
    expect(await orderCount()).toBe(before)
    const ok = await signed('/api/conversions', {
      orderId: 'S2S-OK',
      total: 45.4,
      currency: 'EUR',
      items: lines(34.9, 9.9),
      shipping: 3.6,
      discount: 3,
    })
    expect(ok.status).toBe(201)
  })
})

describe('currencies', () => {
  it('upper-cases currency codes on /collect, on signed orders and on refunds', async () => {
    expect((await collect(purchase('CUR-1', { total: 10, currency: 'eur', items: lines(10) }))).status).toBe(
      202,
    )
    expect((await t.repos.orders.byRef(demo.shopId, 'CUR-1'))!.currency).toBe('EUR')
    const order = await signed('/api/conversions', {
      orderId: 'CUR-2',
      total: 10,
      currency: ' usd ',
      items: lines(10),
    })
    expect(order.status).toBe(201)
    expect((await t.repos.orders.byRef(demo.shopId, 'CUR-2'))!.currency).toBe('USD')
    const refund = await signed('/api/conversions/CUR-2/refund', {
      orderId: 'CUR-2',
      amount: 2.5,
      currency: 'usd',
    })
    expect(refund.status).toBe(200)
    expect((await t.repos.orders.byRef(demo.shopId, 'CUR-2'))!.refundedMinor).toBe(250)
  })

  it('refuses codes that are not ISO 4217 money the same way everywhere, storing nothing', async () => {
    const before = await orderCount()
    for (const currency of ['euro', 'xxx', 'eu', '', 'EUR1', 'xau']) {
      const browser = await collect(
        purchase(`CUR-BAD-${currency}`, { total: 10, currency, items: lines(10) }),
      )
      const server = await signed('/api/conversions', {
        orderId: 'CUR-BAD',
        total: 10,
        currency,
        items: lines(10),
      })
      const refund = await signed('/api/conversions/CUR-2/refund', { orderId: 'CUR-2', amount: 1, currency })
      for (const [name, res] of [
        ['collect', browser],
        ['order', server],
        ['refund', refund],
      ] as const) {
        expect(res.status, `${name} ${currency}`).toBe(400)
        const error = await errorOf(res)
        expect(error.code).toBe('VALIDATION_FAILED')
        expect(error.details).toEqual([expect.objectContaining({ path: 'currency' })])
      }
    }
    expect(await orderCount()).toBe(before)
    expect((await t.repos.orders.byRef(demo.shopId, 'CUR-2'))!.refundedMinor).toBe(250)
  })

  it('checks decimals against the upper-cased currency (jpy has none)', async () => {
    const res = await collect(purchase('CUR-JPY', { total: 1.5, currency: 'jpy', items: [] }))
    expect(res.status).toBe(400)
    expect((await errorOf(res)).details).toEqual([expect.objectContaining({ path: 'total' })])
  })
})

describe("shops' registered origins", () => {
  const origins = (production: boolean, list: string[]) =>
    createShopSchema(production).safeParse({ name: 'Shop', origins: list })

  it('stores the normalised origin, the form browsers send in Origin', () => {
    const parsed = origins(false, [
      'HTTPS://Shop.Example:443/',
      'https://shop.example',
      'http://127.0.0.1:3002',
    ])
    expect(parsed.success && parsed.data.origins).toEqual(['https://shop.example', 'http://127.0.0.1:3002'])
    expect(origins(false, ['https://xn--80aa0cbo65f.com']).success).toBe(true)
    for (const bad of [
      'https://shop.example/checkout',
      'https://shop.example/?a=1',
      'https://user:pw@shop.example',
      'javascript:alert(1)',
      'shop.example',
      'ftp://shop.example',
    ]) {
      expect(origins(false, [bad]).success, bad).toBe(false)
    }
  })

  it('takes public https origins only in production', () => {
    expect(origins(true, ['https://shop.example']).success).toBe(true)
    for (const bad of [
      'http://shop.example',
      'https://localhost',
      'https://127.0.0.1',
      'https://10.0.0.1',
      'https://192.168.1.20:8443',
      'https://[::1]',
      'https://[::ffff:127.0.0.1]',
      'https://[::ffff:a9fe:a9fe]',
      'https://100.64.0.1',
      'https://169.254.169.254',
    ]) {
      expect(origins(true, [bad]).success, bad).toBe(false)
    }
  })

  it('collects from a shop registered with an origin spelled in capitals', async () => {
    const created = await t.app.request('/api/shops', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'Caps', origins: ['HTTPS://Caps.Example/'], customerId: demo.customerId }),
    })
    expect(created.status).toBe(201)
    const { shop } = (await created.json()) as { shop: { publicKey: string; origins: string[] } }
    expect(shop.origins).toEqual(['https://caps.example'])
    const res = await collect(
      { ...purchase('CAPS-1', { total: 10, items: lines(10) }), key: shop.publicKey },
      { origin: 'https://caps.example' },
    )
    expect(res.status).toBe(202)
  })
})
