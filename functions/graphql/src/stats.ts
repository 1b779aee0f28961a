/**
 * Stats from ClickHouse, batched: a loader key names one subject (a campaign, a campaign's
 * influencer, a link) and a grouping; each batch runs one clicks query and one conversions
 * query for all its subjects, so a dashboard costs the same for 2 links or 200.
 */
import { GlamError, type Platform } from '@glam/core'
import { latestConversions } from '@glam/events/latest'
import { defineQuery } from '@glam/events/query'
import DataLoader from 'dataloader'

export interface Revenue {
  currency: string
  orders: number
  grossMinor: number
  netMinor: number
  averageOrderValueMinor: number
}
export interface Stats {
  key: string
  clicks: number
  visitors: number
  orders: number
  items: number
  revenue: Revenue[]
  conversionRate: number | null
}

/** Which column the subject is, and what a row is grouped by. Both come from this table only. */
const subjects = { campaign: 'campaign_id', link: 'link_id' } as const
const groupings = {
  total: "''",
  influencer: 'toString(influencer_id)',
  link: 'toString(link_id)',
  day: 'toString(toDate(time, {tz:String}))',
  country: "if(country = '', 'unknown', country)",
  device: "if(device = '', 'unknown', device)",
} as const
export type Subject = keyof typeof subjects
export type Grouping = keyof typeof groupings

type Params = { ids: string; from: string; to: string; tz: string }
const window = `time >= parseDateTime64BestEffort({from:String}, 3) AND time < parseDateTime64BestEffort({to:String}, 3) AND {tz:String} != ''`

const clicksSql = (subject: Subject, grouping: Grouping) =>
  defineQuery<Params, { subject: string; key: string; clicks: string; visitors: string }>(`
    SELECT toString(${subjects[subject]}) AS subject, ${groupings[grouping]} AS key,
      uniqExact(id) AS clicks, uniqExactIf(visitor_hash, visitor_hash != '') AS visitors
    FROM {db:Identifier}.clicks
    WHERE has(splitByChar(',', {ids:String}), toString(${subjects[subject]})) AND ${window} AND NOT is_bot
    GROUP BY subject, key`)

// Conversions have no country or device: those groupings count clicks only.
const ordersSql = (subject: Subject, grouping: Grouping) =>
  defineQuery<
    Params,
    {
      subject: string
      key: string
      currency: string
      orders: string
      items: string
      gross: string
      net: string
    }
  >(`
    SELECT toString(${subjects[subject]}) AS subject, ${grouping === 'country' || grouping === 'device' ? "'unknown'" : groupings[grouping]} AS key, currency,
      count() AS orders, sum(items) AS items, sum(total_minor) AS gross, sum(total_minor - least(refunded_minor, total_minor)) AS net
    FROM ${latestConversions('{db:Identifier}.conversions', `has(splitByChar(',', {ids:String}), toString(${subjects[subject]})) AND ${window}`)}
    WHERE has(splitByChar(',', {ids:String}), toString(${subjects[subject]})) AND ${window} AND status != 'cancelled'
    GROUP BY subject, key, currency`)

const queries = new Map<
  string,
  { clicks: ReturnType<typeof clicksSql>; orders: ReturnType<typeof ordersSql> }
>()
const queriesFor = (subject: Subject, grouping: Grouping) => {
  const name = `${subject}:${grouping}`
  let q = queries.get(name)
  if (!q) {
    q = { clicks: clicksSql(subject, grouping), orders: ordersSql(subject, grouping) }
    queries.set(name, q)
  }
  return q
}

export interface StatsKey {
  subject: Subject
  id: string
  groupBy: Grouping
  from: string
  to: string
  tz: string
}

const empty = (key: string): Stats => ({
  key,
  clicks: 0,
  visitors: 0,
  orders: 0,
  items: 0,
  revenue: [],
  conversionRate: null,
})

export function createStatsLoaders(platform: Platform) {
  const stats = new DataLoader<StatsKey, Stats[], string>(
    async (keys) => {
      // One pair of queries per shape (subject, grouping, window), for every subject id at once.
      const shapes = new Map<string, StatsKey[]>()
      for (const k of keys) {
        const shape = `${k.subject}|${k.groupBy}|${k.from}|${k.to}|${k.tz}`
        const list = shapes.get(shape)
        if (list) list.push(k)
        else shapes.set(shape, [k])
      }
      const results = new Map<string, Stats[]>()
      await Promise.all(
        [...shapes.values()].map(async (group) => {
          const { subject, groupBy, from, to, tz } = group[0]!
          const params = { ids: [...new Set(group.map((k) => k.id))].join(','), from, to, tz }
          const q = queriesFor(subject, groupBy)
          const backend = platform.analytics
          const [clicks, orders] = await Promise.all([
            q.clicks(backend, params),
            q.orders(backend, params),
          ]).catch((err: unknown) => {
            throw new GlamError('SERVICE_UNAVAILABLE', 'Statistics are unavailable right now.', {
              cause: err,
            })
          })
          const rows = new Map<string, Map<string, Stats>>()
          const row = (subjectId: string, key: string) => {
            let bySubject = rows.get(subjectId)
            if (!bySubject) {
              bySubject = new Map()
              rows.set(subjectId, bySubject)
            }
            let s = bySubject.get(key)
            if (!s) {
              s = empty(key)
              bySubject.set(key, s)
            }
            return s
          }
          for (const c of clicks) {
            const s = row(c.subject, c.key)
            s.clicks += Number(c.clicks)
            s.visitors += Number(c.visitors)
          }
          for (const o of orders) {
            const s = row(o.subject, o.key)
            const count = Number(o.orders)
            s.orders += count
            s.items += Number(o.items)
            s.revenue.push({
              currency: o.currency,
              orders: count,
              grossMinor: Number(o.gross),
              netMinor: Number(o.net),
              averageOrderValueMinor: count > 0 ? Math.round(Number(o.gross) / count) : 0,
            })
          }
          for (const k of group) {
            const list = [...(rows.get(k.id)?.values() ?? [])]
            for (const s of list) {
              s.revenue.sort((a, b) => a.currency.localeCompare(b.currency))
              s.conversionRate = s.clicks > 0 ? Math.round((s.orders / s.clicks) * 10_000) / 10_000 : null
            }
            results.set(
              JSON.stringify(k),
              list.sort((a, b) => a.key.localeCompare(b.key)),
            )
          }
        }),
      )
      return keys.map((k) => results.get(JSON.stringify(k)) ?? [])
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  )
  return {
    stats,
    /** One row: the subject's totals, or one key of its grouping. */
    async statsRow(key: StatsKey, row = ''): Promise<Stats> {
      return (await stats.load(key)).find((s) => s.key === row) ?? empty(row)
    },
  }
}
