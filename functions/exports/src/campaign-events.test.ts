// The raw clicks and conversions exports on the whole app with a real ClickHouse (chDB), both
// demo customers seeded: columns and cells, [from, to) filters, formula cells neutralised, the
// columns and rows per role (internal ones for staff only; a client never another customer's
// rows; an influencer none), another customer's campaign answering 404 like a missing one, a
// 20,000-click export streamed complete across keyset pages with ties in time, and 503 when
// ClickHouse is down.
import { issueToken } from '@glam/auth'
import type { ClickEvent } from '@glam/commerce/click-event'
import { demo } from '@glam/db/demo'
import { type ClickHouseApp, startClickHouseApp } from '@glam/testing/clickhouse-app'
import { type KillableClickHouse, startKillableClickHouse } from '@glam/testing/clickhouse-outage'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

type T = ClickHouseApp['t']
const nil = '00000000-0000-0000-0000-000000000000'
const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const chTime = (iso: string) => iso.replace('T', ' ').replace('Z', '')
let sequence = 0
/** A UUIDv7-shaped id, unique in the run. */
const newId = () => `01900000-0000-7000-8000-${(++sequence).toString(16).padStart(12, '0')}`

function click(at: string, fields: Partial<ClickEvent> = {}): ClickEvent {
  return {
    table: 'clicks',
    id: newId(),
    time: chTime(at),
    link_id: demo.lenaLinkId,
    campaign_id: demo.campaignId,
    influencer_id: demo.lenaId,
    customer_id: demo.customerId,
    slug: 'summer-lena',
    channel: 'influencer',
    destination_host: '127.0.0.1:3001',
    country: 'DE',
    referrer: 'https://l.instagram.com/?u=x',
    in_app: 'instagram',
    is_bot: false,
    bot_reason: '',
    client_ip: '100.64.0.1',
    user_agent: iphone,
    ...fields,
  }
}

function conversion(at: string, fields: Record<string, unknown>) {
  return {
    table: 'conversions',
    id: newId(),
    time: chTime(at),
    version: 1,
    shop_id: demo.shopId,
    order_ref: 'DB-1',
    status: 'placed',
    currency: 'EUR',
    total_minor: 4990,
    refunded_minor: 0,
    items: 2,
    coupon: '',
    click_id: '',
    link_id: demo.lenaLinkId,
    influencer_id: demo.lenaId,
    campaign_id: demo.campaignId,
    customer_id: demo.customerId,
    attribution_model: 'click',
    source: 'browser',
    ...fields,
  }
}

/** The CSV as rows of cells (the byte-order mark dropped), header first. */
const csv = (text: string): string[][] => parse(text.replace(/^\uFEFF/, ''), { relax_column_count: false })

describe('campaign clicks and conversions as CSV', () => {
  let ch: ClickHouseApp
  let t: T
  let tokens: Record<'admin' | 'staff' | 'client' | 'influencer', string>
  let nordlichtClient: string
  const get = async (path: string, token?: string) => {
    const res = await t.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} })
    // Decoded keeping the byte-order mark (Response.text() drops it).
    return { res, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) }
  }
  const clicksOf = (campaign: string, query = '') => `/api/exports/campaigns/${campaign}/clicks.csv${query}`
  const conversionsOf = (campaign: string, query = '') =>
    `/api/exports/campaigns/${campaign}/conversions.csv${query}`
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    ch = await startClickHouseApp('exports-events')
    t = ch.t
    tokens = await demoTokens(t, ['admin', 'staff', 'client', 'influencer'])
    const user = (await t.repos.users.byEmail('client2@demo.glam'))!
    nordlichtClient = (
      await issueToken(t.platform, {
        userId: user.id,
        email: user.email,
        app: demo.app,
        grants: await t.repos.users.grants(user.id, demo.app),
      })
    ).token
    const events = [
      click('2026-11-02T09:00:00.000Z'),
      click('2026-11-01T08:00:00.000Z', {
        link_id: demo.miaLinkId,
        influencer_id: demo.miaId,
        slug: '@SUM(1)',
        country: 'AT',
        referrer: '',
        in_app: '',
        fallback_reason: 'product_out_of_stock',
      }),
      click('2026-11-03T10:00:00.000Z', {
        is_bot: true,
        bot_reason: 'preview:whatsapp',
        user_agent: 'WhatsApp/2.23',
      }),
      click('2026-11-03T11:00:00.000Z', {
        link_id: demo.nordlicht.ninaLinkId,
        campaign_id: demo.nordlicht.campaignId,
        influencer_id: demo.nordlicht.ninaId,
        customer_id: demo.nordlicht.customerId,
        slug: 'winter-care-nina',
        country: 'SE',
      }),
    ]
    ids.first = events[1]!.id
    ids.second = events[0]!.id
    ids.bot = events[2]!.id
    for (const e of events) t.platform.events.record(e)
    const order = conversion('2026-11-02T09:30:00.000Z', {
      order_ref: 'DB-20261102-001',
      coupon: '=HYPERLINK("https://evil.example","win")',
      click_id: 'cid-123',
    })
    ids.order = order.id
    t.platform.events.record(order)
    // The order's later version: half refunded. Only this one is exported.
    t.platform.events.record({ ...order, version: 2, status: 'refunded', refunded_minor: 2495 })
    t.platform.events.record(
      conversion('2026-11-01T12:00:00.000Z', {
        order_ref: 'DB-20261101-001',
        currency: 'JPY',
        total_minor: 3250,
        items: 1,
        link_id: nil,
        influencer_id: demo.miaId,
        attribution_model: 'coupon',
        coupon: 'MIA10',
        source: 'server',
      }),
    )
    t.platform.events.record(
      conversion('2026-11-03T12:00:00.000Z', {
        order_ref: 'NK-20261103-001',
        shop_id: demo.nordlicht.shopId,
        link_id: demo.nordlicht.ninaLinkId,
        influencer_id: demo.nordlicht.ninaId,
        campaign_id: demo.nordlicht.campaignId,
        customer_id: demo.nordlicht.customerId,
      }),
    )
    await t.platform.events.flush()
  }, 120_000)
  afterAll(() => ch?.stop())

  it('gives staff every click of the campaign with every column, oldest first', async () => {
    for (const token of [tokens.staff, tokens.admin, 'glam_dev_admin']) {
      const { res, text } = await get(clicksOf(demo.campaignId), token)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="Summer-Glow-clicks.csv"')
      expect(res.headers.get('cache-control')).toBe('private, no-store')
      expect(text.startsWith('\uFEFF')).toBe(true)
      const [header, ...rows] = csv(text)
      expect(header).toEqual([
        'time',
        'click_id',
        'link',
        'link_id',
        'influencer',
        'country',
        'device',
        'os',
        'browser',
        'referrer_host',
        'in_app',
        'is_bot',
        'bot_reason',
        'fallback_reason',
      ])
      expect(rows.map((r) => r[1])).toEqual([ids.first, ids.second, ids.bot])
      expect(rows[0]).toEqual([
        '2026-11-01T08:00:00.000Z',
        ids.first,
        "'@SUM(1)",
        demo.miaLinkId,
        'mia',
        'AT',
        'mobile',
        'iOS',
        'Mobile Safari',
        '',
        '',
        'false',
        '',
        'product_out_of_stock',
      ])
      expect(rows[1]).toEqual([
        '2026-11-02T09:00:00.000Z',
        ids.second,
        'summer-lena',
        demo.lenaLinkId,
        'lena',
        'DE',
        'mobile',
        'iOS',
        'Mobile Safari',
        'l.instagram.com',
        'instagram',
        'false',
        '',
        '',
      ])
      expect(rows[2]!.slice(11, 13)).toEqual(['true', 'preview:whatsapp'])
      expect(text).not.toContain('winter-care-nina')
    }
  })

  it('gives staff every order in its latest version, amounts in the currency’s own units, formulas neutralised', async () => {
    const { res, text } = await get(conversionsOf(demo.campaignId), tokens.staff)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Summer-Glow-conversions.csv"')
    expect(csv(text)).toEqual([
      [
        'order_id',
        'placed_at',
        'status',
        'currency',
        'total',
        'refunded',
        'net',
        'items',
        'coupon',
        'click_id',
        'link',
        'influencer',
        'attribution',
        'source',
      ],
      [
        'DB-20261101-001',
        '2026-11-01T12:00:00.000Z',
        'placed',
        'JPY',
        '3250',
        '0',
        '3250',
        '1',
        'MIA10',
        '',
        '',
        'mia',
        'coupon',
        'server',
      ],
      [
        'DB-20261102-001',
        '2026-11-02T09:30:00.000Z',
        'refunded',
        'EUR',
        '49.90',
        '24.95',
        '24.95',
        '2',
        `'=HYPERLINK("https://evil.example","win")`,
        'cid-123',
        'summer-lena',
        'lena',
        'click',
        'browser',
      ],
    ])
  })

  it('gives a client its campaign without internal columns or bot clicks, and nothing of another customer', async () => {
    const clicks = await get(clicksOf(demo.campaignId), tokens.client)
    expect(clicks.res.status).toBe(200)
    const [header, ...rows] = csv(clicks.text)
    expect(header).toEqual([
      'time',
      'link',
      'link_id',
      'influencer',
      'country',
      'device',
      'os',
      'browser',
      'referrer_host',
      'in_app',
      'fallback_reason',
    ])
    expect(rows.map((r) => r[0])).toEqual(['2026-11-01T08:00:00.000Z', '2026-11-02T09:00:00.000Z'])
    for (const id of [ids.first, ids.second, ids.bot]) expect(clicks.text).not.toContain(id)
    expect(clicks.text).not.toMatch(/whatsapp|winter-care|nina/i)

    const conversions = await get(conversionsOf(demo.campaignId), tokens.client)
    const [cHeader, ...cRows] = csv(conversions.text)
    expect(cHeader).not.toContain('click_id')
    expect(cHeader).toContain('attribution')
    expect(cRows.map((r) => r[0])).toEqual(['DB-20261101-001', 'DB-20261102-001'])
    expect(conversions.text).not.toContain('cid-123')
    expect(conversions.text).not.toContain('NK-')

    // Nordlicht's client: its own campaign only, and Demo Beauty's answers like a missing one.
    const own = await get(clicksOf(demo.nordlicht.campaignId), nordlichtClient)
    expect(
      csv(own.text)
        .slice(1)
        .map((r) => r[1]),
    ).toEqual(['winter-care-nina'])
    const ownOrders = await get(conversionsOf(demo.nordlicht.campaignId), nordlichtClient)
    expect(
      csv(ownOrders.text)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['NK-20261103-001'])
    for (const [token, foreign] of [
      [tokens.client, demo.nordlicht.campaignId],
      [nordlichtClient, demo.campaignId],
    ] as const) {
      for (const path of [clicksOf, conversionsOf]) {
        const theirs = await get(path(foreign), token)
        const missing = await get(path(crypto.randomUUID()), token)
        expect(theirs.res.status).toBe(404)
        const body = JSON.parse(theirs.text)
        expect(body.error).toMatchObject({ code: 'NOT_FOUND', message: 'No such campaign.' })
        expect({ ...body.error, requestId: '' }).toEqual({ ...JSON.parse(missing.text).error, requestId: '' })
        expect(theirs.text).not.toMatch(/Winter Care|Summer Glow|Nordlicht|Demo Beauty/)
      }
    }
  })

  it('refuses influencers (403) and anonymous callers (401), as the orders export does', async () => {
    for (const path of [clicksOf(demo.campaignId), conversionsOf(demo.campaignId)]) {
      const influencer = await get(path, tokens.influencer)
      expect(influencer.res.status).toBe(403)
      expect(JSON.parse(influencer.text).error.code).toBe('FORBIDDEN')
      const anonymous = await get(path)
      expect(anonymous.res.status).toBe(401)
      expect(JSON.parse(anonymous.text).error.code).toBe('UNAUTHORIZED')
    }
  })

  it('filters by [from, to), and refuses bad filters', async () => {
    const rows = async (path: string) => csv((await get(path, tokens.staff)).text).slice(1)
    expect((await rows(clicksOf(demo.campaignId, '?from=2026-11-02'))).map((r) => r[1])).toEqual([
      ids.second,
      ids.bot,
    ])
    expect((await rows(clicksOf(demo.campaignId, '?to=2026-11-02T09:00:00Z'))).map((r) => r[1])).toEqual([
      ids.first,
    ])
    expect(
      (
        await rows(clicksOf(demo.campaignId, '?from=2026-11-02T09:00:00.000Z&to=2026-11-02T09:00:00.001Z'))
      ).map((r) => r[1]),
    ).toEqual([ids.second])
    expect(
      (await rows(conversionsOf(demo.campaignId, '?from=2026-11-02&to=2026-11-03'))).map((r) => r[0]),
    ).toEqual(['DB-20261102-001'])
    expect(await rows(conversionsOf(demo.campaignId, '?from=2027-01-01'))).toEqual([])
    // Bounds beyond what ClickHouse's times hold are the open ends.
    expect(await rows(clicksOf(demo.campaignId, '?from=0001-01-01&to=9999-12-31'))).toHaveLength(3)
    for (const query of [
      '?from=2026-11-03&to=2026-11-02',
      '?from=yesterday',
      '?bots=include',
      '?to=2026-02-30',
    ]) {
      const { res, text } = await get(clicksOf(demo.campaignId, query), tokens.staff)
      expect(res.status, query).toBe(400)
      expect(JSON.parse(text).error.code).toBe('VALIDATION_FAILED')
    }
  })

  it('streams 20,000 clicks complete, in order, across keyset pages with ties in time', async () => {
    const campaign = await t.repos.campaigns.create({
      customerId: demo.customerId,
      name: 'Big Export',
      timezone: 'UTC',
    })
    const start = Date.parse('2026-10-01T00:00:00.000Z')
    const recorded: string[] = []
    // Four clicks per millisecond: pages of 5,000 end inside a run of equal times.
    for (let n = 0; n < 20_000; n++) {
      const event = click(new Date(start + Math.floor(n / 4)).toISOString(), { campaign_id: campaign.id })
      recorded.push(event.id)
      t.platform.events.record(event)
    }
    await t.platform.events.flush()
    // Count what ClickHouse is asked for: pages of at most 5,000 rows, never the whole export.
    const analytics = t.platform.analytics as {
      query: (sql: string, params?: Record<string, unknown>) => Promise<unknown[]>
    }
    const query = analytics.query
    const pages: number[] = []
    analytics.query = async (sql, params) => {
      const rows = await query.call(t.platform.analytics, sql, params)
      pages.push(rows.length)
      return rows
    }
    const { res, text } = await get(clicksOf(campaign.id), tokens.staff).finally(() => {
      analytics.query = query
    })
    expect(res.status).toBe(200)
    expect(pages).toEqual([5_000, 5_000, 5_000, 5_000, 0])
    const rows = csv(text).slice(1)
    expect(rows).toHaveLength(20_000)
    expect(new Set(rows.map((r) => r[1])).size).toBe(20_000)
    expect(rows.map((r) => r[1]).sort()).toEqual([...recorded].sort())
    const times = rows.map((r) => r[0]!)
    expect([...times].sort()).toEqual(times)
    expect(times[19_999]).toBe(new Date(start + 4_999).toISOString())
    expect(t.logRecords().some((r) => r.event === 'export.clicks.done' && r.rows === 20_000)).toBe(true)
  }, 120_000)
})

describe('campaign events without ClickHouse', () => {
  let killable: KillableClickHouse
  afterAll(() => killable?.stop())

  it('answers 503 SERVICE_UNAVAILABLE before any CSV when ClickHouse is down or not configured', async () => {
    const memory = await createTestAppWithDatabase()
    const res = await memory.app.request(`/api/exports/campaigns/${demo.campaignId}/clicks.csv`, {
      headers: { authorization: 'Bearer glam_dev_admin' },
    })
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE')

    killable = await startKillableClickHouse('glam-exports-outage-chdb-')
    const t = await createTestAppWithDatabase({
      env: { GLAM_EVENTS: 'clickhouse', CLICKHOUSE_URL: killable.url },
    })
    const up = await t.app.request(`/api/exports/campaigns/${demo.campaignId}/conversions.csv`, {
      headers: { authorization: 'Bearer glam_dev_admin' },
    })
    expect(up.status).toBe(200)
    await up.text()
    await killable.kill()
    for (const kind of ['clicks', 'conversions']) {
      const down = await t.app.request(`/api/exports/campaigns/${demo.campaignId}/${kind}.csv`, {
        headers: { authorization: 'Bearer glam_dev_admin' },
      })
      expect(down.status).toBe(503)
      expect(down.headers.get('content-type')).toMatch(/^application\/json/)
      const body = (await down.json()) as { error: { code: string; message: string } }
      expect(body.error).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        message: 'Campaign events are unavailable right now.',
      })
    }
    await t.platform.close?.()
  }, 120_000)
})
