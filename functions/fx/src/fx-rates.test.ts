// /api/fx-rates on the whole app (SQLite, demo data, frozen clock at 2026-06-01): who may read
// and write, batches validated item by item and refused whole (nothing stored, nothing audited),
// writes idempotent and audited, the demo's rates there to read, and the stored rates converted.
import { createConverter } from '@glam/commerce/fx'
import { demo } from '@glam/db'
import { jsonCall } from '@glam/testing/json-call'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions, not by types
type Json = Record<string, any>

describe('/api/fx-rates', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'admin' | 'staff' | 'client' | 'influencer', string>
  let clientKey: string
  const call = jsonCall<Json>(() => t.app)
  const put = (token: string | undefined, rates: unknown) => call('/api/fx-rates', token, 'PUT', { rates })
  const stored = () => t.repos.fxRates.list({ from: '2000-01-01', to: '2100-01-01' })
  const audited = async () =>
    (await t.database.db.select().from(t.database.t.auditLog)).filter((a) => a.targetType === 'fx_rate')

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    tokens = await demoTokens(t, ['admin', 'staff', 'client', 'influencer'])
    clientKey = (
      await t.repos.apiKeys.create({
        name: 'client reports',
        customerId: demo.customerId,
        scopes: ['reports:read'],
      })
    ).key
  })

  it('lists the demo rates of the last 31 days to every reporting caller, who changed them only to staff', async () => {
    for (const credential of [tokens.admin, tokens.staff, tokens.client, tokens.influencer, clientKey]) {
      const res = await call('/api/fx-rates?base=EUR&quote=USD', credential)
      expect(res.status).toBe(200)
      expect(res.body.from).toBe('2026-05-02')
      expect(res.body.to).toBe('2026-06-01')
      expect(res.body.items).toHaveLength(31)
      expect(res.body.items[0]).toMatchObject({
        day: '2026-05-02',
        base: 'EUR',
        quote: 'USD',
        rate: expect.stringMatching(/^1\.0[78]\d\d$/),
        source: 'demo',
      })
    }
    const staff = await call('/api/fx-rates?from=2026-06-01', tokens.staff)
    expect(staff.body.items.map((r: Json) => r.quote)).toEqual(['CHF', 'GBP', 'SEK', 'USD'])
    expect(staff.body.items[0]).toHaveProperty('updatedBy', null)
    const client = await call('/api/fx-rates?from=2026-06-01', tokens.client)
    expect(client.body.items).toHaveLength(4)
    expect(client.body.items[0]).not.toHaveProperty('updatedBy')
  })

  it('refuses anonymous callers 401 and a key without reports:read 403', async () => {
    const linksKey = (
      await t.repos.apiKeys.create({ name: 'links', customerId: demo.customerId, scopes: ['links:read'] })
    ).key
    expect((await call('/api/fx-rates')).body.error.code).toBe('UNAUTHORIZED')
    expect((await call('/api/fx-rates')).status).toBe(401)
    expect((await put(undefined, [])).status).toBe(401)
    expect((await call('/api/fx-rates/2026-06-01/EUR/USD', undefined, 'DELETE')).status).toBe(401)
    expect((await call('/api/fx-rates', linksKey)).status).toBe(403)
  })

  it('lets admins and staff write, and refuses clients, influencers and customer keys 403', async () => {
    const before = await stored()
    const rates = [{ day: '2026-06-02', base: 'EUR', quote: 'USD', rate: '1.0834' }]
    for (const credential of [tokens.client, tokens.influencer, clientKey]) {
      const res = await put(credential, rates)
      expect(res.status).toBe(403)
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.any(String) })
      expect((await call('/api/fx-rates/2026-06-01/EUR/USD', credential, 'DELETE')).status).toBe(403)
    }
    expect(await stored()).toEqual(before)
    const staff = await put(tokens.staff, rates)
    expect(staff.status).toBe(200)
    expect(staff.body).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      items: [{ ...rates[0], source: null }],
    })
    const admin = await put('glam_dev_admin', [{ ...rates[0], day: '2026-06-03' }])
    expect(admin.body.created).toBe(1)
    const adminToken = await put(tokens.admin, [{ ...rates[0], day: '2026-06-04' }])
    expect(adminToken.body.created).toBe(1)
  })

  it('refuses a batch with one bad item whole, naming the item and field, and stores nothing', async () => {
    const good = { day: '2026-06-10', base: 'EUR', quote: 'USD', rate: '1.1' }
    const cases: [Json, string][] = [
      [{ ...good, base: 'eur' }, 'base'],
      [{ ...good, quote: 'XYZ' }, 'quote'],
      [{ ...good, quote: 'XAU' }, 'quote'],
      [{ ...good, day: '2026-02-30' }, 'day'],
      [{ ...good, day: '2026-6-10' }, 'day'],
      [{ ...good, rate: '1,1' }, 'rate'],
      [{ ...good, rate: 1.1 }, 'rate'],
      [{ ...good, rate: '0' }, 'rate'],
      [{ ...good, rate: '-1.1' }, 'rate'],
      [{ ...good, rate: '1e3' }, 'rate'],
      [{ ...good, rate: '1.23456789012345' }, 'rate'],
      [{ ...good, quote: 'EUR' }, 'quote'],
      [{ ...good, source: '' }, 'source'],
      [{ day: good.day, base: 'EUR', quote: 'GBP' }, 'rate'],
      [{ ...good, day: '2026-06-11' }, 'day'],
    ]
    const before = await stored()
    const auditedBefore = (await audited()).length
    for (const [bad, field] of cases) {
      // Two good items around the bad one (the last case repeats the first good item's day and pair).
      const batch = [
        { ...good, day: '2026-06-11' },
        { ...good, day: '2026-06-12', quote: 'GBP', rate: '0.85' },
        bad,
      ]
      const res = await put(tokens.staff, batch)
      expect(res.status, JSON.stringify(bad)).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
      expect(res.body.error.details.map((d: Json) => d.path)).toEqual([`rates.2.${field}`])
      expect(res.body.error.details[0].message).toEqual(expect.any(String))
    }
    const extra = await put(tokens.staff, [{ ...good, note: 'x' }])
    expect(extra.status).toBe(400)
    expect((await call('/api/fx-rates', tokens.staff, 'PUT', { rates: [] })).status).toBe(400)
    expect((await call('/api/fx-rates', tokens.staff, 'PUT', '{"rates": [')).body.error.code).toBe(
      'MALFORMED_JSON',
    )
    expect(await stored()).toEqual(before)
    expect(await audited()).toHaveLength(auditedBefore)
  })

  it('stores rates in their shortest form, writes idempotently and audits each change once', async () => {
    const batch = [
      { day: '2026-06-20', base: 'EUR', quote: 'JPY', rate: '162.50', source: 'ECB' },
      { day: '2026-06-20', base: 'EUR', quote: 'CHF', rate: '0.9380' },
    ]
    const first = await put(tokens.staff, batch)
    expect(first.body).toMatchObject({ created: 2, updated: 0, unchanged: 0 })
    expect(first.body.items.map((r: Json) => r.rate)).toEqual(['162.5', '0.938'])
    const stamp = (await t.repos.fxRates.get('2026-06-20', 'EUR', 'JPY'))!.updatedAt
    t.clock.advance(60_000)
    const again = await put(tokens.admin, [{ ...batch[0], rate: '162.5' }, batch[1]])
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 })
    expect((await t.repos.fxRates.get('2026-06-20', 'EUR', 'JPY'))!.updatedAt).toEqual(stamp)

    const changed = await put(tokens.admin, [{ ...batch[0], rate: '163' }])
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 0 })
    const trail = await t.repos.audit.forTarget('fx_rate', '2026-06-20/EUR/JPY')
    expect(trail.map((a) => [a.action, a.details])).toEqual([
      ['fx_rate.updated', { rate: '163', source: 'ECB', before: { rate: '162.5', source: 'ECB' } }],
      ['fx_rate.created', { rate: '162.5', source: 'ECB' }],
    ])
    expect(trail[0]).toMatchObject({ actorType: 'user', actorId: demo.adminUserId })
    expect(trail[1]).toMatchObject({ actorType: 'user', requestId: expect.any(String) })
  })

  it('deletes one rate, audited, and answers 404 for one that is not there', async () => {
    const res = await call('/api/fx-rates/2026-06-20/EUR/CHF', tokens.staff, 'DELETE')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ day: '2026-06-20', base: 'EUR', quote: 'CHF', rate: '0.938' })
    expect(await t.repos.fxRates.get('2026-06-20', 'EUR', 'CHF')).toBeNull()
    const missing = await call('/api/fx-rates/2026-06-20/EUR/CHF', tokens.staff, 'DELETE')
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'No such rate.' })
    expect((await call('/api/fx-rates/2026-02-30/EUR/CHF', tokens.staff, 'DELETE')).status).toBe(400)
    expect((await call('/api/fx-rates/2026-06-20/eur/CHF', tokens.staff, 'DELETE')).status).toBe(400)
    expect((await t.repos.audit.forTarget('fx_rate', '2026-06-20/EUR/CHF')).map((a) => a.action)).toEqual([
      'fx_rate.deleted',
      'fx_rate.created',
    ])
  })

  it('checks the list filters: real days, from before to, at most 366 days, ISO currencies', async () => {
    for (const query of [
      'from=2026-02-30',
      'from=2026-06-02&to=2026-06-01',
      'from=2025-01-01&to=2026-06-01',
      'base=usd',
      'x=1',
    ]) {
      const res = await call(`/api/fx-rates?${query}`, tokens.client)
      expect(res.status, query).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
    }
    const year = await call('/api/fx-rates?from=2025-06-02&to=2026-06-01&quote=SEK', tokens.client)
    expect(year.status).toBe(200)
    expect(year.body.items).toHaveLength(40)
    const window = await call('/api/fx-rates?from=2026-06-01', tokens.client)
    expect(window.body.to).toBe('2026-07-01')
  })

  it('feeds the converter: what staff stored, carried forward, converts exactly', async () => {
    await put(tokens.staff, [{ day: '2026-06-02', base: 'EUR', quote: 'USD', rate: '1.0834' }])
    const rates = await t.repos.fxRates.ratesFor('USD', ['EUR', 'GBP'], '2026-06-05', '2026-06-06')
    // 06-04 is the latest EUR→USD on or before 06-05 (written by the admin above, also 1.0834).
    expect(rates.get('EUR')).toEqual([{ day: '2026-06-04', rate: '1.0834' }])
    const { convert } = createConverter('USD', rates)
    expect(convert(1999, 'EUR', '2026-06-06')).toBe(2166)
    expect(convert(1999, 'GBP', '2026-06-06')).toBeNull()
    // Into EUR, USD comes from the inverse of the demo's EUR→USD.
    const toEur = await t.repos.fxRates.ratesFor('EUR', ['USD'], '2026-06-01', '2026-06-01')
    const day = toEur.get('USD')![0]!
    expect(day).toMatchObject({ day: '2026-06-01', inverse: true })
    const expected = Math.round((1999 * 10_000) / Number(day.rate.replace('.', '')))
    expect(createConverter('EUR', toEur).convert(1999, 'USD', '2026-06-01')).toBe(expected)
  })
})
