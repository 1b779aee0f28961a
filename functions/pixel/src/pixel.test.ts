import { demo } from '@glam/db'
import { createTestAppWithDatabase, createTestClock } from '@glam/testing/platform'
import { purchase } from '@glam/testing/purchase'
import { beforeAll, describe, expect, it } from 'vitest'
import { signBody } from './signature.ts'

const shopOrigin = 'http://127.0.0.1:3001'
const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }
const devSecret = 'whsec_demo_shop_development_only_0000000000'

async function setup() {
  // Click ids carry real time (UUIDv7), so the frozen clock starts now.
  const clock = createTestClock(new Date().toISOString())
  const base = await createTestAppWithDatabase({
    env: { GLAM_COLLECT_PER_IP_PER_MINUTE: '1000' },
    overrides: { clock },
  })
  const t = { ...base, clock }
  const collect = (body: unknown, headers: Record<string, string> = { origin: shopOrigin }) =>
    t.app.request('/collect', {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const click = async (slug: string) => {
    const res = await t.app.request(`/${slug}`, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Safari' } })
    return new URL(res.headers.get('location')!).searchParams.get('glam_cid')!
  }
  const signed = async (
    path: string,
    body: unknown,
    options: { secret?: string; at?: number; raw?: string } = {},
  ) => {
    const raw = options.raw ?? JSON.stringify(body)
    const at = options.at ?? Math.floor(t.clock.now().getTime() / 1000)
    return t.app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-glam-key': demo.shopPublicKey,
        'x-glam-timestamp': String(at),
        'x-glam-signature': await signBody(options.secret ?? devSecret, at, raw),
      },
      body: raw,
    })
  }
  const orderCount = async () => (await t.database.db.select().from(t.database.t.orders)).length
  const events = () => (t.platform.events as unknown as { events: { table: string }[] }).events ?? []
  return { ...t, collect, click, signed, orderCount, events }
}

const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

describe('collect', () => {
  let t: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    t = await setup()
  })

  it('records a purchase once, attributed to the last click, with CORS for the shop origin', async () => {
    const cid = await t.click('summer-lena')
    expect(cid).toMatch(/^[A-Za-z0-9_-]{54}$/)
    // Two lines at 34.90 each: the builder's default items.
    const a1 = purchase('A-1', { total: 69.8, currency: 'EUR', clickId: cid })
    const res = await t.collect(a1)
    expect(res.status).toBe(202)
    expect(res.headers.get('access-control-allow-origin')).toBe(shopOrigin)
    const order = (await t.repos.orders.byRef(demo.shopId, 'A-1'))!
    expect(order).toMatchObject({
      totalMinor: 6980,
      currency: 'EUR',
      attributionModel: 'last_click',
      influencerId: demo.lenaId,
      campaignId: demo.campaignId,
      linkId: demo.lenaLinkId,
      customerId: demo.customerId,
      source: 'browser',
    })
    expect(await t.repos.orders.lines([order.id])).toHaveLength(2)
    for (let i = 0; i < 2; i++) {
      const again = await t.collect(a1)
      expect(again.status).toBe(409)
      expect(await codeOf(again)).toBe('DUPLICATE_ORDER')
    }
    expect(
      (await t.database.db.select().from(t.database.t.orders)).filter((o) => o.orderRef === 'A-1'),
    ).toHaveLength(1)
  })

  it('falls back to a coupon, else keeps the order unattributed; a forged click token never attributes', async () => {
    await t.collect(purchase('C-1', { coupon: 'mia10' }))
    expect(await t.repos.orders.byRef(demo.shopId, 'C-1')).toMatchObject({
      attributionModel: 'coupon',
      influencerId: demo.miaId,
    })
    await t.collect(purchase('N-1', { clickId: 'A'.repeat(54) }))
    expect(await t.repos.orders.byRef(demo.shopId, 'N-1')).toMatchObject({
      attributionModel: 'none',
      influencerId: null,
      customerId: demo.customerId,
    })
  })

  it('ignores a click older than the campaign window', async () => {
    const cid = await t.click('summer-mia')
    t.clock.advance(31 * 24 * 3600 * 1000)
    await t.collect(purchase('OLD-1', { clickId: cid }))
    expect(await t.repos.orders.byRef(demo.shopId, 'OLD-1')).toMatchObject({ attributionModel: 'none' })
  })

  it('takes the image fallback (GET ?d=) and answers a GIF', async () => {
    const d = encodeURIComponent(JSON.stringify(purchase('IMG-1')))
    const res = await t.app.request(`/collect?d=${d}`, { headers: { referer: `${shopOrigin}/order/IMG-1` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/gif')
    expect(await t.repos.orders.byRef(demo.shopId, 'IMG-1')).not.toBeNull()
  })

  it('refuses every bad request with a 4xx and a code, storing nothing', async () => {
    const before = await t.orderCount()
    const cases: [string, Response, number, string][] = [
      [
        'wrong key',
        await t.collect(purchase('X-1', { key: 'pk_unknownunknownunknown' })),
        401,
        'INVALID_KEY',
      ],
      [
        'foreign origin',
        await t.collect(purchase('X-2'), { origin: 'https://evil.example' }),
        403,
        'ORIGIN_NOT_ALLOWED',
      ],
      ['no origin', await t.collect(purchase('X-3'), {}), 403, 'ORIGIN_NOT_ALLOWED'],
      ['malformed', await t.collect('{"key":'), 400, 'MALFORMED_JSON'],
      ['negative total', await t.collect(purchase('X-4', { total: -1 })), 400, 'VALIDATION_FAILED'],
      ['huge total', await t.collect(purchase('X-5', { total: 1e12 })), 400, 'VALIDATION_FAILED'],
      ['unknown currency', await t.collect(purchase('X-6', { currency: 'EUX' })), 400, 'VALIDATION_FAILED'],
      ['no-money currency', await t.collect(purchase('X-7', { currency: 'XXX' })), 400, 'VALIDATION_FAILED'],
      ['too many decimals', await t.collect(purchase('X-8', { total: 1.234 })), 400, 'VALIDATION_FAILED'],
      ['string total', await t.collect(purchase('X-9', { total: '69.80' })), 400, 'VALIDATION_FAILED'],
      [
        '501 lines',
        await t.collect(
          purchase('X-10', {
            items: Array.from({ length: 501 }, (_, i) => ({ sku: `S${i}`, price: 1, quantity: 1 })),
          }),
        ),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'zero quantity',
        await t.collect(purchase('X-11', { items: [{ sku: 'A', price: 1, quantity: 0 }] })),
        400,
        'VALIDATION_FAILED',
      ],
      ['no order id', await t.collect(purchase('')), 400, 'VALIDATION_FAILED'],
    ]
    for (const [name, res, status, code] of cases) {
      expect(res.status, name).toBe(status)
      expect(await codeOf(res), name).toBe(code)
    }
    expect(await t.orderCount()).toBe(before)
  })

  it('is rate-limited per IP', async () => {
    const limited = await setup()
    const t2 = await createTestAppWithDatabase({ env: { GLAM_COLLECT_PER_IP_PER_MINUTE: '3' } })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      const res = await t2.app.request('/collect', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: shopOrigin, 'x-real-ip': '10.1.1.1' },
        body: JSON.stringify(purchase(`RL-${i}`)),
      })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429])
    expect(await limited.orderCount()).toBe(0)
  })

  it('serves the snippet cacheably with its version as ETag', async () => {
    const res = await t.app.request('/pixel.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/)
    const etag = res.headers.get('etag')!
    expect((await t.app.request('/pixel.js', { headers: { 'if-none-match': etag } })).status).toBe(304)
  })
})

describe('server-to-server conversions', () => {
  let t: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    t = await setup()
  })
  const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
    orderId,
    total: 100,
    currency: 'EUR',
    items: [{ sku: 'A', name: 'A', price: 100, quantity: 1 }],
    ...extra,
  })

  it('creates a signed order; refuses bad, expired and replayed signatures, storing nothing', async () => {
    const created = await t.signed('/api/conversions', order('S-1'))
    expect(created.status).toBe(201)
    const before = await t.orderCount()
    const bad = await t.signed('/api/conversions', order('S-2'), { secret: 'whsec_wrong' })
    expect([bad.status, await codeOf(bad)]).toEqual([401, 'INVALID_SIGNATURE'])
    const at = Math.floor(t.clock.now().getTime() / 1000) - 301
    const expired = await t.signed('/api/conversions', order('S-3'), { at })
    expect([expired.status, await codeOf(expired)]).toEqual([401, 'SIGNATURE_EXPIRED'])
    const raw = JSON.stringify(order('S-4'))
    const fixedAt = Math.floor(t.clock.now().getTime() / 1000)
    expect((await t.signed('/api/conversions', null, { raw, at: fixedAt })).status).toBe(201)
    const replay = await t.signed('/api/conversions', null, { raw, at: fixedAt })
    expect([replay.status, await codeOf(replay)]).toEqual([409, 'REPLAYED_REQUEST'])
    t.clock.advance(1000)
    const duplicate = await t.signed('/api/conversions', order('S-1'))
    expect([duplicate.status, await codeOf(duplicate)]).toEqual([409, 'DUPLICATE_ORDER'])
    const malformed = await t.signed('/api/conversions', null, { raw: '{"orderId":' })
    expect([malformed.status, await codeOf(malformed)]).toEqual([400, 'MALFORMED_JSON'])
    const unknownField = await t.signed('/api/conversions', order('S-5', { admin: true }))
    expect(unknownField.status).toBe(400)
    const noSignature = await t.app.request('/api/conversions', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-glam-key': demo.shopPublicKey,
        'x-glam-timestamp': String(fixedAt),
      },
      body: raw,
    })
    expect([noSignature.status, await codeOf(noSignature)]).toEqual([401, 'INVALID_SIGNATURE'])
    expect(await t.orderCount()).toBe(before + 1)
  })

  it('the browser and the server reporting one order count it once; the server figures win', async () => {
    const cid = await t.click('summer-lena')
    expect((await t.collect(purchase('BOTH-1', { clickId: cid }))).status).toBe(202)
    const merged = await t.signed(
      '/api/conversions',
      order('BOTH-1', {
        total: 59.8,
        items: [{ sku: 'GLOW-SERUM-30', price: 59.8, quantity: 1 }],
        clickId: cid,
      }),
    )
    expect(merged.status).toBe(200)
    expect(((await merged.json()) as { outcome: string }).outcome).toBe('merged')
    const stored = (await t.repos.orders.byRef(demo.shopId, 'BOTH-1'))!
    expect(stored).toMatchObject({ totalMinor: 5980, source: 'server', influencerId: demo.lenaId })
    expect(await t.repos.orders.lines([stored.id])).toHaveLength(1)
    const again = await t.signed('/api/conversions', order('BOTH-1'))
    expect(again.status).toBe(409)
    expect((await t.collect(purchase('BOTH-1'))).status).toBe(409)
  })

  it('refunds and cancels, never past the total', async () => {
    await t.signed('/api/conversions', order('R-1'))
    const part = await t.signed('/api/conversions/R-1/refund', {
      orderId: 'R-1',
      amount: 30,
      currency: 'EUR',
    })
    expect(part.status).toBe(200)
    expect(await part.json()).toMatchObject({ status: 'partially_refunded', refunded: '30.00', net: '70.00' })
    const tooMuch = await t.signed('/api/conversions/R-1/refund', {
      orderId: 'R-1',
      amount: 80,
      currency: 'EUR',
    })
    expect([tooMuch.status, await codeOf(tooMuch)]).toEqual([409, 'CONFLICT'])
    const wrongCurrency = await t.signed('/api/conversions/R-1/refund', {
      orderId: 'R-1',
      amount: 1,
      currency: 'USD',
    })
    expect(wrongCurrency.status).toBe(400)
    // The body names the order, so a signed cancel cannot be replayed against another one.
    const otherOrder = await t.signed('/api/conversions/R-1/cancel', { orderId: 'S-1' })
    expect(otherOrder.status).toBe(400)
    const cancel = await t.signed('/api/conversions/R-1/cancel', { orderId: 'R-1', reason: 'customer' })
    expect(await cancel.json()).toMatchObject({ status: 'cancelled', net: '0.00' })
    t.clock.advance(1000)
    expect((await t.signed('/api/conversions/R-1/cancel', { orderId: 'R-1' })).status).toBe(409)
    expect((await t.signed('/api/conversions/NOPE/cancel', { orderId: 'NOPE' })).status).toBe(404)
  })
})

describe('/api/shops', () => {
  let t: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    t = await setup()
  })

  it('creates a shop with its secret shown once, rotates keys, and the collect path follows', async () => {
    const res = await t.app.request('/api/shops', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        name: 'Glow Store',
        origins: ['https://glow.example'],
        customerId: demo.customerId,
      }),
    })
    expect(res.status).toBe(201)
    const created = (await res.json()) as {
      shop: { id: string; publicKey: string }
      signingSecret: string
      snippet: string
    }
    expect(created.signingSecret).toMatch(/^whsec_/)
    expect(created.snippet).toContain(`data-key="${created.shop.publicKey}"`)
    const read = (await (
      await t.app.request(`/api/shops/${created.shop.id}`, { headers: admin })
    ).json()) as Record<string, unknown>
    expect(JSON.stringify(read)).not.toContain(created.signingSecret)
    const ok = await t.collect(purchase('G-1', { key: created.shop.publicKey }), {
      origin: 'https://glow.example',
    })
    expect(ok.status).toBe(202)
    const rotated = (await (
      await t.app.request(`/api/shops/${created.shop.id}/rotate`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ publicKey: true, secret: true }),
      })
    ).json()) as { shop: { publicKey: string }; signingSecret: string }
    expect(rotated.shop.publicKey).not.toBe(created.shop.publicKey)
    expect(rotated.signingSecret).not.toBe(created.signingSecret)
    const old = await t.collect(purchase('G-2', { key: created.shop.publicKey }), {
      origin: 'https://glow.example',
    })
    expect(old.status).toBe(401)
    expect(await t.repos.audit.forTarget('shop', created.shop.id)).toHaveLength(2)
  })

  it('refuses bad shop input and non-admin callers', async () => {
    for (const body of [
      { name: '', origins: ['https://a.example'] },
      { name: 'A', origins: [] },
      { name: 'A', origins: ['https://a.example/path'] },
      { name: 'A', origins: ['javascript:alert(1)'] },
      { name: 'A', origins: ['https://a.example'], extra: 1 },
    ]) {
      const res = await t.app.request('/api/shops', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify(body),
      })
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    const { key } = await t.repos.apiKeys.create({
      name: 'client',
      customerId: demo.customerId,
      scopes: ['*'],
    })
    const res = await t.app.request('/api/shops', {
      method: 'POST',
      headers: { ...admin, authorization: `Bearer ${key}` },
      body: JSON.stringify({ name: 'A', origins: ['https://a.example'] }),
    })
    expect(res.status).toBe(403)
  })
})

describe('/api/coupons', () => {
  let t: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    t = await setup()
  })
  const create = (body: unknown, headers: Record<string, string> = admin) =>
    t.app.request('/api/coupons', { method: 'POST', headers, body: JSON.stringify(body) })

  it('creates a coupon that then attributes orders, refuses duplicates and strangers', async () => {
    const res = await create({
      code: 'glow15',
      campaignId: demo.campaignId,
      influencerId: demo.miaId,
      linkId: demo.miaLinkId,
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ code: 'GLOW15', influencerId: demo.miaId })
    await t.collect(purchase('CP-1', { coupon: 'Glow15' }))
    expect(await t.repos.orders.byRef(demo.shopId, 'CP-1')).toMatchObject({
      attributionModel: 'coupon',
      influencerId: demo.miaId,
    })
    expect(
      (await create({ code: 'GLOW15', campaignId: demo.campaignId, influencerId: demo.lenaId })).status,
    ).toBe(409)
    expect(
      (await create({ code: 'x y', campaignId: demo.campaignId, influencerId: demo.lenaId })).status,
    ).toBe(400)
    expect(
      (await create({ code: 'OK1', campaignId: demo.campaignId, influencerId: demo.customerId })).status,
    ).toBe(400)
    expect(
      (
        await create({
          code: 'OK2',
          campaignId: demo.campaignId,
          influencerId: demo.lenaId,
          linkId: demo.miaLinkId,
        })
      ).status,
    ).toBe(400)
    const list = (await (
      await t.app.request(`/api/coupons?campaign=${demo.campaignId}`, { headers: admin })
    ).json()) as { items: { code: string }[] }
    expect(list.items.map((c) => c.code)).toEqual(['GLOW15', 'LENA10', 'MIA10'])
    const other = await t.repos.customers.create({ name: 'Other' })
    const { key } = await t.repos.apiKeys.create({ name: 'other', customerId: other.id, scopes: ['*'] })
    const stranger = await create(
      { code: 'STEAL', campaignId: demo.campaignId, influencerId: demo.lenaId },
      { ...admin, authorization: `Bearer ${key}` },
    )
    expect(stranger.status).toBe(404)
  })
})
