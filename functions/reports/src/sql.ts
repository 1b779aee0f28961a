/**
 * The report queries, written once for two sources: the hourly rollups (what the dashboards
 * read) and the raw tables (for windows or time zones that are not whole hours, a country split
 * of one link, and the benchmark, which runs both side by side). Every fragment comes from the
 * tables here; every value is a bound `{name:Type}` parameter.
 */
import type { Analytics } from '@glam/core'
import { latestConversions } from '@glam/events/latest'
import { conversionMeasureNames, conversionMeasures } from '@glam/events/rollup-tables'

export type SourceName = 'rollup' | 'raw'

/** What a report is about: the ids it is limited to, the window (whole seconds, UTC) and the time zone. */
export interface QueryScope {
  customer?: string
  campaign?: string
  influencer?: string
  link?: string
  /** `YYYY-MM-DD HH:MM:SS` in UTC. */
  from: string
  to: string
  tz: string
}

/** How rows are grouped: from this table only. */
export type ClickKey = 'none' | 'campaign' | 'influencer' | 'link' | 'day' | 'hour' | 'country' | 'device'
export type ConversionKey = 'none' | 'campaign' | 'influencer' | 'link'

const keyExpr = (key: ClickKey, time: string) =>
  ({
    none: "''",
    campaign: 'toString(campaign_id)',
    influencer: 'toString(influencer_id)',
    link: 'toString(link_id)',
    day: `toString(toDate(${time}, {tz:String}))`,
    hour: `formatDateTime(toStartOfHour(${time}, {tz:String}), '%Y-%m-%dT%H:00', {tz:String})`,
    country: "if(country = '', 'unknown', country)",
    device: "if(device = '', 'unknown', device)",
  })[key]

const dimensions = (scope: QueryScope) =>
  [
    scope.customer && 'customer_id = {customer:UUID}',
    scope.campaign && 'campaign_id = {campaign:UUID}',
    scope.influencer && 'influencer_id = {influencer:UUID}',
    scope.link && 'link_id = {link:UUID}',
  ].filter(Boolean) as string[]

const sources = {
  rollup: {
    time: 'hour',
    window: "hour >= toDateTime({from:String}, 'UTC') AND hour < toDateTime({to:String}, 'UTC')",
    clicksTable: (db: string, geo: boolean) => `${db}.${geo ? 'clicks_geo_hourly' : 'clicks_hourly'}`,
    clicks: 'sumIf(clicks, NOT is_bot)',
    visitors: 'uniqMergeIf(visitors, NOT is_bot)',
    bots: 'sumIf(clicks, is_bot)',
    conversionsTable: (db: string) => `${db}.conversions_hourly`,
    measure: (name: string) => `sum(${name})`,
  },
  raw: {
    time: 'time',
    window: "time >= toDateTime64({from:String}, 3, 'UTC') AND time < toDateTime64({to:String}, 3, 'UTC')",
    clicksTable: (db: string) => `${db}.clicks`,
    clicks: 'uniqExactIf(id, NOT is_bot)',
    visitors: "uniqExactIf(visitor_hash, NOT is_bot AND visitor_hash != '')",
    bots: 'uniqExactIf(id, is_bot)',
    // Each order's latest version, wherever it moved (@glam/events/latest); the query's own
    // WHERE then applies to that version.
    conversionsTable: (db: string, where: string) => latestConversions(`${db}.conversions`, where || 'true'),
    measure: (name: string) =>
      `sum(${conversionMeasures[name as keyof typeof conversionMeasures].replace(/\bsign\b/g, '1')})`,
  },
} as const

const params = (scope: QueryScope) =>
  Object.fromEntries(Object.entries(scope).filter(([, v]) => v !== undefined && v !== '')) as Record<
    string,
    string
  >

export interface ClickRow {
  key: string
  bucket: string
  clicks: string
  visitors: string
  bots: string
}

/**
 * Clicks, visitors and bot clicks grouped by a key and, optionally, a time bucket (visitors not
 * by country or device: merging their states is most of a split's cost, and a split is about
 * shares of clicks; `visitors` is 0 there). A country or
 * device key reads the geo rollup, which has no link or influencer: with those filters the raw
 * table answers. With `totals`, a bucketed query also answers each key's totals over the whole
 * window (rows with bucket `''`: GROUPING SETS, one scan instead of two queries).
 */
export async function clicksQuery(
  analytics: Analytics,
  source: SourceName,
  scope: QueryScope,
  key: ClickKey,
  bucket: 'none' | 'day' | 'hour' = 'none',
  options: { totals?: boolean } = {},
): Promise<ClickRow[]> {
  const geo = key === 'country' || key === 'device'
  const name: SourceName = geo && (scope.influencer || scope.link) ? 'raw' : source
  const s = sources[name]
  const where = [...dimensions(scope), s.window].join(' AND ')
  const sql = `SELECT ${keyExpr(key, s.time)} AS key, ${keyExpr(bucket, s.time)} AS bucket,
      toString(${s.clicks}) AS n_clicks, ${geo ? "'0'" : `toString(${s.visitors})`} AS n_visitors, toString(${s.bots}) AS n_bots
    FROM ${s.clicksTable(analytics.database, geo)}
    WHERE ${where} AND {tz:String} != ''
    ${
      options.totals && bucket !== 'none'
        ? // NULL, not the type's default, for the bucket of the totals (a day's default is 1970-01-01).
          'GROUP BY GROUPING SETS ((key, bucket), (key)) ORDER BY key, bucket SETTINGS group_by_use_nulls = 1'
        : 'GROUP BY key, bucket ORDER BY key, bucket'
    }`
  const rows = await analytics.query<Record<string, string>>(sql, params(scope))
  return rows.map((r) => ({
    key: r.key!,
    bucket: r.bucket ?? '',
    clicks: r.n_clicks!,
    visitors: r.n_visitors!,
    bots: r.n_bots!,
  }))
}

export interface ConversionRow {
  key: string
  day: string
  currency: string
  attribution_model: string
  orders: string
  cancelled: string
  items: string
  gross_minor: string
  refunded_minor: string
  refunds: string
}

/** Conversion measures by key, day (in the time zone: rates are per day), currency and attribution. */
export async function conversionsQuery(
  analytics: Analytics,
  source: SourceName,
  scope: QueryScope,
  key: ConversionKey,
  bucket: 'day' | 'hour' = 'day',
): Promise<ConversionRow[]> {
  const s = sources[source]
  const dims = dimensions(scope)
  const where = [...dims, s.window].join(' AND ')
  const table = s.conversionsTable(analytics.database, where)
  // Aliases apart from the column names (an alias equal to a column would stand for it in sum()).
  const measures = conversionMeasureNames.map((m) => `toString(${s.measure(m)}) AS m_${m}`).join(', ')
  const sql = `SELECT ${keyExpr(key, s.time)} AS key, ${keyExpr(bucket, s.time)} AS day, currency, attribution_model, ${measures}
    FROM ${table}
    WHERE ${where} AND {tz:String} != ''
    GROUP BY key, day, currency, attribution_model
    ORDER BY key, day, currency, attribution_model`
  const rows = await analytics.query<Record<string, string>>(sql, params(scope))
  return rows.map((r) => {
    const row = {
      key: r.key,
      day: r.day,
      currency: r.currency,
      attribution_model: r.attribution_model,
    } as Record<string, string>
    for (const m of conversionMeasureNames) row[m] = r[`m_${m}`] ?? '0'
    return row as unknown as ConversionRow
  })
}

/** `YYYY-MM-DD HH:MM:SS` (UTC) of a time, as the queries take it. */
export const chTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ')

/**
 * Whether the rollups can answer a window in a time zone: both ends on whole UTC hours, and the
 * zone's offset a whole number of hours on every day of the window (not India's +05:30, nor
 * Lord Howe's half-hour summer time).
 */
export function rollupsFit(from: Date, to: Date, tz: string): boolean {
  const hour = 3_600_000
  if (from.getTime() % hour !== 0 || to.getTime() % hour !== 0) return false
  const offsetMinutes = (at: Date) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      timeZoneName: 'longOffset',
    }).formatToParts(at)
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
    const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name)
    return m ? Number(m[3] ?? 0) : 0
  }
  const step = Math.max(hour * 24, Math.ceil((to.getTime() - from.getTime()) / 400))
  for (let t = from.getTime(); t <= to.getTime(); t += step)
    if (offsetMinutes(new Date(t)) !== 0) return false
  return offsetMinutes(to) === 0
}
