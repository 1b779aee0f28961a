/**
 * `GET /api/stats/conversions`: orders, items, revenue gross and net per currency (never mixed),
 * average order value per currency, and the conversion rate (orders / non-bot clicks of the
 * same filters), grouped by campaign, influencer, link or day (in the campaign's timezone
 * unless `tz` says otherwise). Read from ClickHouse: `conversions FINAL` holds each order's
 * latest version (a refund or cancel replaces the row).
 */
import { type Analytics, type AppEnv, GlamError, nilUuid } from '@glam/core'
import { latestConversions } from '@glam/events/latest'
import { defineQuery } from '@glam/events/query'
import type { Context } from 'hono'
import { z } from 'zod'
import { filterFields, fromBeforeTo, fromBeforeToError, resolveFilters } from './filters.ts'

export const conversionsQuery = z
  .strictObject({
    ...filterFields,
    group_by: z.enum(['campaign', 'influencer', 'link', 'day']).default('campaign'),
  })
  .refine(fromBeforeTo, fromBeforeToError)

const keys = {
  campaign: { conversions: 'toString(campaign_id)', clicks: 'toString(campaign_id)' },
  influencer: { conversions: 'toString(influencer_id)', clicks: 'toString(influencer_id)' },
  link: { conversions: 'toString(link_id)', clicks: 'toString(link_id)' },
  day: { conversions: 'toString(toDate(time, {tz:String}))', clicks: 'toString(toDate(time, {tz:String}))' },
} as const

const where = `time >= parseDateTime64BestEffort({from:String}, 3) AND time < parseDateTime64BestEffort({to:String}, 3)
  AND ({customer:String} = '' OR customer_id = toUUIDOrZero({customer:String}))
  AND ({campaign:String} = '' OR campaign_id = toUUIDOrZero({campaign:String}))
  AND ({influencer:String} = '' OR influencer_id = toUUIDOrZero({influencer:String}))
  AND ({link:String} = '' OR link_id = toUUIDOrZero({link:String}))
  AND {tz:String} != ''`

type Params = {
  from: string
  to: string
  tz: string
  customer: string
  campaign: string
  influencer: string
  link: string
}
type OrderRow = {
  key: string
  currency: string
  orders: string
  cancelled: string
  items: string
  gross: string
  net: string
}
type ClickRow = { key: string; clicks: string }

const queries = Object.fromEntries(
  Object.entries(keys).map(([name, expr]) => [
    name,
    {
      orders: defineQuery<Params, OrderRow>(`
        SELECT ${expr.conversions} AS key, currency,
          countIf(status != 'cancelled') AS orders,
          countIf(status = 'cancelled') AS cancelled,
          sumIf(items, status != 'cancelled') AS items,
          sumIf(total_minor, status != 'cancelled') AS gross,
          sumIf(total_minor - least(refunded_minor, total_minor), status != 'cancelled') AS net
        FROM ${latestConversions('{db:Identifier}.conversions', where)}
        WHERE ${where}
        GROUP BY key, currency ORDER BY key, currency`),
      clicks: defineQuery<Params, ClickRow>(`
        SELECT ${expr.clicks} AS key, uniqExact(id) AS clicks
        FROM {db:Identifier}.clicks
        WHERE ${where} AND NOT is_bot
        GROUP BY key ORDER BY key`),
    },
  ]),
) as Record<
  keyof typeof keys,
  {
    orders: ReturnType<typeof defineQuery<Params, OrderRow>>
    clicks: ReturnType<typeof defineQuery<Params, ClickRow>>
  }
>

const rate = (orders: number, clicks: number) =>
  clicks > 0 ? Math.round((orders / clicks) * 10_000) / 10_000 : null

interface Money {
  currency: string
  orders: number
  gross: number
  net: number
  averageOrderValue: number
}

export async function conversionStats(
  c: Context<AppEnv>,
  analytics: Analytics,
  q: z.output<typeof conversionsQuery>,
) {
  // Access first: a caller without it learns nothing, not even whether analytics are up.
  const filters = await resolveFilters(c, q)
  const query = queries[q.group_by]
  const [orderRows, clickRows] = await Promise.all([
    query.orders(analytics, filters),
    query.clicks(analytics, filters),
  ]).catch((err: unknown) => {
    throw new GlamError('SERVICE_UNAVAILABLE', 'Statistics are unavailable right now.', { cause: err })
  })
  const groups = new Map<
    string,
    { key: string | null; orders: number; cancelled: number; items: number; clicks: number; revenue: Money[] }
  >()
  const group = (key: string) => {
    let g = groups.get(key)
    if (!g) {
      g = { key: key === nilUuid ? null : key, orders: 0, cancelled: 0, items: 0, clicks: 0, revenue: [] }
      groups.set(key, g)
    }
    return g
  }
  const totals = new Map<string, Money>()
  for (const r of orderRows) {
    const g = group(r.key)
    const orders = Number(r.orders)
    g.orders += orders
    g.cancelled += Number(r.cancelled)
    g.items += Number(r.items)
    const money = {
      currency: r.currency,
      orders,
      gross: Number(r.gross),
      net: Number(r.net),
      averageOrderValue: 0,
    }
    money.averageOrderValue = orders > 0 ? Math.round(money.gross / orders) : 0
    if (orders > 0) g.revenue.push(money)
    const t = totals.get(r.currency) ?? {
      currency: r.currency,
      orders: 0,
      gross: 0,
      net: 0,
      averageOrderValue: 0,
    }
    t.orders += orders
    t.gross += money.gross
    t.net += money.net
    t.averageOrderValue = t.orders > 0 ? Math.round(t.gross / t.orders) : 0
    totals.set(r.currency, t)
  }
  for (const r of clickRows) group(r.key).clicks += Number(r.clicks)
  const list = [...groups.values()].map((g) => ({ ...g, conversionRate: rate(g.orders, g.clicks) }))
  const orders = list.reduce((n, g) => n + g.orders, 0)
  const clicks = list.reduce((n, g) => n + g.clicks, 0)
  return c.json({
    from: filters.from,
    to: filters.to,
    timezone: filters.tz,
    groupBy: q.group_by,
    /** Money is in minor units of its currency (cents for EUR). */
    amounts: 'minor_units',
    totals: {
      orders,
      cancelled: list.reduce((n, g) => n + g.cancelled, 0),
      items: list.reduce((n, g) => n + g.items, 0),
      clicks,
      conversionRate: rate(orders, clicks),
      revenue: [...totals.values()],
    },
    groups: list,
  })
}
