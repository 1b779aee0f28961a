// The reports over the whole app with a real ClickHouse (chDB behind its HTTP front) and 30 days
// of generated demo traffic for both demo customers: the rollups answer exactly what the raw
// tables answer, the orders agree with SQL, and who sees what is enforced by the API (per role:
// admin, staff, both customers' clients, an influencer; REST, CSV and GraphQL alike).
import { issueToken } from '@glam/auth'
import type { Principal } from '@glam/core'
import { demo } from '@glam/db'
import { generateDemoTraffic } from '@glam/platform/node/demo-traffic'
import { type ClickHouseApp, startClickHouseApp } from '@glam/testing/clickhouse-app'
import { demoTokens } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runView } from './http.ts'
import type { ReportViewName } from './views.ts'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Json = Record<string, any>

let ch: ClickHouseApp
let tokens: Record<'admin' | 'staff' | 'client' | 'influencer' | 'client2' | 'clientKey', string>
const platformWide: Principal = { kind: 'api_key', id: 'reports-test', customerId: null, scopes: ['*'] }
const day = 86_400_000
let window: { from: string; to: string }

const get = async (token: string, path: string) => {
  const res = await ch.t.app.request(path, { headers: { authorization: `Bearer ${token}` } })
  const text = await res.text()
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text,
    body: (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as Json) : {},
  }
}
const q = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries({ ...window, ...params }).map(([k, v]) => [k, String(v)])).toString()

beforeAll(async () => {
  ch = await startClickHouseApp('reports')
  const now = ch.t.platform.clock.now()
  await generateDemoTraffic(ch.t.platform, { days: 30, now })
  await ch.t.platform.events.flush()
  const to = new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000)
  window = { from: new Date(to.getTime() - 32 * day).toISOString(), to: to.toISOString() }
  tokens = {
    ...(await demoTokens(ch.t, ['admin', 'staff', 'client', 'influencer'])),
    // A customer's own API key (GET|POST /api/keys) reads its reports like its client does.
    clientKey: (
      await ch.t.repos.apiKeys.create({ name: 'bi', customerId: demo.customerId, scopes: ['reports:read'] })
    ).key,
    client2: await (async () => {
      const email = 'client2@demo.glam'
      const user = (await ch.t.repos.users.byEmail(email))!
      const grants = await ch.t.repos.users.grants(user.id, demo.app)
      return (await issueToken(ch.t.platform, { userId: user.id, email, app: demo.app, grants })).token
    })(),
  }
}, 180_000)
afterAll(async () => {
  await ch?.stop()
})

describe('reports from the rollups', () => {
  const both = async (view: ReportViewName, input: Json) => {
    const run = (source: 'rollup' | 'raw') =>
      runView(ch.t.platform, platformWide, view, { ...window, ...input }, { source }) as Promise<Json>
    return { rollup: await run('rollup'), raw: await run('raw') }
  }
  const withoutSource = ({ source: _, ...rest }: Json) => rest

  it.each([
    ['campaign-overview', { campaign: demo.campaignId, bucket: 'day', compare: false }],
    ['campaign-overview', { campaign: demo.nordlicht.campaignId, bucket: 'hour' }],
    ['campaigns', { limit: 50, offset: 0, sort: 'clicks', order: 'desc' }],
    ['influencers', { campaign: demo.campaignId, limit: 50, offset: 0, sort: 'revenue', order: 'desc' }],
    ['links', { customer: demo.nordlicht.customerId, limit: 50, offset: 0, sort: 'clicks', order: 'desc' }],
  ] as const)('%s gives exactly what the raw tables give (%j)', async (view, input) => {
    const overHours = view === 'campaign-overview' && input.bucket === 'hour'
    const { rollup, raw } = await both(view, {
      ...input,
      ...(overHours && { from: new Date(Date.parse(window.to) - 3 * day).toISOString() }),
    })
    expect(rollup.source).toBe('rollup')
    expect(raw.source).toBe('raw')
    expect(withoutSource(rollup)).toEqual(withoutSource(raw))
  })

  it('draws every bucket of the window, those without activity at zero (days and hours, in the zone)', async () => {
    // Ten quiet days long before the demo traffic, in Berlin: ten points, all zero.
    const quiet = await get(
      tokens.admin,
      `/api/reports/campaign-overview?campaign=${demo.campaignId}&from=2025-03-25&to=2025-04-04&tz=Europe/Berlin&compare=false`,
    )
    expect(quiet.status, quiet.text).toBe(200)
    expect(quiet.body.series.map((p: Json) => p.bucket)).toEqual([
      '2025-03-25',
      '2025-03-26',
      '2025-03-27',
      '2025-03-28',
      '2025-03-29',
      '2025-03-30',
      '2025-03-31',
      '2025-04-01',
      '2025-04-02',
      '2025-04-03',
    ])
    expect(quiet.body.series.every((p: Json) => p.clicks === 0 && p.orders === 0)).toBe(true)
    // Across the spring change (30 March 2025 has 23 hours in Berlin): 47 hours over two days.
    const hours = await get(
      tokens.admin,
      `/api/reports/campaign-overview?campaign=${demo.campaignId}&from=2025-03-30&to=2025-04-01&tz=Europe/Berlin&bucket=hour&compare=false`,
    )
    expect(hours.status, hours.text).toBe(200)
    const labels = hours.body.series.map((p: Json) => p.bucket)
    expect(labels).toHaveLength(47)
    expect(labels.slice(0, 4)).toEqual([
      '2025-03-30T00:00',
      '2025-03-30T01:00',
      '2025-03-30T03:00',
      '2025-03-30T04:00',
    ])
    expect(labels.at(-1)).toBe('2025-03-31T23:00')
    // With traffic: one point per day of the 32-day window, consecutive.
    const busy = await get(
      tokens.admin,
      `/api/reports/campaign-overview?${q({ campaign: demo.campaignId, bucket: 'day' })}`,
    )
    const days = busy.body.series.map((p: Json) => p.bucket)
    expect(days.length).toBeGreaterThanOrEqual(32)
    expect(new Set(days).size).toBe(days.length)
  })

  it('has figures: clicks, bots, orders with refunds and cancels, and they match the orders in SQL', async () => {
    const { rollup } = await both('campaign-overview', { campaign: demo.campaignId, compare: false })
    const totals = rollup.totals
    expect(totals.clicks).toBeGreaterThan(100)
    expect(totals.botClicks).toBeGreaterThan(0)
    expect(totals.orders).toBeGreaterThan(5)
    expect(totals.refunds + totals.cancelled).toBeGreaterThan(0)
    expect(rollup.countries.length).toBeGreaterThan(1)
    expect(rollup.series.length).toBeGreaterThan(20)
    const sql = await ch.t.repos.orders.reportPage({
      campaignId: demo.campaignId,
      from: new Date(window.from),
      to: new Date(window.to),
      limit: 1000,
    })
    const live = sql.filter((o) => o.status !== 'cancelled')
    expect(totals.orders).toBe(live.length)
    for (const m of rollup.totals.revenue as Json[]) {
      const mine = live.filter((o) => o.currency === m.currency)
      expect(m.orders).toBe(mine.length)
      expect(m.grossMinor).toBe(mine.reduce((n, o) => n + o.totalMinor, 0))
      expect(m.netMinor).toBe(
        mine.reduce((n, o) => n + o.totalMinor - Math.min(o.refundedMinor, o.totalMinor), 0),
      )
    }
    expect(totals.cancelled).toBe(sql.length - live.length)
    // The same campaign in its own time zone, a window of whole days there.
    const days = await get(tokens.admin, `/api/reports/campaign-overview?${q({ campaign: demo.campaignId })}`)
    expect(days.status).toBe(200)
    expect(days.body.totals.orders).toBe(totals.orders)
  })

  it('converts into a reporting currency with the day\u2019s rate, and names currencies without one', async () => {
    // One rate per currency into NOK (which the demo rates leave alone), from before the
    // window: it carries forward to every day of it.
    const rates = { EUR: '11.7400', USD: '10.8700', GBP: '13.1200', SEK: '1.0150', CHF: '12.5100' }
    const put = await ch.t.app.request('/api/fx-rates', {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        rates: Object.entries(rates).map(([base, rate]) => ({
          day: new Date(Date.parse(window.from) - 5 * day).toISOString().slice(0, 10),
          base,
          quote: 'NOK',
          rate,
        })),
      }),
    })
    expect(put.status).toBeLessThan(300)
    const chf = await get(
      tokens.admin,
      `/api/reports/campaign-overview?${q({ campaign: demo.campaignId, currency: 'NOK' })}`,
    )
    expect(chf.status).toBe(200)
    const revenue = chf.body.totals.revenue as { currency: keyof typeof rates; grossMinor: number }[]
    expect(revenue.length).toBeGreaterThan(0)
    expect(chf.body.totals.reporting.currency).toBe('NOK')
    expect(chf.body.totals.reporting.missingRates).toEqual([])
    // Converted per day and currency, each rounded once: within a cent a day of the plain product.
    const expected = revenue.reduce((n, m) => n + m.grossMinor * Number(rates[m.currency]), 0)
    expect(Math.abs(chf.body.totals.reporting.grossMinor - expected)).toBeLessThan(40 * revenue.length)
    expect(chf.body.totals.reporting.grossMinor).toBeGreaterThan(0)
    // A quote nobody keeps rates for: every currency is named, none is guessed.
    const jpy = await get(
      tokens.admin,
      `/api/reports/campaign-overview?${q({ campaign: demo.campaignId, currency: 'JPY' })}`,
    )
    expect(jpy.body.totals.reporting).toMatchObject({
      currency: 'JPY',
      grossMinor: 0,
      missingRates: revenue.map((m) => m.currency).sort(),
    })
    const bad = await get(
      tokens.admin,
      `/api/reports/campaign-overview?${q({ campaign: demo.campaignId, currency: 'XYZ' })}`,
    )
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
  })
})

describe('who sees what', () => {
  const views = (campaign: string, customer: string) => [
    `/api/reports/campaign-overview?${q({ campaign })}`,
    `/api/reports/influencers?${q({ campaign })}`,
    `/api/reports/links?${q({ campaign })}`,
    `/api/reports/orders?${q({ campaign })}`,
    `/api/reports/campaigns?${q({ customer })}`,
    `/api/reports/influencers?${q({ customer })}`,
    `/api/exports/reports/influencers.csv?${q({ campaign })}`,
    `/api/exports/reports/orders.csv?${q({ customer })}`,
    `/api/exports/reports/campaign-overview.csv?${q({ campaign })}`,
  ]

  it.each([
    ['client', demo.nordlicht.campaignId, demo.nordlicht.customerId],
    ['clientKey', demo.nordlicht.campaignId, demo.nordlicht.customerId],
    ['client2', demo.campaignId, demo.customerId],
  ] as const)(
    'the %s gets 404 for every view of the other customer, exactly like a missing id',
    async (who, campaign, customer) => {
      for (const path of views(campaign, customer)) {
        const res = await get(tokens[who], path)
        expect(res.status, path).toBe(404)
        expect(res.body.error.code).toBe('NOT_FOUND')
        expect(res.text).not.toMatch(/Nordlicht|Demo Beauty|Winter Care/)
      }
      const missing = await get(
        tokens[who],
        `/api/reports/campaign-overview?${q({ campaign: '01900000-0000-7000-8000-00000000dead' })}`,
      )
      const foreign = await get(tokens[who], views(campaign, customer)[0]!)
      const { requestId: _a, ...a } = missing.body.error
      const { requestId: _b, ...b } = foreign.body.error
      expect(a).toEqual(b)
    },
  )

  it.each([
    ['client', demo.customerId, demo.campaignId, demo.nordlicht.customerId],
    ['clientKey', demo.customerId, demo.campaignId, demo.nordlicht.customerId],
    ['client2', demo.nordlicht.customerId, demo.nordlicht.campaignId, demo.customerId],
  ] as const)(
    'the %s sees its own customer only, without internal fields',
    async (who, own, campaign, foreign) => {
      const list = await get(tokens[who], `/api/reports/campaigns?${q({})}`)
      expect(list.status).toBe(200)
      expect(list.body.rows.map((r: Json) => r.campaign.customerId)).toEqual([own])
      expect(list.body.rows[0].figures).not.toHaveProperty('botShare')
      const overview = await get(tokens[who], `/api/reports/campaign-overview?${q({ campaign })}`)
      expect(overview.status).toBe(200)
      expect(overview.body.totals.clicks).toBeGreaterThan(0)
      expect(overview.body.totals).not.toHaveProperty('botClicks')
      expect(overview.body.countries[0]).not.toHaveProperty('botClicks')
      const orders = await get(tokens[who], `/api/reports/orders?${q({ limit: 1000 })}`)
      expect(orders.status).toBe(200)
      expect(orders.body.rows.length).toBeGreaterThan(0)
      for (const o of orders.body.rows) {
        expect(o).not.toHaveProperty('clickId')
        expect(o).not.toHaveProperty('attributionModel')
        if (o.campaignId) expect(o.campaignId).toBe(campaign)
      }
      const csv = await get(tokens[who], `/api/exports/reports/orders.csv?${q({})}`)
      expect(csv.status).toBe(200)
      expect(csv.type).toMatch(/^text\/csv/)
      expect(csv.text.split('\n')[0]).not.toMatch(/click_id/)
      // Asking for the other customer by name is the same 404 as above.
      expect((await get(tokens[who], `/api/reports/orders?${q({ customer: foreign })}`)).status).toBe(404)
    },
  )

  it('staff see every customer and the internal fields', async () => {
    const list = await get(tokens.staff, `/api/reports/campaigns?${q({})}`)
    const customers = new Set(list.body.rows.map((r: Json) => r.campaign.customerId))
    expect(customers).toEqual(new Set([demo.customerId, demo.nordlicht.customerId]))
    const overview = await get(
      tokens.staff,
      `/api/reports/campaign-overview?${q({ campaign: demo.nordlicht.campaignId })}`,
    )
    expect(overview.body.totals).toHaveProperty('botShare')
    const orders = await get(
      tokens.staff,
      `/api/reports/orders?${q({ campaign: demo.nordlicht.campaignId })}`,
    )
    expect(orders.body.rows[0]).toHaveProperty('clickId')
  })

  it('an influencer sees her own links and results only', async () => {
    const table = await get(tokens.influencer, `/api/reports/influencers?${q({ campaign: demo.campaignId })}`)
    expect(table.status).toBe(200)
    expect(table.body.rows.map((r: Json) => r.influencer.id)).toEqual([demo.lenaId])
    const links = await get(tokens.influencer, `/api/reports/links?${q({ campaign: demo.campaignId })}`)
    expect(links.body.rows.map((r: Json) => r.link.id)).toEqual([demo.lenaLinkId])
    const orders = await get(tokens.influencer, `/api/reports/orders?${q({ limit: 1000 })}`)
    for (const o of orders.body.rows) expect(o.influencerId).toBe(demo.lenaId)
    expect(
      (await get(tokens.influencer, `/api/reports/influencers?${q({ influencer: demo.miaId })}`)).status,
    ).toBe(404)
    expect(
      (await get(tokens.influencer, `/api/reports/campaigns?${q({})}`)).body.rows.map(
        (r: Json) => r.campaign.id,
      ),
    ).toEqual([demo.campaignId])
    const unattributed = await get(tokens.influencer, `/api/reports/orders?${q({ kind: 'unattributed' })}`)
    expect(unattributed.status).toBe(403)
  })

  it('no credential is 401; bad filters are 400 naming the field; an unknown view 404', async () => {
    const anonymous = await ch.t.app.request(`/api/reports/campaigns?${q({})}`)
    expect(anonymous.status).toBe(401)
    for (const [path, field] of [
      [`/api/reports/campaign-overview?${q({})}`, 'campaign'],
      [`/api/reports/campaign-overview?${q({ campaign: 'nope' })}`, 'campaign'],
      [`/api/reports/influencers?${q({ sort: 'planet' })}`, 'sort'],
      [`/api/reports/influencers?${q({ limit: 0 })}`, 'limit'],
      [`/api/reports/campaigns?${q({ tz: 'Mars/Base' })}`, 'tz'],
      [`/api/reports/campaigns?${q({ sql: '1' })}`, ''],
      [`/api/reports/campaigns?from=2026-02-01&to=2026-01-01`, 'from'],
      [`/api/reports/orders?${q({ cursor: 'x' })}`, 'cursor'],
    ] as const) {
      const res = await get(tokens.admin, path)
      expect(res.status, path).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
      expect(
        res.body.error.details.map((d: Json) => d.path),
        path,
      ).toContain(field)
    }
    expect((await get(tokens.admin, `/api/reports/nothing?${q({})}`)).status).toBe(404)
    expect((await get(tokens.admin, `/api/exports/reports/campaigns.xlsx?${q({})}`)).status).toBe(404)
  })
})

describe('exports', () => {
  it('the CSV is the JSON report, every row, whatever the paging asked', async () => {
    const json = await get(tokens.admin, `/api/reports/links?${q({ limit: 1, sort: 'clicks' })}`)
    const csv = await get(tokens.admin, `/api/exports/reports/links.csv?${q({ limit: 1, sort: 'clicks' })}`)
    expect(csv.status).toBe(200)
    // (text() drops the byte-order mark spreadsheets need; it is sent.)
    expect(csv.text.startsWith('link_id,slug,')).toBe(true)
    const lines = csv.text.trim().split('\n')
    expect(lines.length - 1).toBe(json.body.total)
    expect(lines[1]!.startsWith(json.body.rows[0].link.id)).toBe(true)
  })

  it('filters influencer and link tables by text, in JSON, CSV and GraphQL alike', async () => {
    const all = await get(tokens.admin, `/api/reports/influencers?${q({ campaign: demo.campaignId })}`)
    expect(all.body.total).toBeGreaterThan(1)
    const lena = await get(
      tokens.admin,
      `/api/reports/influencers?${q({ campaign: demo.campaignId, q: 'LEN' })}`,
    )
    expect(lena.body.rows.map((r: Json) => r.influencer.handle)).toEqual(['lena'])
    expect(lena.body.total).toBe(1)
    const csv = await get(
      tokens.admin,
      `/api/exports/reports/influencers.csv?${q({ campaign: demo.campaignId, q: 'len' })}`,
    )
    expect(csv.text.trim().split('\n')).toHaveLength(2)
    const links = await get(tokens.client, `/api/reports/links?${q({ q: 'summer-mi' })}`)
    expect(links.body.rows.map((r: Json) => r.link.slug)).toEqual(['summer-mia'])
    const none = await get(tokens.client, `/api/reports/links?${q({ q: 'winter' })}`)
    expect(none.body).toMatchObject({ total: 0, rows: [] })
    const tooLong = await get(tokens.client, `/api/reports/links?${q({ q: 'x'.repeat(101) })}`)
    expect(tooLong.status).toBe(400)
  })

  it('pages orders through to the end, and neutralises formulas', async () => {
    const shop = demo.shopId
    const order = await ch.t.repos.orders.record(
      {
        shopId: shop,
        orderRef: '=HYPERLINK("http://evil.example","x")',
        currency: 'EUR',
        totalMinor: 1234,
        coupon: '+SUM(A1)',
        clickId: null,
        linkId: null,
        influencerId: null,
        campaignId: null,
        customerId: null,
        attributionModel: 'none',
        source: 'server',
        placedAt: new Date(Date.parse(window.to) - 2 * 3_600_000),
      },
      [],
    )
    expect(order.created).toBe(true)
    const all = await get(
      tokens.admin,
      `/api/reports/orders?${q({ customer: demo.customerId, limit: 1000 })}`,
    )
    const csv = await get(tokens.admin, `/api/exports/reports/orders.csv?${q({ customer: demo.customerId })}`)
    const lines = csv.text.trim().split('\n')
    expect(lines.length - 1).toBe(all.body.rows.length)
    const evil = lines.find((l) => l.includes('HYPERLINK'))!
    expect(evil).toMatch(/^"'=HYPERLINK/)
    expect(evil).toContain("'+SUM(A1)")
    expect(evil).toContain(',false,none,')
  })
})

describe('share links', () => {
  const create = (token: string, body: Json) =>
    ch.t.app.request('/api/share-links', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const anonymous = (path: string) => ch.t.app.request(path)

  it('opens a client report without a login, filters locked, read only, every use audited; revoking stops it', async () => {
    const made = await create(tokens.client, {
      view: 'campaign-overview',
      filters: { campaign: demo.campaignId, ...window },
      label: 'Winter numbers for the board',
    })
    expect(made.status).toBe(201)
    const { token, url, shareLink } = (await made.json()) as Json
    expect(token).toMatch(/^glam_r_[A-Za-z0-9]{43}$/)
    expect(new URL(url).pathname).toBe(`/r/${token}`)
    expect(shareLink).not.toHaveProperty('tokenHash')
    const page = await anonymous(`/r/${token}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await page.text()
    expect(html).toContain('Winter numbers for the board')
    expect(html).toContain('<table>')
    expect(html).not.toMatch(/<script/i)
    // The same figures as the client's own report, without internal fields; the URL's query
    // cannot widen it (another customer's campaign named there changes nothing).
    const own = await get(tokens.client, `/api/reports/campaign-overview?${q({ campaign: demo.campaignId })}`)
    const shared = (await (
      await anonymous(
        `/r/${token}?format=json&campaign=${demo.nordlicht.campaignId}&customer=${demo.nordlicht.customerId}`,
      )
    ).json()) as Json
    expect(shared.report.campaign.id).toBe(demo.campaignId)
    expect(shared.report.totals).toEqual(own.body.totals)
    expect(shared.report.totals).not.toHaveProperty('botClicks')
    const csv = await anonymous(`/r/${token}/export.csv`)
    expect(csv.status).toBe(200)
    expect((await csv.text()).split('\n')[0]).toMatch(/^bucket,clicks,visitors,orders,net_/)
    const audit = await ch.t.repos.audit.forTarget('share_link', shareLink.id, 100)
    expect(audit.filter((a) => a.action === 'share_link.opened')).toHaveLength(3)
    expect(audit.filter((a) => a.action === 'share_link.created')).toHaveLength(1)
    expect((await ch.t.repos.shareLinks.get(shareLink.id))!.uses).toBe(3)
    // The other customer's client cannot revoke it (404 like a missing id); its own can.
    const del = (who: string) =>
      ch.t.app.request(`/api/share-links/${shareLink.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${who}` },
      })
    expect((await del(tokens.client2)).status).toBe(404)
    expect((await anonymous(`/r/${token}`)).status).toBe(200)
    expect((await del(tokens.client)).status).toBe(200)
    const gone = await anonymous(`/r/${token}`)
    expect(gone.status).toBe(404)
    expect(await gone.text()).toContain('not valid')
    expect((await anonymous(`/r/${token}?format=json`)).status).toBe(404)
    expect((await anonymous(`/r/${token}/export.csv`)).status).toBe(404)
  })

  it('expires; an unknown or malformed token answers the same 404', async () => {
    const made = (await (
      await create(tokens.client2, {
        view: 'influencers',
        filters: { campaign: demo.nordlicht.campaignId },
        expiresInDays: 1,
      })
    ).json()) as Json
    expect((await anonymous(`/r/${made.token}`)).status).toBe(200)
    const clock = ch.t.platform.clock as unknown as { advance(ms: number): void }
    clock.advance(86_400_000 + 1000)
    try {
      expect((await anonymous(`/r/${made.token}`)).status).toBe(404)
    } finally {
      clock.advance(-(86_400_000 + 1000))
    }
    for (const bad of ['glam_r_' + 'A'.repeat(43), 'nope', `${made.token}x`, '%00'])
      expect((await anonymous(`/r/${bad}`)).status, bad).toBe(404)
  })

  it('is refused for what the creator may not see, for influencers, and for bad input; nothing is stored', async () => {
    const before = (await ch.t.repos.shareLinks.list({ limit: 100 })).items.length
    const foreign = await create(tokens.client, {
      view: 'campaign-overview',
      filters: { campaign: demo.nordlicht.campaignId },
    })
    expect(foreign.status).toBe(404)
    const influencer = await create(tokens.influencer, {
      view: 'links',
      filters: { campaign: demo.campaignId },
    })
    expect(influencer.status).toBe(403)
    for (const body of [
      { view: 'nothing', filters: {} },
      { view: 'campaign-overview', filters: { campaign: 'nope' } },
      { view: 'links', filters: { campaign: demo.campaignId }, expiresInDays: 365 },
      { view: 'links', filters: { sql: 'drop' } },
    ]) {
      const res = await create(tokens.client, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(((await res.json()) as Json).error.code).toBe('VALIDATION_FAILED')
    }
    // Staff must say whose report it is.
    expect((await create(tokens.staff, { view: 'campaigns', filters: {} })).status).toBe(400)
    expect((await ch.t.repos.shareLinks.list({ limit: 100 })).items.length).toBe(before)
    expect((await ch.t.app.request('/api/share-links', { method: 'POST' })).status).toBe(401)
  })
})

describe('reports over GraphQL', () => {
  const gql = async (token: string | null, query: string, variables: Json = {}) => {
    const res = await ch.t.app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    })
    return (await res.json()) as {
      data?: Json | null
      errors?: { message: string; extensions?: { code?: string } }[]
    }
  }
  const overview = `query ($c: ID!, $f: ReportFilter) {
    reportCampaignOverview(campaign: $c, filter: $f) {
      source currency campaign { id name }
      totals { clicks visitors botClicks botShare orders revenue { currency netMinor } reporting { currency netMinor missingRates } }
      series { bucket clicks orders revenue { currency netMinor } }
      countries { key clicks share }
      previous { totals { clicks } change { clicks } }
    }
  }`

  it('answers what REST answers, with internal fields null for a client', async () => {
    const f = { ...window }
    const staff = await gql(tokens.staff, overview, { c: demo.campaignId, f })
    expect(staff.errors).toBeUndefined()
    const rest = await get(tokens.staff, `/api/reports/campaign-overview?${q({ campaign: demo.campaignId })}`)
    expect(staff.data!.reportCampaignOverview.totals.clicks).toBe(rest.body.totals.clicks)
    expect(staff.data!.reportCampaignOverview.totals.botClicks).toBe(rest.body.totals.botClicks)
    const client = await gql(tokens.client, overview, { c: demo.campaignId, f })
    expect(client.errors).toBeUndefined()
    expect(client.data!.reportCampaignOverview.totals).toMatchObject({
      clicks: rest.body.totals.clicks,
      botClicks: null,
      botShare: null,
    })
    const tables = await gql(
      tokens.client,
      `query ($f: ReportFilter) {
        reportInfluencers(filter: $f, sort: "clicks") { total rows { influencerId handle figures { clicks orders } } }
        reportLinks(filter: $f) { total rows { linkId slug } }
        reportCampaigns(filter: $f) { total rows { campaign { id customerId } sparkline { day clicks } } }
        reportOrders(filter: $f, limit: 5) { rows { orderRef clickId attributedBy } nextCursor }
      }`,
      { f: { ...f, campaign: demo.campaignId } },
    )
    expect(tables.errors).toBeUndefined()
    expect(tables.data!.reportCampaigns.rows.map((r: Json) => r.campaign.customerId)).toEqual([
      demo.customerId,
    ])
    for (const o of tables.data!.reportOrders.rows) expect(o.clickId).toBeNull()
  })

  it('refuses another customer with NOT_FOUND, bad filters with VALIDATION_FAILED, no caller with UNAUTHORIZED', async () => {
    const foreign = await gql(tokens.client, overview, { c: demo.nordlicht.campaignId, f: window })
    expect(foreign.data?.reportCampaignOverview ?? null).toBeNull()
    expect(foreign.errors![0]!.extensions!.code).toBe('NOT_FOUND')
    expect(JSON.stringify(foreign)).not.toMatch(/Nordlicht|Winter Care/)
    const bad = await gql(tokens.staff, overview, { c: demo.campaignId, f: { ...window, currency: 'euro' } })
    expect(bad.errors![0]!.extensions!.code).toBe('VALIDATION_FAILED')
    const nobody = await gql(null, overview, { c: demo.campaignId, f: window })
    expect(nobody.errors![0]!.extensions!.code).toBe('UNAUTHORIZED')
  })
})
