/**
 * @module @glam/stats
 * `GET /api/stats/clicks`: clicks and unique visitors from ClickHouse, filtered by customer,
 * campaign, influencer and link, over [from, to), grouped by day (in the campaign's timezone
 * unless `tz` says otherwise), country, device, browser or channel (where the link is placed). Bots are excluded unless asked for.
 * A customer-scoped API key sees its customer only.
 */
import { requireCaller } from '@glam/auth'
import { type AppEnv, defineFunction, GlamError, validationHook } from '@glam/core'
import { defineQuery } from '@glam/events/query'
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { conversionStats, conversionsQuery } from './conversions.ts'
import { filterFields, fromBeforeTo, fromBeforeToError, resolveFilters } from './filters.ts'
import { statsOpenapi } from './openapi.ts'

export const clicksQuery = z
  .strictObject({
    ...filterFields,
    group_by: z.enum(['day', 'country', 'device', 'browser', 'channel']).default('day'),
    bots: z.enum(['exclude', 'include', 'only']).default('exclude'),
  })
  .refine(fromBeforeTo, fromBeforeToError)

// The grouping expression comes from this table, never from input.
const groupings = {
  day: 'toString(toDate(time, {tz:String}))',
  country: "if(country = '', 'unknown', country)",
  device: "if(device = '', 'unknown', device)",
  browser: "if(browser = '', 'unknown', browser)",
  channel: "if(channel = '', 'influencer', channel)",
} as const

type Params = {
  from: string
  to: string
  tz: string
  customer: string
  campaign: string
  influencer: string
  link: string
  bots: string
}
const queries = Object.fromEntries(
  Object.entries(groupings).map(([name, expr]) => [
    name,
    defineQuery<Params, { key: string; clicks: string; visitors: string }>(`
      SELECT ${expr} AS key, uniqExact(id) AS clicks, uniqExactIf(visitor_hash, visitor_hash != '') AS visitors
      FROM {db:Identifier}.clicks
      WHERE time >= parseDateTime64BestEffort({from:String}, 3) AND time < parseDateTime64BestEffort({to:String}, 3)
        AND ({customer:String} = '' OR customer_id = toUUIDOrZero({customer:String}))
        AND ({campaign:String} = '' OR campaign_id = toUUIDOrZero({campaign:String}))
        AND ({influencer:String} = '' OR influencer_id = toUUIDOrZero({influencer:String}))
        AND ({link:String} = '' OR link_id = toUUIDOrZero({link:String}))
        AND (({bots:String} = 'include') OR (({bots:String} = 'only') = is_bot))
        ${name === 'day' ? '' : "AND {tz:String} != ''"}
      GROUP BY key ORDER BY key`),
  ]),
) as Record<
  keyof typeof groupings,
  ReturnType<typeof defineQuery<Params, { key: string; clicks: string; visitors: string }>>
>

/** Figures read through the platform's analytics port (503 where events are not in ClickHouse). */
export function createStatsApp() {
  return new Hono<AppEnv>()
    .get(
      '/clicks',
      requireCaller('stats:read'),
      zValidator('query', clicksQuery, validationHook),
      async (c) => {
        const q = c.req.valid('query')
        const filters = await resolveFilters(c, q)
        const { from, to, tz } = filters
        const rows = await queries[q.group_by](c.var.platform.analytics, {
          ...filters,
          bots: q.bots,
        }).catch((err: unknown) => {
          throw new GlamError('SERVICE_UNAVAILABLE', 'Statistics are unavailable right now.', { cause: err })
        })
        const groups = rows.map((r) => ({
          key: r.key,
          clicks: Number(r.clicks),
          visitors: Number(r.visitors),
        }))
        return c.json({
          from,
          to,
          timezone: tz,
          groupBy: q.group_by,
          bots: q.bots,
          totals: {
            clicks: groups.reduce((s, g) => s + g.clicks, 0),
          },
          groups,
        })
      },
    )
    .get(
      '/conversions',
      requireCaller('stats:read'),
      zValidator('query', conversionsQuery, validationHook),
      (c) => conversionStats(c, c.var.platform.analytics, c.req.valid('query')),
    )
}

/** Click and conversion statistics from ClickHouse. */
export const statsFunction = defineFunction({
  name: 'stats',
  description: 'Click and conversion statistics under `/api/stats`.',
  mounts: [{ path: '/api/stats', app: createStatsApp }],
  claims: ['/api/stats/*'],
  runtimes: ['edge', 'container'],
  openapi: statsOpenapi(clicksQuery),
  clickhouseTables: ['clicks', 'conversions', 'conversion_lines'],
})
