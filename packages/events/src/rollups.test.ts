// The rollups against the raw tables on the real embedded ClickHouse (chDB behind the HTTP
// front): a batch delivered twice (by the writer, after an answer lost on the way back, and by
// hand, regrouped), refunds, cancels and a server report that moves an order to another
// campaign, versions arriving out of order; then what slips past the gate, found by verify and
// corrected by repair; and a rebuild from the raw tables.
import { join } from 'node:path'
import { createMemoryLogger } from '@glam/core'
import { connectDatabase, createRepositories, migrateDatabase, newId } from '@glam/db'
import { type KillableClickHouse, startKillableClickHouse } from '@glam/testing/clickhouse-outage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type EventBackend, migrateClickHouse } from './backend.ts'
import { createClickHouseBackend } from './clickhouse.ts'
import { latestConversions } from './latest.ts'
import { rebuildRollups, repairRollups, verifyRollups } from './rollups.ts'
import { createEventWriter } from './writer.ts'

const { logger } = createMemoryLogger('warn')
const nil = '00000000-0000-0000-0000-000000000000'

describe('rollups stay exact', () => {
  let front: KillableClickHouse
  let backend: EventBackend
  const customer = newId()
  const [campaignA, campaignB] = [newId(), newId()]
  const [linkA, linkB] = [newId(), newId()]
  const influencer = newId()
  const window = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') }

  const click = (i: number, over: Record<string, unknown> = {}) => ({
    id: newId(),
    time: `2026-11-${String(1 + (i % 20)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:1${i % 10}:00.000`,
    link_id: i % 3 === 0 ? linkB : linkA,
    campaign_id: campaignA,
    influencer_id: influencer,
    customer_id: customer,
    slug: 'roll',
    country: ['DE', 'AT', 'CH'][i % 3],
    device: i % 4 === 0 ? 'desktop' : 'mobile',
    is_bot: i % 11 === 0,
    visitor_hash: `v${i % 37}`,
    ...over,
  })

  /** What the dashboards read from the rollups, and the same figures from the raw tables. */
  async function figures() {
    const db = backend.database
    const q = async (sql: string) => backend.query<Record<string, string>>(sql)
    return {
      raw: {
        byDayLink: await q(
          `SELECT toString(toDate(time, 'Europe/Berlin')) d, toString(link_id) l, toString(uniqExact(id)) n FROM ${db}.clicks WHERE NOT is_bot GROUP BY d, l ORDER BY d, l`,
        ),
        byCountry: await q(
          `SELECT country k, toString(uniqExact(id)) n FROM ${db}.clicks GROUP BY k ORDER BY k`,
        ),
        visitors: await q(
          `SELECT toString(link_id) l, toString(uniqExact(visitor_hash)) n FROM ${db}.clicks GROUP BY l ORDER BY l`,
        ),
        orders: await q(
          `SELECT toString(campaign_id) c, currency, toString(countIf(status != 'cancelled')) o, toString(sumIf(total_minor, status != 'cancelled')) g, toString(sumIf(least(refunded_minor, total_minor), status != 'cancelled')) r, toString(sumIf(items, status != 'cancelled')) i, toString(countIf(status = 'cancelled')) x
           FROM (SELECT * FROM ${db}.conversions ORDER BY id, version DESC LIMIT 1 BY id) GROUP BY c, currency ORDER BY c, currency`,
        ),
      },
      rollup: {
        byDayLink: await q(
          `SELECT toString(toDate(hour, 'Europe/Berlin')) d, toString(link_id) l, toString(sum(clicks)) n FROM ${db}.clicks_hourly WHERE NOT is_bot GROUP BY d, l HAVING sum(clicks) != 0 ORDER BY d, l`,
        ),
        byCountry: await q(
          `SELECT country k, toString(sum(clicks)) n FROM ${db}.clicks_geo_hourly GROUP BY k HAVING sum(clicks) != 0 ORDER BY k`,
        ),
        visitors: await q(
          `SELECT toString(link_id) l, toString(uniqMerge(visitors)) n FROM ${db}.clicks_hourly GROUP BY l HAVING sum(clicks) != 0 ORDER BY l`,
        ),
        orders: await q(
          `SELECT toString(campaign_id) c, currency, toString(sum(orders)) o, toString(sum(gross_minor)) g, toString(sum(refunded_minor)) r, toString(sum(items)) i, toString(sum(cancelled)) x
           FROM ${db}.conversions_hourly GROUP BY c, currency HAVING o != '0' OR x != '0' OR g != '0' ORDER BY c, currency`,
        ),
      },
    }
  }
  const expectExact = async () => {
    const { raw, rollup } = await figures()
    expect(rollup).toEqual(raw)
    for (const check of await verifyRollups(backend, window)) expect(check.mismatched, check.rollup).toBe(0)
    return raw
  }

  /** A conversion row as the pixel emits it (record.ts), `previous` being the version it replaces. */
  type Version = {
    status: string
    total: number
    refunded: number
    items: number
    campaign: string
    time: string
  }
  const conversion = (id: string, version: number, v: Version, previous?: Version) => ({
    id,
    time: v.time,
    version,
    shop_id: nil,
    order_ref: `o-${id.slice(-6)}`,
    status: v.status,
    currency: 'EUR',
    total_minor: v.total,
    refunded_minor: v.refunded,
    items: v.items,
    coupon: '',
    click_id: '',
    link_id: linkA,
    influencer_id: influencer,
    campaign_id: v.campaign,
    customer_id: customer,
    attribution_model: 'last_click',
    source: 'browser',
    previous: previous
      ? JSON.stringify({
          time: previous.time,
          status: previous.status,
          currency: 'EUR',
          total_minor: previous.total,
          refunded_minor: previous.refunded,
          items: previous.items,
          link_id: linkA,
          influencer_id: influencer,
          campaign_id: previous.campaign,
          customer_id: customer,
          attribution_model: 'last_click',
        })
      : '',
  })

  beforeAll(async () => {
    front = await startKillableClickHouse('glam-rollups-', logger)
    backend = await createClickHouseBackend({
      url: front.url,
      database: 'glam_rollups',
      requestTimeoutMs: 10_000,
    })
    await migrateClickHouse(backend)
  })
  afterAll(async () => {
    await backend?.close()
    await front?.stop()
  })

  it('a batch delivered twice, whole or regrouped, is counted once', async () => {
    const batch = Array.from({ length: 300 }, (_, i) => click(i))
    await backend.insert('clicks', batch)
    await backend.insert('clicks', batch)
    // Regrouped: half of it again with new clicks, and a row repeated inside one batch.
    const more = Array.from({ length: 50 }, (_, i) => click(1000 + i))
    await backend.insert('clicks', [...batch.slice(100, 250), ...more, more[0]!])
    const raw = await expectExact()
    expect(raw.byCountry.reduce((n, r) => n + Number(r.n), 0)).toBe(350)
    expect(raw.visitors.length).toBe(2)
  })

  it('the writer delivering a batch again after its answer was lost counts it once', async () => {
    const database = await connectDatabase(`file:${join(front.path, 'spill-rollups.db')}`)
    await migrateDatabase(database)
    const repos = createRepositories({ database, now: () => new Date(), masterKey: 'k'.repeat(40) })
    // The insert reaches ClickHouse, then the answer is lost: the writer spills the batch and
    // replays it once ClickHouse answers again.
    let loseAnswers = 1
    const lossy: EventBackend = {
      ...backend,
      async insert(table, rows) {
        await backend.insert(table, rows)
        if (loseAnswers-- > 0) throw new Error('socket hang up')
      },
    }
    const writer = createEventWriter({
      backend: lossy,
      logger,
      spill: repos.eventSpill,
      flushIntervalMs: 0,
      retryBaseMs: 1,
      retryMaxMs: 1,
      enrich: ({ table: _, ...row }) => row,
    })
    for (let i = 0; i < 120; i++) writer.record({ table: 'clicks', ...click(2000 + i) })
    await writer.flush()
    expect(writer.stats().spilled).toBe(120)
    writer.retryNow()
    await expect.poll(async () => (await repos.eventSpill.stats()).events, { timeout: 10_000 }).toBe(0)
    await writer.stop()
    const raw = await expectExact()
    expect(raw.byCountry.reduce((n, r) => n + Number(r.n), 0)).toBe(470)
  })

  it('refunds, cancels and a server report that moves the order follow the latest version, in any order', async () => {
    const [a, b, c, d] = [newId(), newId(), newId(), newId()]
    const t = '2026-11-05 12:30:00.000'
    const placed = { status: 'confirmed', total: 10_000, refunded: 0, items: 2, campaign: campaignA, time: t }
    const refunded = { ...placed, refunded: 2_500 }
    const cancelled = { ...placed, status: 'cancelled' }
    const moved = { ...placed, campaign: campaignB, total: 12_000, items: 3, time: '2026-11-05 13:10:00.000' }
    await backend.insert('conversions', [conversion(a, 1, placed), conversion(b, 1, placed)])
    // a: refunded, and the refund delivered twice; b: cancelled.
    await backend.insert('conversions', [
      conversion(a, 2, refunded, placed),
      conversion(b, 2, cancelled, placed),
    ])
    await backend.insert('conversions', [conversion(a, 2, refunded, placed)])
    // c: the refund arrives before the order itself.
    await backend.insert('conversions', [conversion(c, 2, refunded, placed)])
    await backend.insert('conversions', [conversion(c, 1, placed)])
    // d: the server's report moves it to campaign B, an hour later, with another total.
    await backend.insert('conversions', [conversion(d, 1, placed)])
    await backend.insert('conversions', [conversion(d, 2, moved, placed), conversion(d, 1, placed)])
    const raw = await expectExact()
    const byCampaign = Object.fromEntries(raw.orders.map((r) => [r.c, r]))
    expect(byCampaign[campaignA]).toMatchObject({ o: '2', g: '20000', r: '5000', i: '4', x: '1' })
    expect(byCampaign[campaignB]).toMatchObject({ o: '1', g: '12000', r: '0', i: '3', x: '0' })
    // What reads the raw table directly takes each order's latest version (not FINAL, which
    // keeps the moved order under both campaigns): d once, in B, even filtered on A.
    const db = backend.database
    const count = async (from: string, where: string) =>
      Object.fromEntries(
        (
          await backend.query<{ c: string; n: string }>(
            `SELECT toString(campaign_id) AS c, toString(count()) AS n FROM ${from} WHERE ${where} AND id = {d:UUID} GROUP BY c`,
            { d },
          )
        ).map((r) => [r.c, r.n]),
      )
    expect(await count(`${db}.conversions FINAL`, 'true')).toEqual({ [campaignA]: '1', [campaignB]: '1' })
    expect(await count(latestConversions(`${db}.conversions`, 'true'), 'true')).toEqual({ [campaignB]: '1' })
    const onA = `campaign_id = '${campaignA}'`
    expect(await count(latestConversions(`${db}.conversions`, onA), onA)).toEqual({})
    const lateHour = "time >= toDateTime64('2026-11-05 13:00:00', 3, 'UTC')"
    expect(await count(latestConversions(`${db}.conversions`, lateHour), lateHour)).toEqual({
      [campaignB]: '1',
    })
  })

  it('what slips past the gate is found by verify and corrected by repair, once', async () => {
    const db = backend.database
    const [dup] = Array.from({ length: 1 }, () => click(7, { country: 'FR' }))
    await backend.insert('clicks', [dup!])
    // Written by hand, twice, past the gate: the views count both.
    const values = `('${dup!.id}', '${dup!.time}', '${dup!.link_id}', '${campaignA}', '${influencer}', '${customer}', 'roll', 'FR', 'mobile', false, 'v7')`
    const insert = `INSERT INTO ${db}.clicks (id, time, link_id, campaign_id, influencer_id, customer_id, slug, country, device, is_bot, visitor_hash) VALUES ${values}`
    await backend.command(insert)
    await backend.command(insert)
    // And a click the views never saw (its rollup rows lost).
    const lost = click(8, { country: 'IT' })
    await backend.insert('clicks', [lost])
    await backend.command(
      `DELETE FROM ${db}.clicks_hourly WHERE link_id = '${lost.link_id}' AND hour = toStartOfHour(toDateTime('${lost.time}', 'UTC')) AND is_bot = ${lost.is_bot}`,
    )
    const found = await verifyRollups(backend, window)
    expect(found.find((c) => c.rollup === 'clicks_geo_hourly')).toMatchObject({ mismatched: 1 })
    expect(found.find((c) => c.rollup === 'clicks_hourly')!.mismatched).toBeGreaterThanOrEqual(1)
    const corrected = await repairRollups(backend, window)
    expect(corrected.clicks_geo_hourly).toBe(1)
    await expectExact()
    expect(await repairRollups(backend, window)).toEqual({
      clicks_hourly: 0,
      clicks_geo_hourly: 0,
      conversions_hourly: 0,
    })
  })

  it('a rebuild from the raw tables gives the same figures', async () => {
    const before = await figures()
    const { months } = await rebuildRollups(backend, { now: new Date('2026-11-30T12:00:00Z') })
    expect(months).toEqual(['202611'])
    const after = await expectExact()
    expect(after).toEqual(before.raw)
  })
})
