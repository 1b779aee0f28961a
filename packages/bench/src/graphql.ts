// The dashboard query (Summer Glow, its influencers, links and per-influencer clicks, orders and
// revenue) through GraphQL beside the same data read by hand-written SQL and ClickHouse queries,
// in one process, alternating, on the demo data plus recorded clicks and orders.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, parseConfig } from '@glam/core'
import type { SqlDatabase } from '@glam/db'
import { demo } from '@glam/db/demo'
import { startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { persistedOperations } from '@glam/graphql'
import { createGlamApp } from '@glam/platform/app'
import { prepareLocalPlatform } from '@glam/platform/prepare'
import { purchase } from '@glam/testing/purchase'
import { freePort, tempDatabaseUrl } from '@glam/testing/runtimes'
import { and, eq, inArray } from 'drizzle-orm'
import { median } from './wrk.ts'

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

export async function graphqlBench({
  iterations = Number(process.env.BENCH_GRAPHQL_ITERATIONS ?? 400),
} = {}) {
  const logger = createLogger({ level: 'warn' })
  const front = await startEmbeddedClickHouse({
    path: mkdtempSync(join(tmpdir(), 'glam-bench-chdb-')),
    port: await freePort(),
    logger,
  })
  const config = parseConfig({
    GLAM_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: tempDatabaseUrl(),
    CLICKHOUSE_URL: front.url,
    GLAM_SCHEDULER: 'false',
    GLAM_DEMO_SHOP_PORT: '0',
    GLAM_COLLECT_PER_IP_PER_MINUTE: '100000',
  })
  const platform = await prepareLocalPlatform('node', config, { logger })
  const app = createGlamApp({ config, platform: () => platform })
  // Some traffic so the stats have rows: 200 clicks and 40 orders over both influencers.
  const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
  for (let i = 0; i < 200; i++) {
    const res = await app.request(i % 2 ? '/summer-lena' : '/summer-mia', { headers: { 'user-agent': ua } })
    if (i % 5 === 0) {
      const clickId = new URL(res.headers.get('location')!).searchParams.get('glam_cid')!
      await app.request('/collect', {
        method: 'POST',
        headers: { origin: demo.shopOrigin, 'content-type': 'text/plain' },
        body: JSON.stringify(
          purchase(`B-${i}`, {
            total: 49.9,
            currency: 'EUR',
            items: [{ sku: 'A', price: 49.9, quantity: 1 }],
            clickId,
          }),
        ),
      })
    }
  }
  await platform.events.flush()

  const body = JSON.stringify({
    query: persistedOperations.dashboard,
    variables: { campaignId: demo.campaignId },
  })
  const viaGraphql = async () => {
    const res = await app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer glam_dev_admin' },
      body,
    })
    const json = (await res.json()) as { errors?: unknown }
    if (json.errors) throw new Error(JSON.stringify(json.errors))
  }
  const { db, t } = platform.database as SqlDatabase
  const backend = platform.analytics
  const window = {
    from: new Date(Date.now() - 366 * 864e5).toISOString(),
    to: new Date(Date.now() + 864e5).toISOString(),
    tz: 'UTC',
  }
  const clicksSql = (
    group: string,
  ) => `SELECT ${group} AS key, uniqExact(id) AS clicks, uniqExactIf(visitor_hash, visitor_hash != '') AS visitors FROM {db:Identifier}.clicks
    WHERE campaign_id = {campaign:UUID} AND time >= parseDateTime64BestEffort({from:String}, 3) AND time < parseDateTime64BestEffort({to:String}, 3) AND NOT is_bot GROUP BY key`
  const ordersSql = (
    group: string,
  ) => `SELECT ${group} AS key, currency, count() AS orders, sum(items) AS items, sum(total_minor) AS gross, sum(total_minor - least(refunded_minor, total_minor)) AS net
    FROM {db:Identifier}.conversions FINAL WHERE campaign_id = {campaign:UUID} AND time >= parseDateTime64BestEffort({from:String}, 3) AND time < parseDateTime64BestEffort({to:String}, 3) AND status != 'cancelled' GROUP BY key, currency`
  const params = { db: backend.database, campaign: demo.campaignId, from: window.from, to: window.to }
  const byHand = async () => {
    // The same reads a hand-written endpoint would do: key check, campaign + customer, influencers, links, 4 ClickHouse queries.
    await db.select().from(t.apiKeys).limit(1)
    const [campaign] = await db.select().from(t.campaigns).where(eq(t.campaigns.id, demo.campaignId))
    const [customer] = await db.select().from(t.customers).where(eq(t.customers.id, campaign!.customerId))
    const members = await db
      .select()
      .from(t.campaignInfluencers)
      .where(eq(t.campaignInfluencers.campaignId, campaign!.id))
    const ids = members.map((m) => m.influencerId)
    const [influencers, links] = await Promise.all([
      db.select().from(t.influencers).where(inArray(t.influencers.id, ids)),
      db
        .select()
        .from(t.links)
        .where(and(eq(t.links.campaignId, campaign!.id))),
    ])
    const stats = await Promise.all([
      backend.query(clicksSql("''"), params),
      backend.query(ordersSql("''"), params),
      backend.query(clicksSql('toString(influencer_id)'), params),
      backend.query(ordersSql('toString(influencer_id)'), params),
    ])
    return { customer, influencers, links, stats }
  }
  const samples = { graphql: [] as number[], sql: [] as number[] }
  for (let i = 0; i < 30; i++) {
    await viaGraphql()
    await byHand()
  }
  for (let i = 0; i < iterations; i++) {
    for (const [name, fn] of [
      ['graphql', viaGraphql],
      ['sql', byHand],
    ] as const) {
      const started = performance.now()
      await fn()
      samples[name].push(performance.now() - started)
    }
  }
  await platform.close?.()
  await front.stop()
  const summary = Object.fromEntries(
    Object.entries(samples).map(([name, ms]) => [name, { p50Ms: median(ms), p99Ms: percentile(ms, 99) }]),
  ) as Record<'graphql' | 'sql', { p50Ms: number; p99Ms: number }>
  console.log(`\ndashboard query, ${iterations} alternating runs each, in process (SQLite + chDB front)`)
  console.log(
    `GraphQL (persisted dashboard query)   p50 ${summary.graphql.p50Ms.toFixed(2)} ms   p99 ${summary.graphql.p99Ms.toFixed(2)} ms`,
  )
  console.log(
    `hand-written SQL + ClickHouse         p50 ${summary.sql.p50Ms.toFixed(2)} ms   p99 ${summary.sql.p99Ms.toFixed(2)} ms`,
  )
  console.log(
    `GraphQL / hand-written: p50 ${(summary.graphql.p50Ms / summary.sql.p50Ms).toFixed(2)}×, p99 ${(summary.graphql.p99Ms / summary.sql.p99Ms).toFixed(2)}×`,
  )
  return summary
}
