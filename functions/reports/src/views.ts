/**
 * Every report the dashboard shows, one function per view: campaigns (totals and a daily
 * sparkline), campaign overview (totals, time series, funnel, country and device, the previous
 * period), influencers and links (sortable, paged tables) and orders. GraphQL, the REST routes,
 * the CSV exports and the share links all call these, so a figure is computed in one place and
 * a filter means the same everywhere. Aggregates come from the rollups (sql.ts), orders from SQL.
 */
import { toMajor } from '@glam/commerce/money'
import { GlamError, nilUuid, type Platform, type Principal } from '@glam/core'
import type { Campaign } from '@glam/db/repositories/campaigns'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Order } from '@glam/db/repositories/orders'
import { visibility } from '@glam/db/repositories/visibility'
import { z } from 'zod'
import { converterFor, createFigures, type FigureSet, type Figures } from './figures.ts'
import { filterFields, previousPeriod, type ReportScope, resolveScope } from './scope.ts'
import {
  type ClickKey,
  type ClickRow,
  type ConversionKey,
  type ConversionRow,
  clicksQuery,
  conversionsQuery,
  type SourceName,
} from './sql.ts'

/** `source`: force the rollups or the raw tables (the tests and the benchmark compare them). */
export interface ViewOptions {
  source?: SourceName
}

const unavailable = (err: unknown): never => {
  if (err instanceof GlamError) throw err
  throw new GlamError('SERVICE_UNAVAILABLE', 'Reports are unavailable right now.', { cause: err })
}

const dayOf = (d: Date, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(d)

/** `YYYY-MM-DDTHH:00` in the zone, as the queries' hourly buckets are labelled. */
function hourOf(d: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:00`
}

/**
 * Every bucket label of the window in its zone, in order (a day of 23 or 25 hours is one day;
 * the repeated hour of a autumn night is one hour, as the queries label it too).
 */
function bucketsOf(scope: Pick<ReportScope, 'fromDate' | 'toDate' | 'tz'>, bucket: 'day' | 'hour'): string[] {
  const labels: string[] = []
  const step = bucket === 'day' ? 86_400_000 : 3_600_000
  const label = bucket === 'day' ? dayOf : hourOf
  for (let t = scope.fromDate.getTime(); t < scope.toDate.getTime(); t += step) {
    const l = label(new Date(t), scope.tz)
    if (labels.at(-1) !== l) labels.push(l)
  }
  return labels
}

/**
 * Figures per key (one for `none`), converted into the scope's currency. A view that reads the
 * same rows for its own series passes its queries in, so they run once: clicks with their
 * totals (the rows with bucket `''` are these figures'), conversions by day.
 */
async function figuresBy(
  platform: Platform,
  scope: ReportScope,
  clickKey: ClickKey,
  conversionKey: ConversionKey,
  shared: { clicks?: Promise<ClickRow[]>; byDay?: Promise<ConversionRow[]> } = {},
): Promise<Map<string, Figures>> {
  const a = platform.analytics
  const [clickRows, conversions] = await Promise.all([
    shared.clicks ?? clicksQuery(a, scope.source, scope, clickKey),
    shared.byDay ?? conversionsQuery(a, scope.source, scope, conversionKey),
  ]).catch(unavailable)
  const clicks = shared.clicks ? clickRows.filter((r) => r.bucket === '') : clickRows
  const sets = new Map<string, FigureSet>()
  const set = (key: string) => {
    let s = sets.get(key)
    if (!s) {
      s = createFigures()
      sets.set(key, s)
    }
    return s
  }
  for (const row of clicks) set(row.key).addClicks(row)
  for (const row of conversions) set(row.key).addConversions(row)
  const converter = await converterFor(
    platform,
    scope.currency,
    [...sets.values()],
    dayOf(new Date(scope.fromDate.getTime() - 86_400_000), scope.tz),
    dayOf(scope.toDate, scope.tz),
  )
  return new Map([...sets].map(([k, s]) => [k, s.finish(converter)]))
}

const noFigures = (currency: string): Figures => createFigures().finish({ quote: currency, convert: () => 0 })

/** Internal fields (bots, attribution paths, click ids) only for platform staff. */
function shown<T extends Figures>(f: T, internal: boolean) {
  if (internal) return f
  const { botClicks: _, botShare: __, ...rest } = f
  return rest
}

const windowOf = (scope: ReportScope) => ({
  from: scope.fromDate.toISOString(),
  to: scope.toDate.toISOString(),
  timezone: scope.tz,
  currency: scope.currency,
  source: scope.source,
})

/** A sorted table's page, with the count of all its rows. */
/** Whether any of the texts contains the query (case- and accent-insensitively); no query: yes. */
const matches = (q: string | undefined, ...texts: (string | null | undefined)[]) => {
  if (!q) return true
  const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('de')
  const needle = fold(q)
  return texts.some((t) => t && fold(t).includes(needle))
}

const tablePage = <V extends string, R>(
  view: V,
  scope: ReportScope,
  rows: R[],
  input: { offset: number; limit: number },
) => ({
  view,
  ...windowOf(scope),
  total: rows.length,
  rows: rows.slice(input.offset, input.offset + input.limit),
})

// --- campaigns -----------------------------------------------------------------------------

const sortOrder = { order: z.enum(['asc', 'desc']).default('desc') }
const paging = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}
const figureSorts = [
  'clicks',
  'visitors',
  'orders',
  'items',
  'revenue',
  'conversionRate',
  'averageOrderValue',
] as const

export const campaignsInput = z.strictObject({
  ...filterFields,
  status: z.enum(['draft', 'active', 'paused', 'ended', 'archived']).optional(),
  sort: z.enum(['name', 'startsAt', ...figureSorts]).default('startsAt'),
  ...sortOrder,
  ...paging,
})

/** The campaigns the caller may see (a customer's, or those an influencer takes part in). */
async function visibleCampaigns(
  platform: Platform,
  principal: Principal,
  customer?: string,
): Promise<Campaign[]> {
  const repos = repositoriesOf(platform)
  const all: Campaign[] = []
  let cursor: string | undefined
  do {
    const page = await repos.campaigns.list({
      customerId: principal.customerId ?? customer,
      limit: 100,
      cursor,
    })
    all.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor && all.length < 10_000)
  if (!principal.influencerId) return all
  const see = visibility(repos, principal)
  const mine = await Promise.all(all.map((c) => see.campaign(c.id)))
  return mine.filter((c): c is Campaign => c !== null)
}

const sortValue = (f: Figures, key: (typeof figureSorts)[number]) =>
  key === 'revenue'
    ? f.reporting.netMinor
    : key === 'averageOrderValue'
      ? (f.reporting.averageOrderValueMinor ?? -1)
      : key === 'conversionRate'
        ? (f.conversionRate ?? -1)
        : f[key]

function sortRows<T>(rows: T[], value: (row: T) => string | number | null, order: 'asc' | 'desc') {
  const sign = order === 'asc' ? 1 : -1
  return rows.sort((a, b) => {
    const x = value(a) ?? ''
    const y = value(b) ?? ''
    return (
      (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign
    )
  })
}

export async function campaignsReport(
  platform: Platform,
  principal: Principal,
  input: z.infer<typeof campaignsInput>,
  options: ViewOptions = {},
) {
  const scope = await resolveScope(platform, principal, input, options)
  const campaigns = (await visibleCampaigns(platform, principal, scope.customer)).filter(
    (c) => !input.status || c.status === input.status,
  )
  const a = platform.analytics
  const byDay = conversionsQuery(a, scope.source, scope, 'campaign', 'day')
  const clicks = clicksQuery(a, scope.source, scope, 'campaign', 'day', { totals: true })
  const [figures, clickRows, dailyOrders] = await Promise.all([
    figuresBy(platform, scope, 'campaign', 'campaign', { clicks, byDay }),
    clicks,
    byDay,
  ]).catch(unavailable)
  const daily = clickRows.filter((r) => r.bucket !== '')
  const spark = new Map<string, Map<string, { clicks: number; orders: number }>>()
  const point = (campaign: string, day: string) => {
    let days = spark.get(campaign)
    if (!days) {
      days = new Map()
      spark.set(campaign, days)
    }
    let p = days.get(day)
    if (!p) {
      p = { clicks: 0, orders: 0 }
      days.set(day, p)
    }
    return p
  }
  for (const r of daily) point(r.key, r.bucket).clicks += Number(r.clicks)
  for (const r of dailyOrders) point(r.key, r.day).orders += Number(r.orders)
  const days = bucketsOf(scope, 'day')
  const rows = campaigns.map((c) => ({
    campaign: {
      id: c.id,
      name: c.name,
      status: c.status,
      customerId: c.customerId,
      timezone: c.timezone,
      startsAt: c.startsAt?.toISOString() ?? null,
      endsAt: c.endsAt?.toISOString() ?? null,
    },
    figures: shown(figures.get(c.id) ?? noFigures(scope.currency), scope.internal),
    sparkline: days.map((day) => ({ day, ...(spark.get(c.id)?.get(day) ?? { clicks: 0, orders: 0 }) })),
  }))
  const sort = input.sort
  sortRows(
    rows,
    (r) =>
      sort === 'name'
        ? r.campaign.name
        : sort === 'startsAt'
          ? (r.campaign.startsAt ?? '')
          : sortValue(r.figures as Figures, sort),
    input.order,
  )
  return tablePage('campaigns' as const, scope, rows, input)
}

// --- campaign overview ---------------------------------------------------------------------

export const overviewInput = z.strictObject({
  ...filterFields,
  campaign: z.uuid(),
  bucket: z.enum(['hour', 'day']).optional(),
  compare: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .or(z.boolean())
    .default(true),
})

export async function campaignOverview(
  platform: Platform,
  principal: Principal,
  input: z.infer<typeof overviewInput>,
  options: ViewOptions = {},
) {
  const scope = await resolveScope(platform, principal, input, options)
  const campaign = (await repositoriesOf(platform).campaigns.get(input.campaign))!
  const span = scope.toDate.getTime() - scope.fromDate.getTime()
  const bucket = input.bucket ?? (span <= 3 * 86_400_000 ? 'hour' : 'day')
  if (bucket === 'hour' && span > 31 * 86_400_000)
    throw new GlamError('VALIDATION_FAILED', 'An hourly series covers at most 31 days.', {
      details: [{ path: 'bucket', code: 'invalid_value', message: 'hour needs a window of at most 31 days' }],
    })
  const a = platform.analytics
  const seriesConversions = conversionsQuery(a, scope.source, scope, 'none', bucket)
  const seriesClicks = clicksQuery(a, scope.source, scope, 'none', bucket, { totals: true })
  const [totals, previous, seriesRows, seriesOrders, countries, devices] = await Promise.all([
    // Totals convert per day: an hourly series is not that query, a daily one is.
    figuresBy(platform, scope, 'none', 'none', {
      clicks: seriesClicks,
      ...(bucket === 'day' && { byDay: seriesConversions }),
    }),
    input.compare ? figuresBy(platform, previousPeriod(scope), 'none', 'none') : Promise.resolve(null),
    seriesClicks,
    seriesConversions,
    clicksQuery(a, scope.source, scope, 'country'),
    clicksQuery(a, scope.source, scope, 'device'),
  ]).catch(unavailable)
  const total = totals.get('') ?? noFigures(scope.currency)
  const before = previous ? (previous.get('') ?? noFigures(scope.currency)) : null
  // The series: one point per bucket, clicks and orders side by side (revenue per currency).
  const points = new Map<
    string,
    {
      bucket: string
      clicks: number
      visitors: number
      bots: number
      orders: number
      revenue: Map<string, number>
    }
  >()
  const at = (b: string) => {
    let p = points.get(b)
    if (!p) {
      p = { bucket: b, clicks: 0, visitors: 0, bots: 0, orders: 0, revenue: new Map() }
      points.set(b, p)
    }
    return p
  }
  // Every bucket of the window, those without activity at zero: a chart draws no false slope.
  for (const b of bucketsOf(scope, bucket)) at(b)
  for (const r of seriesRows) {
    if (r.bucket === '') continue
    const p = at(r.bucket)
    p.clicks += Number(r.clicks)
    p.visitors += Number(r.visitors)
    p.bots += Number(r.bots)
  }
  for (const r of seriesOrders) {
    const p = at(r.day)
    p.orders += Number(r.orders)
    p.revenue.set(
      r.currency,
      (p.revenue.get(r.currency) ?? 0) + Number(r.gross_minor) - Number(r.refunded_minor),
    )
  }
  const split = (rows: typeof countries) => {
    const all = rows.reduce((n, r) => n + Number(r.clicks), 0)
    return rows
      .map((r) => ({
        key: r.key,
        clicks: Number(r.clicks),
        share: all > 0 ? Math.round((Number(r.clicks) / all) * 10_000) / 10_000 : 0,
        ...(scope.internal && { botClicks: Number(r.bots) }),
      }))
      .filter((r) => r.clicks > 0 || (scope.internal && (r.botClicks ?? 0) > 0))
      .sort((x, y) => y.clicks - x.clicks || x.key.localeCompare(y.key))
  }
  const change = (now: number, then: number) =>
    then > 0 ? Math.round(((now - then) / then) * 10_000) / 10_000 : null
  return {
    view: 'campaign-overview' as const,
    ...windowOf(scope),
    campaign: { id: campaign.id, name: campaign.name, status: campaign.status, timezone: campaign.timezone },
    bucket,
    totals: shown(total, scope.internal),
    funnel: {
      clicks: total.clicks,
      visitors: total.visitors,
      orders: total.orders,
      conversionRate: total.conversionRate,
    },
    series: [...points.values()]
      .sort((x, y) => x.bucket.localeCompare(y.bucket))
      .map((p) => ({
        bucket: p.bucket,
        clicks: p.clicks,
        visitors: p.visitors,
        orders: p.orders,
        revenue: [...p.revenue]
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([currency, netMinor]) => ({ currency, netMinor })),
        ...(scope.internal && { botClicks: p.bots }),
      })),
    countries: split(countries),
    devices: split(devices),
    previous: before
      ? {
          from: previousPeriod(scope).fromDate.toISOString(),
          to: scope.fromDate.toISOString(),
          totals: shown(before, scope.internal),
          change: {
            clicks: change(total.clicks, before.clicks),
            visitors: change(total.visitors, before.visitors),
            orders: change(total.orders, before.orders),
            revenue: change(total.reporting.netMinor, before.reporting.netMinor),
          },
        }
      : null,
  }
}

// --- influencers and links -----------------------------------------------------------------

export const tableInput = z.strictObject({
  ...filterFields,
  /** Rows whose name (handle or name; slug or destination) contains it, any case. */
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('Only rows whose handle or name (links: slug or destination) contains this, in any case.'),
  sort: z.enum(['name', ...figureSorts]).default('clicks'),
  ...sortOrder,
  ...paging,
})

export async function influencersReport(
  platform: Platform,
  principal: Principal,
  input: z.infer<typeof tableInput>,
  options: ViewOptions = {},
) {
  const scope = await resolveScope(platform, principal, input, options)
  const repos = repositoriesOf(platform)
  const figures = await figuresBy(platform, scope, 'influencer', 'influencer')
  // The campaign's influencers appear with no activity too; activity of others (a link moved
  // between influencers) is listed as well.
  const members = scope.campaign ? await repos.campaigns.influencerIds(scope.campaign) : []
  const ids = [...new Set([...members, ...figures.keys()])].filter(
    (id) => id !== nilUuid && id !== '' && (!scope.influencer || id === scope.influencer),
  )
  const people = new Map((await repos.influencers.byIds(ids)).map((i) => [i.id, i]))
  const rows = ids
    .map((id) => ({
      influencer: { id, handle: people.get(id)?.handle ?? null, name: people.get(id)?.name ?? null },
      figures: shown(figures.get(id) ?? noFigures(scope.currency), scope.internal),
    }))
    .filter((r) => matches(input.q, r.influencer.handle, r.influencer.name))
  sortRows(
    rows,
    (r) =>
      input.sort === 'name'
        ? (r.influencer.handle ?? r.influencer.id)
        : sortValue(r.figures as Figures, input.sort),
    input.order,
  )
  return tablePage('influencers' as const, scope, rows, input)
}

export async function linksReport(
  platform: Platform,
  principal: Principal,
  input: z.infer<typeof tableInput>,
  options: ViewOptions = {},
) {
  const scope = await resolveScope(platform, principal, input, options)
  const repos = repositoriesOf(platform)
  const figures = await figuresBy(platform, scope, 'link', 'link')
  const listed = scope.campaign
    ? (await repos.links.list({ campaignId: scope.campaign, influencerId: scope.influencer, limit: 500 }))
        .items
    : []
  const ids = [...new Set([...listed.map((l) => l.id), ...figures.keys()])].filter(
    (id) => id !== nilUuid && id !== '' && (!scope.link || id === scope.link),
  )
  const links = new Map(listed.map((l) => [l.id, l]))
  const missing = ids.filter((id) => !links.has(id))
  for (const l of await Promise.all(missing.map((id) => repos.links.get(id)))) if (l) links.set(l.id, l)
  const rows = ids
    .map((id) => {
      const l = links.get(id)
      return {
        link: {
          id,
          slug: l?.slug ?? null,
          influencerId: l?.influencerId ?? null,
          destination: l?.destination ?? null,
        },
        figures: shown(figures.get(id) ?? noFigures(scope.currency), scope.internal),
      }
    })
    .filter((r) => matches(input.q, r.link.slug, r.link.destination))
  sortRows(
    rows,
    (r) => (input.sort === 'name' ? (r.link.slug ?? r.link.id) : sortValue(r.figures as Figures, input.sort)),
    input.order,
  )
  return tablePage('links' as const, scope, rows, input)
}

// --- orders --------------------------------------------------------------------------------

export const ordersInput = z.strictObject({
  ...filterFields,
  kind: z.enum(['all', 'attributed', 'unattributed', 'refunded', 'cancelled']).default('all'),
  /** The last order of the previous page: `<placedAt ISO>_<id>`. */
  cursor: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[0-9a-f-]{36}$/, 'a cursor from the previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
})

export async function ordersReport(
  platform: Platform,
  principal: Principal,
  input: z.infer<typeof ordersInput>,
  options: ViewOptions = {},
) {
  const scope = await resolveScope(platform, principal, input, options)
  const repos = repositoriesOf(platform)
  if (input.kind === 'unattributed' && principal.influencerId)
    throw new GlamError('FORBIDDEN', 'Influencers see the orders attributed to them only.')
  const shopIds =
    scope.customer && !principal.influencerId ? await repos.shops.idsOfCustomer(scope.customer) : []
  const [placed, id] = input.cursor ? input.cursor.split('_') : []
  const page = await repos.orders.reportPage({
    customerId: scope.customer,
    shopIds,
    campaignId: scope.campaign,
    influencerId: scope.influencer,
    linkId: scope.link,
    kind: principal.influencerId && input.kind === 'all' ? 'attributed' : input.kind,
    from: scope.fromDate,
    to: scope.toDate,
    cursor: placed && id ? { placedAt: new Date(placed), id } : undefined,
    limit: input.limit + 1,
  })
  const items = page.slice(0, input.limit)
  const last = items.at(-1)
  return {
    view: 'orders' as const,
    ...windowOf(scope),
    rows: items.map((o) => orderRow(o, scope.internal)),
    nextCursor: page.length > input.limit && last ? `${last.placedAt.toISOString()}_${last.id}` : null,
  }
}

function orderRow(o: Order, internal: boolean) {
  return {
    id: o.id,
    orderRef: o.orderRef,
    placedAt: o.placedAt.toISOString(),
    status: o.status,
    currency: o.currency,
    totalMinor: o.totalMinor,
    refundedMinor: o.refundedMinor,
    netMinor: o.totalMinor - Math.min(o.refundedMinor, o.totalMinor),
    total: toMajor(o.totalMinor, o.currency),
    coupon: o.coupon,
    attributed: o.campaignId !== null,
    attributedBy:
      o.attributionModel === 'coupon' ? 'coupon' : o.attributionModel === 'last_click' ? 'link' : 'none',
    campaignId: o.campaignId,
    influencerId: o.influencerId,
    linkId: o.linkId,
    ...(internal && {
      clickId: o.clickId,
      attributionModel: o.attributionModel,
      source: o.source,
      shopId: o.shopId,
    }),
  }
}

/** The views by the name the exports and share links use. */
export const reportViews = {
  campaigns: { input: campaignsInput, run: campaignsReport },
  'campaign-overview': { input: overviewInput, run: campaignOverview },
  influencers: { input: tableInput, run: influencersReport },
  links: { input: tableInput, run: linksReport },
  orders: { input: ordersInput, run: ordersReport },
} as const
export type ReportViewName = keyof typeof reportViews
export const reportViewNames = Object.keys(reportViews) as ReportViewName[]

export type { SourceName }
