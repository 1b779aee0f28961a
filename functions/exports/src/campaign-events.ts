/**
 * Raw events of a campaign as CSV, from ClickHouse, over `[from, to)` when given:
 * - `GET /campaigns/:id/clicks.csv`: every click, oldest first.
 * - `GET /campaigns/:id/conversions.csv`: every order's latest version (`conversions FINAL`: a
 *   refund or cancel replaces the row), oldest first.
 * Streamed in keyset pages of 5,000 by (time, id), so any number of rows takes constant memory;
 * no row cap. Who sees what: admins and staff (platform-wide callers) get every column and row;
 * a client (or its customer's key) gets its own customer's campaigns without the internal columns
 * (click ids, is_bot, bot_reason) and without the clicks flagged as bots, so the rows match what
 * its reports count; an influencer gets no export (as with the orders export). Another customer's
 * campaign answers 404 exactly like a missing one; ClickHouse unreachable answers 503 before any
 * byte of CSV is sent.
 */
import { isPlatformWide, requireCaller } from '@glam/auth'
import { toMajor } from '@glam/commerce/money'
import { type Analytics, type AppEnv, GlamError, nilUuid, type Principal, validationHook } from '@glam/core'
import type { Campaign } from '@glam/db/repositories/campaigns'
import { type Repositories, repositoriesOf } from '@glam/db/repositories/index'
import { visibility } from '@glam/db/repositories/visibility'
import { latestConversions } from '@glam/events/latest'
import { defineQuery } from '@glam/events/query'
import { zValidator } from '@hono/zod-validator'
import { stringify } from 'csv-stringify/sync'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { safeCell } from './csv.ts'

const instant = z.iso.datetime({ offset: true }).or(z.iso.date())
export const campaignEventsQuery = z
  .strictObject({
    from: instant.optional(),
    to: instant.optional(),
    /** The customer a client of several acts for (read by the authentication, checked there). */
    customer: z.uuid().optional(),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), {
    message: 'from must be before to',
    path: ['from'],
  })
export type CampaignEventsQuery = z.infer<typeof campaignEventsQuery>

const pageSize = 5_000
const nil = nilUuid
// DateTime64(3) ends in 2299: "no upper bound" is its last day.
const openEnd = Date.UTC(2299, 11, 31)

type Window = {
  customer: string
  campaign: string
  from_ms: number
  to_ms: number
  after_ms: number
  after_id: string
  limit: number
}
// One keyset page: (time, id) after the cursor, in the table's own order within the campaign.
const page = `customer_id = {customer:UUID} AND campaign_id = {campaign:UUID}
  AND time >= fromUnixTimestamp64Milli({from_ms:Int64}, 'UTC') AND time < fromUnixTimestamp64Milli({to_ms:Int64}, 'UTC')
  AND time >= fromUnixTimestamp64Milli({after_ms:Int64}, 'UTC')
  AND (time, id) > (fromUnixTimestamp64Milli({after_ms:Int64}, 'UTC'), toUUID({after_id:String}))`

// Aliases differ from the columns: ClickHouse would read an alias named `id` in WHERE and ORDER BY.
type ClickRow = {
  event_id: string
  ms: string
  link_uuid: string
  slug: string
  influencer_uuid: string
  country: string
  device: string
  os: string
  browser: string
  referrer_host: string
  in_app: string
  is_bot: boolean
  bot_reason: string
  fallback_reason: string
}
const clicksPage = defineQuery<Window & { bots: number }, ClickRow>(`
  SELECT toString(id) AS event_id, toUnixTimestamp64Milli(time) AS ms, toString(link_id) AS link_uuid, slug,
    toString(influencer_id) AS influencer_uuid, country, device, os, browser, referrer_host, in_app,
    is_bot, bot_reason, ifNull(fallback_reason, '') AS fallback_reason
  FROM {db:Identifier}.clicks FINAL
  WHERE ${page} AND ({bots:UInt8} = 1 OR NOT is_bot)
  ORDER BY time, id
  LIMIT {limit:UInt32}`)

type ConversionRow = {
  event_id: string
  ms: string
  order_ref: string
  status: string
  currency: string
  total_minor: string
  refunded_minor: string
  items: number
  coupon: string
  click_id: string
  link_uuid: string
  influencer_uuid: string
  attribution_model: string
  source: string
}
const conversionsPage = defineQuery<Window, ConversionRow>(`
  SELECT toString(id) AS event_id, toUnixTimestamp64Milli(time) AS ms, order_ref, status, currency,
    total_minor, refunded_minor, items, coupon, click_id, toString(link_id) AS link_uuid,
    toString(influencer_id) AS influencer_uuid, attribution_model, source
  FROM ${latestConversions('{db:Identifier}.conversions', page)}
  WHERE ${page}
  ORDER BY time, id
  LIMIT {limit:UInt32}`)

/** A column: its header, whether only platform-wide callers get it, and its cell. */
type Column<R> = { name: string; internal?: true; cell: (row: R) => string }

interface Names {
  influencer(id: string): string
  link(id: string): Promise<string>
}

const iso = (ms: string) => new Date(Number(ms)).toISOString()
const id = (value: string) => (value === nil ? '' : value)

const clickColumns = (names: Names): Column<ClickRow & { link: string }>[] => [
  { name: 'time', cell: (r) => iso(r.ms) },
  { name: 'click_id', internal: true, cell: (r) => r.event_id },
  { name: 'link', cell: (r) => safeCell(r.slug) },
  { name: 'link_id', cell: (r) => id(r.link_uuid) },
  { name: 'influencer', cell: (r) => safeCell(names.influencer(r.influencer_uuid)) },
  { name: 'country', cell: (r) => safeCell(r.country) },
  { name: 'device', cell: (r) => safeCell(r.device) },
  { name: 'os', cell: (r) => safeCell(r.os) },
  { name: 'browser', cell: (r) => safeCell(r.browser) },
  { name: 'referrer_host', cell: (r) => safeCell(r.referrer_host) },
  { name: 'in_app', cell: (r) => safeCell(r.in_app) },
  { name: 'is_bot', internal: true, cell: (r) => String(r.is_bot) },
  { name: 'bot_reason', internal: true, cell: (r) => safeCell(r.bot_reason) },
  { name: 'fallback_reason', cell: (r) => safeCell(r.fallback_reason) },
]

const conversionColumns = (names: Names): Column<ConversionRow & { link: string }>[] => {
  const money = (r: ConversionRow, minor: number) => toMajor(minor, r.currency)
  return [
    { name: 'order_id', cell: (r) => safeCell(r.order_ref) },
    { name: 'placed_at', cell: (r) => iso(r.ms) },
    { name: 'status', cell: (r) => safeCell(r.status) },
    { name: 'currency', cell: (r) => safeCell(r.currency) },
    { name: 'total', cell: (r) => money(r, Number(r.total_minor)) },
    { name: 'refunded', cell: (r) => money(r, Number(r.refunded_minor)) },
    { name: 'net', cell: (r) => money(r, Number(r.total_minor) - Number(r.refunded_minor)) },
    { name: 'items', cell: (r) => String(r.items) },
    { name: 'coupon', cell: (r) => safeCell(r.coupon) },
    { name: 'click_id', internal: true, cell: (r) => safeCell(r.click_id) },
    { name: 'link', cell: (r) => safeCell(r.link) },
    { name: 'influencer', cell: (r) => safeCell(names.influencer(r.influencer_uuid)) },
    { name: 'attribution', cell: (r) => safeCell(r.attribution_model) },
    { name: 'source', cell: (r) => safeCell(r.source) },
  ]
}

/** Influencer handles of the campaign and link slugs (looked up once each), for the cells. */
async function namesFor(repos: Repositories, campaign: Campaign): Promise<Names> {
  const handles = new Map(
    (await repos.influencers.byIds(await repos.campaigns.influencerIds(campaign.id))).map((i) => [
      i.id,
      i.handle,
    ]),
  )
  const slugs = new Map<string, string>()
  return {
    influencer: (value) => (value === nil ? '' : (handles.get(value) ?? value)),
    async link(value) {
      if (value === nil) return ''
      let slug = slugs.get(value)
      if (slug === undefined) {
        slug = (await repos.links.get(value))?.slug ?? value
        slugs.set(value, slug)
      }
      return slug
    },
  }
}

/** The campaign as the caller may see it; an influencer gets none, like the orders export. */
async function visibleCampaign(repos: Repositories, principal: Principal, campaignId: string) {
  const campaign = principal.influencerId ? null : await visibility(repos, principal).campaign(campaignId)
  if (!campaign) throw new GlamError('NOT_FOUND', 'No such campaign.')
  return campaign
}

const unavailable = (cause: unknown) =>
  new GlamError('SERVICE_UNAVAILABLE', 'Campaign events are unavailable right now.', { cause })

/**
 * The CSV of one kind of event, page by page: the first page is read before answering (so a
 * ClickHouse outage is a 503, not a broken 200), the others as the client reads on.
 */
async function streamCsv<R extends { event_id: string; ms: string }>(
  c: Context<AppEnv>,
  q: CampaignEventsQuery,
  campaign: Campaign,
  kind: 'clicks' | 'conversions',
  columns: Column<R & { link: string }>[],
  read: (analytics: Analytics, window: Window) => Promise<R[]>,
  linkOf: (row: R) => Promise<string>,
) {
  const internal = isPlatformWide(c.var.principal!)
  const shown = columns.filter((col) => internal || !col.internal)
  const window: Window = {
    customer: campaign.customerId,
    campaign: campaign.id,
    // Within what DateTime64(3) holds (no event predates 1970).
    from_ms: q.from ? Math.max(0, Date.parse(q.from)) : 0,
    to_ms: q.to ? Math.min(openEnd, Date.parse(q.to)) : openEnd,
    after_ms: 0,
    after_id: nil,
    limit: pageSize,
  }
  const { analytics } = c.var.platform
  const log = c.var.log
  const next = async () => {
    const rows = await read(analytics, window)
    const last = rows[rows.length - 1]
    if (last) Object.assign(window, { after_ms: Number(last.ms), after_id: last.event_id })
    return rows
  }
  let pending: R[] | null = await next().catch((error: unknown) => {
    log.warn(`export.${kind}.unavailable`, { campaignId: campaign.id, error })
    throw unavailable(error)
  })
  const encoder = new TextEncoder()
  let exported = 0
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${stringify([shown.map((col) => col.name)])}`))
    },
    async pull(controller) {
      try {
        const rows = pending ?? (await next())
        pending = null
        if (rows.length === 0) {
          log.info(`export.${kind}.done`, { campaignId: campaign.id, rows: exported })
          controller.close()
          return
        }
        exported += rows.length
        const cells: string[][] = []
        for (const row of rows) {
          const full = { ...row, link: await linkOf(row) }
          cells.push(shown.map((col) => col.cell(full)))
        }
        controller.enqueue(encoder.encode(stringify(cells)))
        // A short page is the last one: no query to learn that nothing follows.
        if (rows.length < pageSize) {
          log.info(`export.${kind}.done`, { campaignId: campaign.id, rows: exported })
          controller.close()
        }
      } catch (error) {
        log.error(`export.${kind}.failed`, { campaignId: campaign.id, rows: exported, error })
        controller.error(error)
      }
    },
  })
  const name = `${campaign.name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'campaign'}-${kind}.csv`
  return c.body(stream, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'private, no-store',
  })
}

/** `GET /campaigns/:id/clicks.csv` (after `requireCaller('exports:read')` and the query's validation). */
async function clicksCsv(c: Context<AppEnv>, q: CampaignEventsQuery) {
  const repos = repositoriesOf(c.var.platform)
  const campaign = await visibleCampaign(repos, c.var.principal!, c.req.param('id')!)
  const names = await namesFor(repos, campaign)
  const bots = isPlatformWide(c.var.principal!) ? 1 : 0
  return streamCsv<ClickRow>(
    c,
    q,
    campaign,
    'clicks',
    clickColumns(names),
    (analytics, window) => clicksPage(analytics, { ...window, bots }),
    async (row) => row.slug,
  )
}

/** `GET /campaigns/:id/conversions.csv` (after `requireCaller('exports:read')` and the query's validation). */
async function conversionsCsv(c: Context<AppEnv>, q: CampaignEventsQuery) {
  const repos = repositoriesOf(c.var.platform)
  const campaign = await visibleCampaign(repos, c.var.principal!, c.req.param('id')!)
  const names = await namesFor(repos, campaign)
  return streamCsv<ConversionRow>(
    c,
    q,
    campaign,
    'conversions',
    conversionColumns(names),
    conversionsPage,
    (row) => names.link(row.link_uuid),
  )
}

/** The two routes, mounted by the exports app beside the orders export. */
export function createCampaignEventsApp() {
  const query = zValidator('query', campaignEventsQuery, validationHook)
  return new Hono<AppEnv>()
    .get('/campaigns/:id/clicks.csv', requireCaller('exports:read'), query, (c) =>
      clicksCsv(c, c.req.valid('query')),
    )
    .get('/campaigns/:id/conversions.csv', requireCaller('exports:read'), query, (c) =>
      conversionsCsv(c, c.req.valid('query')),
    )
}
