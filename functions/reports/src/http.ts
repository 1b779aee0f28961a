/**
 * `GET /api/reports/<view>`: a report as JSON, with the filters of its view (views.ts).
 * `GET /api/exports/reports/<view>.csv`: the same report, exactly as filtered, as CSV: every row
 * (paging parameters are ignored: no row cap), orders streamed page by page, cells a spreadsheet
 * would run as formulas neutralised as in the orders export.
 */
import { requireCaller } from '@glam/auth'
import { toMajor } from '@glam/commerce/money'
import { type AppEnv, GlamError, type Platform, type Principal } from '@glam/core'
import { safeCell } from '@glam/exports'
import { stringify } from 'csv-stringify/sync'
import { Hono } from 'hono'
import type { Figures } from './figures.ts'
import { type ReportViewName, reportViewNames, reportViews, type ViewOptions } from './views.ts'

/** Parses a view's query string the way the routes do; a bad one is `400 VALIDATION_FAILED`. */
export function parseViewInput(view: ReportViewName, query: Record<string, string>) {
  const parsed = reportViews[view].input.safeParse(query)
  if (!parsed.success) {
    throw new GlamError('VALIDATION_FAILED', undefined, {
      details: parsed.error.issues.map((i) => ({
        path: i.path.join('.'),
        code: i.code,
        message: i.message,
      })),
    })
  }
  return parsed.data
}

/** Runs a view for a caller. */
export function runView(
  platform: Platform,
  principal: Principal,
  view: ReportViewName,
  input: unknown,
  options: ViewOptions = {},
) {
  // biome-ignore lint/suspicious/noExplicitAny: each view's input was parsed by its own schema
  return (
    reportViews[view].run as (
      p: Platform,
      c: Principal,
      i: any,
      o: ViewOptions,
    ) => Promise<Record<string, unknown>>
  )(platform, principal, input, options)
}

/** One route per view (`/campaigns`, `/campaign-overview`, …), each documented in openapi.ts. */
export function createReportsApp() {
  const app = new Hono<AppEnv>()
  for (const view of reportViewNames)
    app.get(`/${view}`, requireCaller('reports:read'), async (c) => {
      const input = parseViewInput(view, c.req.query())
      const report = await runView(c.var.platform, c.var.principal!, view, input)
      return c.json(report, 200, { 'Cache-Control': 'private, no-store' })
    })
  return app
}

// --- CSV -----------------------------------------------------------------------------------

type Cell = string | number | boolean | null | undefined
const cell = (v: Cell) =>
  v === null || v === undefined ? '' : typeof v === 'string' ? safeCell(v) : String(v)
const money = (minor: number | null | undefined, currency: string) =>
  minor === null || minor === undefined ? '' : toMajor(minor, currency)

const figureHeader = (currencies: string[], reporting: string, internal: boolean) => [
  'clicks',
  'visitors',
  ...(internal ? ['bot_clicks', 'bot_share'] : []),
  'orders',
  'items',
  'cancelled',
  'refunds',
  'coupon_orders',
  'link_orders',
  'conversion_rate',
  ...currencies.flatMap((c) => [`gross_${c}`, `net_${c}`, `aov_${c}`]),
  `gross_${reporting}_converted`,
  `net_${reporting}_converted`,
  'missing_rates',
]
const figureCells = (f: Figures, currencies: string[], internal: boolean): Cell[] => {
  const by = new Map(f.revenue.map((m) => [m.currency, m]))
  return [
    f.clicks,
    f.visitors,
    ...(internal ? [f.botClicks, f.botShare] : []),
    f.orders,
    f.items,
    f.cancelled,
    f.refunds,
    f.couponOrders,
    f.linkOrders,
    f.conversionRate,
    ...currencies.flatMap((c) => {
      const m = by.get(c)
      return [money(m?.grossMinor ?? 0, c), money(m?.netMinor ?? 0, c), money(m?.averageOrderValueMinor, c)]
    }),
    money(f.reporting.grossMinor, f.reporting.currency),
    money(f.reporting.netMinor, f.reporting.currency),
    f.reporting.missingRates.join(' '),
  ]
}
const currenciesOf = (rows: { figures: Pick<Figures, 'revenue'> }[]) =>
  [...new Set(rows.flatMap((r) => r.figures.revenue.map((m) => m.currency)))].sort()

type TableReport = {
  source?: string
  currency: string
  rows: { figures: Figures }[]
}

/** The header and rows of a table view, whole. */
function tableCsv(view: ReportViewName, report: Record<string, unknown>, internal: boolean): Cell[][] {
  const r = report as unknown as TableReport
  const currencies = currenciesOf(r.rows)
  const fig = figureHeader(currencies, r.currency, internal)
  if (view === 'campaigns') {
    const rows = r.rows as unknown as { campaign: Record<string, string | null>; figures: Figures }[]
    return [
      ['campaign_id', 'campaign', 'status', 'customer_id', 'starts_at', 'ends_at', ...fig],
      ...rows.map((x) => [
        x.campaign.id,
        x.campaign.name,
        x.campaign.status,
        x.campaign.customerId,
        x.campaign.startsAt,
        x.campaign.endsAt,
        ...figureCells(x.figures, currencies, internal),
      ]),
    ]
  }
  if (view === 'influencers') {
    const rows = r.rows as unknown as { influencer: Record<string, string | null>; figures: Figures }[]
    return [
      ['influencer_id', 'handle', 'name', ...fig],
      ...rows.map((x) => [
        x.influencer.id,
        x.influencer.handle,
        x.influencer.name,
        ...figureCells(x.figures, currencies, internal),
      ]),
    ]
  }
  const rows = r.rows as unknown as { link: Record<string, string | null>; figures: Figures }[]
  return [
    ['link_id', 'slug', 'influencer_id', 'destination', ...fig],
    ...rows.map((x) => [
      x.link.id,
      x.link.slug,
      x.link.influencerId,
      x.link.destination,
      ...figureCells(x.figures, currencies, internal),
    ]),
  ]
}

type Overview = {
  series: {
    bucket: string
    clicks: number
    visitors: number
    orders: number
    botClicks?: number
    revenue: { currency: string; netMinor: number }[]
  }[]
}
function overviewCsv(report: Record<string, unknown>, internal: boolean): Cell[][] {
  const series = (report as unknown as Overview).series
  const currencies = [...new Set(series.flatMap((p) => p.revenue.map((m) => m.currency)))].sort()
  return [
    [
      'bucket',
      'clicks',
      'visitors',
      ...(internal ? ['bot_clicks'] : []),
      'orders',
      ...currencies.map((c) => `net_${c}`),
    ],
    ...series.map((p) => {
      const by = new Map(p.revenue.map((m) => [m.currency, m.netMinor]))
      return [
        p.bucket,
        p.clicks,
        p.visitors,
        ...(internal ? [p.botClicks ?? 0] : []),
        p.orders,
        ...currencies.map((c) => money(by.get(c) ?? 0, c)),
      ]
    }),
  ]
}

const orderHeader = (internal: boolean) => [
  'order_id',
  'placed_at',
  'status',
  'currency',
  'total',
  'refunded',
  'net',
  'coupon',
  'attributed',
  'attributed_by',
  'campaign_id',
  'influencer_id',
  'link_id',
  ...(internal ? ['click_id', 'attribution_model', 'source', 'shop_id'] : []),
]
type OrderRow = Record<string, string | number | boolean | null>
const orderCells = (o: OrderRow, internal: boolean): Cell[] => [
  o.orderRef as string,
  o.placedAt as string,
  o.status as string,
  o.currency as string,
  money(o.totalMinor as number, o.currency as string),
  money(o.refundedMinor as number, o.currency as string),
  money(o.netMinor as number, o.currency as string),
  (o.coupon as string | null) ?? '',
  o.attributed as boolean,
  o.attributedBy as string,
  o.campaignId as string | null,
  o.influencerId as string | null,
  o.linkId as string | null,
  ...(internal
    ? [o.clickId as string | null, o.attributionModel as string, o.source as string, o.shopId as string]
    : []),
]

const encode = (rows: Cell[][]) => new TextEncoder().encode(stringify(rows.map((r) => r.map(cell))))

/** The CSV of a view for a caller, as a stream (orders page by page). */
export function reportCsv(
  platform: Platform,
  principal: Principal,
  view: ReportViewName,
  input: Record<string, unknown>,
  log: Platform['logger'],
): ReadableStream<Uint8Array> {
  const internal = !principal.customerId && !principal.influencerId
  const whole = view === 'orders' ? input : { ...input, limit: 500, offset: 0 }
  let cursor: string | null | undefined
  let done = false
  let first = true
  let exported = 0
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (done) {
          log.info('export.report.done', { view, rows: exported })
          controller.close()
          return
        }
        if (view !== 'orders') {
          // Tables are whole in memory already (they are per campaign, influencer or link): all
          // pages of the view, in its order.
          const rows: Cell[][] = []
          let report: Record<string, unknown> | undefined
          let header: Cell[] | undefined
          for (let offset = 0; ; offset += 500) {
            report = await runView(platform, principal, view, { ...whole, offset })
            if (view === 'campaign-overview') {
              const [h, ...body] = overviewCsv(report, internal)
              header = h
              rows.push(...body)
              break
            }
            const [h, ...body] = tableCsv(view, report, internal)
            header = h
            rows.push(...body)
            if (offset + 500 >= (report.total as number)) break
          }
          exported = rows.length
          controller.enqueue(new TextEncoder().encode('\uFEFF'))
          controller.enqueue(encode([header!, ...rows]))
          done = true
          return
        }
        const page = (await runView(platform, principal, 'orders', {
          ...input,
          limit: 1000,
          ...(cursor && { cursor }),
        })) as { rows: OrderRow[]; nextCursor: string | null }
        const lines = page.rows.map((o) => orderCells(o, internal))
        exported += lines.length
        if (first) {
          first = false
          controller.enqueue(new TextEncoder().encode('\uFEFF'))
          lines.unshift(orderHeader(internal))
        }
        controller.enqueue(encode(lines))
        cursor = page.nextCursor
        if (!cursor) done = true
      } catch (error) {
        log.error('export.report.failed', { view, error })
        controller.error(error)
      }
    },
  })
}

export function createReportExportsApp() {
  const app = new Hono<AppEnv>()
  for (const view of reportViewNames)
    app.get(`/${view}.csv`, requireCaller('reports:read'), async (c) => {
      const input = parseViewInput(view, c.req.query())
      // The first page runs before the answer starts, so a bad filter or a campaign the caller
      // may not see is an error status, not a broken download.
      await runView(c.var.platform, c.var.principal!, view, { ...input, limit: 1 })
      return c.body(reportCsv(c.var.platform, c.var.principal!, view, input, c.var.log), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${view}.csv"`,
        'Cache-Control': 'private, no-store',
      })
    })
  return app
}
