// The dashboards' two heaviest reports, the campaign overview (totals, daily series, country and
// device split, orders) and the influencer table, over REPORTS_EVENTS generated clicks (default
// 100,000,000, `INSERT … SELECT FROM numbers()` through the rollup views, as live inserts go) and
// one order per hundred clicks (a tenth of them refunded later): each answered from the hourly
// rollups and from the raw tables, interleaved in one run, p50/p99 of REPORTS_ROUNDS rounds.
// The big campaign holds a tenth of all clicks; a typical one 0.45 %.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@glam/core'
import { createClickHouseBackend, migrateClickHouse } from '@glam/events'
import { startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { clicksQuery, conversionsQuery, type QueryScope, type SourceName } from '@glam/reports/sql'
import { freePort } from '@glam/testing/runtimes'

const uuid = (kind: number, n: string) =>
  `toUUID(concat('00000000-0000-7000-${kind}000-', leftPad(toString(${n}), 12, '0')))`
const fixed = (kind: number, n: number) => `00000000-0000-7000-${kind}000-${String(n).padStart(12, '0')}`

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!

export async function reportsBench(
  events = Number(process.env.REPORTS_EVENTS ?? 100_000_000),
  rounds = Number(process.env.REPORTS_ROUNDS ?? 30),
) {
  const logger = createLogger({ level: 'warn' })
  // REPORTS_DATA=<dir>: keep the generated data there, and reuse it on the next run.
  const kept = process.env.REPORTS_DATA
  const reuse = kept ? existsSync(join(kept, 'loaded')) : false
  const path = kept ?? mkdtempSync(join(tmpdir(), 'glam-bench-reports-'))
  if (kept) mkdirSync(kept, { recursive: true })
  const front = await startEmbeddedClickHouse({ path, port: await freePort(), logger })
  const backend = await createClickHouseBackend({
    url: front.url,
    database: 'glam_reports',
    requestTimeoutMs: 3_600_000,
  })
  try {
    await migrateClickHouse(backend)
    const db = backend.database
    const end = Date.UTC(2026, 10, 1)
    const span = 90 * 86_400
    // Campaign 0 (customer 0) takes every tenth click; the rest spread over 200 campaigns of 20
    // customers; 10 influencers and 20 links per campaign; 8 % bots.
    const campaign = `if(number % 10 = 0, 0, 1 + (intHash32(number) % 199))`
    const started = performance.now()
    const chunk = 10_000_000
    for (let start = 0; !reuse && start < events; start += chunk) {
      const n = Math.min(chunk, events - start)
      await backend.command(
        `INSERT INTO ${db}.clicks (id, time, link_id, campaign_id, influencer_id, customer_id, slug, country, device, is_bot, visitor_hash)
         SELECT generateUUIDv7(number), toDateTime64(${end / 1000 - span}, 3, 'UTC') + (cityHash64(number, 7) % ${span}),
           ${uuid(3, `c * 100 + cityHash64(number, 3) % 20`)}, ${uuid(1, 'c')}, ${uuid(2, `c * 100 + cityHash64(number, 3) % 20 % 10`)},
           ${uuid(4, 'c % 20')}, 'bench',
           ['DE','AT','CH','FR','NL','IT','US','GB'][1 + cityHash64(number, 5) % 8], ['mobile','desktop','tablet'][1 + cityHash64(number, 6) % 3],
           cityHash64(number, 8) % 100 < 8, toString(intHash64(number % 30000000))
         FROM (SELECT number, ${campaign} AS c FROM numbers(${start}, ${n}))
         SETTINGS max_insert_threads = 2`,
      )
      process.stderr.write(`reports bench: ${start + n} clicks\r`)
    }
    const clickSeconds = (performance.now() - started) / 1000
    let mergeSeconds = 0
    // Orders: one per hundred clicks, on that click's campaign, link and influencer; every tenth
    // refunded by half later (a new version carrying the previous one, as the pixel writes it).
    const orders = Math.floor(events / 100)
    const order = (version: string, refunded: string, previous: string) => `
      INSERT INTO ${db}.conversions (id, time, version, shop_id, order_ref, status, currency, total_minor, refunded_minor, items, coupon, click_id, link_id, influencer_id, campaign_id, customer_id, attribution_model, source, previous)
      SELECT ${uuid(5, 'number')}, toDateTime64(${end / 1000 - span}, 3, 'UTC') + (cityHash64(number, 9) % ${span}), ${version},
        ${uuid(6, 'c % 20')}, toString(number), 'placed', ['EUR','EUR','USD','GBP'][1 + number % 4], total, ${refunded}, 1 + number % 3, '', '',
        ${uuid(3, `c * 100 + cityHash64(number, 3) % 20`)}, ${uuid(2, `c * 100 + cityHash64(number, 3) % 20 % 10`)}, ${uuid(1, 'c')}, ${uuid(4, 'c % 20')},
        if(number % 5 = 0, 'coupon', 'last_click'), 'server', ${previous}
      FROM (SELECT number, ${campaign.replaceAll('number', '(number * 100)')} AS c, 1000 + cityHash64(number, 4) % 20000 AS total FROM numbers(${orders}))`
    if (!reuse) {
      await backend.command(order('1', '0', "''"))
      await backend.command(
        `${order(
          '2',
          'intDiv(total, 2)',
          `concat('{"time":"', toString(toDateTime64(${end / 1000 - span}, 3, 'UTC') + (cityHash64(number, 9) % ${span})), '","status":"placed","currency":"', ['EUR','EUR','USD','GBP'][1 + number % 4], '","total_minor":', toString(total), ',"refunded_minor":0,"items":', toString(1 + number % 3), ',"link_id":"', toString(${uuid(3, `c * 100 + cityHash64(number, 3) % 20`)}), '","influencer_id":"', toString(${uuid(2, `c * 100 + cityHash64(number, 3) % 20 % 10`)}), '","campaign_id":"', toString(${uuid(1, 'c')}), '","customer_id":"', toString(${uuid(4, 'c % 20')}), '","attribution_model":"', if(number % 5 = 0, 'coupon', 'last_click'), '"}')`,
        )} WHERE number % 10 = 0`,
      )
      // Background merges would fold the views' partial aggregates (one per inserted block)
      // over the next minutes; the steady state is measured, so they are folded now.
      const merging = performance.now()
      for (const table of ['clicks_hourly', 'clicks_geo_hourly', 'conversions_hourly'])
        await backend.command(`OPTIMIZE TABLE ${db}.${table} FINAL`)
      mergeSeconds = (performance.now() - merging) / 1000
      if (kept) writeFileSync(join(kept, 'loaded'), String(events))
    }
    const loadSeconds = (performance.now() - started) / 1000
    const [rows] = await backend.query<{ clicks: string; hourly: string; geo: string; conv: string }>(
      `SELECT (SELECT toString(count()) FROM ${db}.clicks) AS clicks, (SELECT toString(count()) FROM ${db}.clicks_hourly) AS hourly,
        (SELECT toString(count()) FROM ${db}.clicks_geo_hourly) AS geo, (SELECT toString(count()) FROM ${db}.conversions) AS conv`,
    )
    const window = (campaignNo: number): QueryScope => ({
      customer: fixed(4, campaignNo % 20),
      campaign: fixed(1, campaignNo),
      from: '2026-10-02 00:00:00',
      to: '2026-11-01 00:00:00',
      tz: 'Europe/Berlin',
    })
    const overview = (source: SourceName, scope: QueryScope) =>
      Promise.all([
        clicksQuery(backend, source, scope, 'none'),
        conversionsQuery(backend, source, scope, 'none'),
        clicksQuery(backend, source, scope, 'none', 'day'),
        conversionsQuery(backend, source, scope, 'none', 'day'),
        clicksQuery(backend, source, scope, 'country'),
        clicksQuery(backend, source, scope, 'device'),
      ])
    const influencers = (source: SourceName, scope: QueryScope) =>
      Promise.all([
        clicksQuery(backend, source, scope, 'influencer'),
        conversionsQuery(backend, source, scope, 'influencer'),
      ])
    const cases = [
      ['overview, big campaign', overview, 0],
      ['influencers, big campaign', influencers, 0],
      ['overview, typical campaign', overview, 7],
      ['influencers, typical campaign', influencers, 7],
    ] as const
    const results: Record<string, Record<SourceName, { p50: number; p99: number }>> = {}
    const check: Record<string, boolean> = {}
    for (const [name, run, campaignNo] of cases) {
      const scope = window(campaignNo)
      const samples: Record<SourceName, number[]> = { rollup: [], raw: [] }
      // Same answers from both (visitors aside: the rollups keep uniq states, the raw table counts exactly).
      const [a, b] = [await run('rollup', scope), await run('raw', scope)]
      const strip = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'visitors' ? undefined : v))
      check[name] = strip(a) === strip(b)
      for (let i = 0; i < rounds; i++) {
        for (const source of i % 2 === 0 ? (['rollup', 'raw'] as const) : (['raw', 'rollup'] as const)) {
          const t0 = performance.now()
          await run(source, scope)
          samples[source].push(performance.now() - t0)
        }
      }
      const stats = (s: number[]) => {
        s.sort((x, y) => x - y)
        return {
          p50: Math.round(percentile(s, 0.5) * 10) / 10,
          p99: Math.round(percentile(s, 0.99) * 10) / 10,
        }
      }
      results[name] = { rollup: stats(samples.rollup), raw: stats(samples.raw) }
    }
    return {
      events,
      rounds,
      loadSeconds: reuse ? null : Math.round(loadSeconds),
      mergeSeconds: Math.round(mergeSeconds),
      clicksPerSecond: reuse ? null : Math.round(events / clickSeconds),
      rows: rows && {
        clicks: Number(rows.clicks),
        clicksHourly: Number(rows.hourly),
        clicksGeoHourly: Number(rows.geo),
        conversions: Number(rows.conv),
      },
      sameAnswers: check,
      results: Object.fromEntries(
        Object.entries(results).map(([name, r]) => [
          name,
          {
            ...r,
            p99Ratio: Math.round((r.raw.p99 / r.rollup.p99) * 10) / 10,
            p50Ratio: Math.round((r.raw.p50 / r.rollup.p50) * 10) / 10,
          },
        ]),
      ),
    }
  } finally {
    await backend.close()
    await front.stop()
    if (!kept) rmSync(path, { recursive: true, force: true })
  }
}
