/**
 * @module @glam/exports
 * `GET /api/exports/campaigns/:id/orders.csv`: a campaign's orders with their lines, one row
 * per line, streamed page by page from SQL (constant memory for a million rows), written by
 * csv-stringify. Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
 * `@`, tab or carriage return) get a leading apostrophe.
 * `GET /api/exports/campaigns/:id/clicks.csv` and `…/conversions.csv`: the campaign's raw
 * clicks and conversions from ClickHouse, streamed the same way (campaign-events.ts).
 */
import { requireCaller } from '@glam/auth'
import { toMajor } from '@glam/commerce/money'
import { type AppEnv, defineFunction, GlamError } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Order, OrderLine } from '@glam/db/repositories/orders'
import { visibility } from '@glam/db/repositories/visibility'
import { stringify } from 'csv-stringify/sync'
import { Hono } from 'hono'
import { createCampaignEventsApp } from './campaign-events.ts'
import { safeCell } from './csv.ts'
import { exportsOpenapi } from './openapi.ts'

const pageSize = 500
const header = [
  'order_id',
  'placed_at',
  'status',
  'currency',
  'total',
  'refunded',
  'net',
  'coupon',
  'source',
  'attribution',
  'influencer',
  'link',
  'click_id',
  'line_no',
  'sku',
  'name',
  'price',
  'quantity',
]

export { safeCell }

function rows(
  order: Order,
  lines: OrderLine[],
  names: { influencers: Map<string, string>; links: Map<string, string> },
) {
  const money = (minor: number) => toMajor(minor, order.currency)
  const head = [
    safeCell(order.orderRef),
    order.placedAt.toISOString(),
    order.status,
    order.currency,
    money(order.totalMinor),
    money(order.refundedMinor),
    money(order.totalMinor - order.refundedMinor),
    safeCell(order.coupon ?? ''),
    order.source,
    order.attributionModel,
    order.influencerId ? (names.influencers.get(order.influencerId) ?? order.influencerId) : '',
    order.linkId ? (names.links.get(order.linkId) ?? order.linkId) : '',
    order.clickId ?? '',
  ]
  if (lines.length === 0) return [[...head, '', '', '', '', '']]
  return lines.map((l) => [
    ...head,
    String(l.lineNo),
    safeCell(l.sku),
    safeCell(l.name),
    money(l.priceMinor),
    String(l.quantity),
  ])
}

/** Every export: orders from SQL (below), clicks and conversions from ClickHouse. */
export function createExportsApp() {
  return createOrdersExportApp().route('/', createCampaignEventsApp())
}

function createOrdersExportApp() {
  return new Hono<AppEnv>().get('/campaigns/:id/orders.csv', requireCaller('exports:read'), async (c) => {
    const repos = repositoriesOf(c.var.platform)
    const principal = c.var.principal!
    // Another customer's campaign answers exactly like a missing one. The export lists every
    // influencer's orders, so no influencer-limited caller gets it, whichever campaign it names.
    const campaign = principal.influencerId
      ? null
      : await visibility(repos, principal).campaign(c.req.param('id'))
    if (!campaign) throw new GlamError('NOT_FOUND', 'No such campaign.')
    const influencers = new Map(
      (await repos.influencers.byIds(await repos.campaigns.influencerIds(campaign.id))).map((i) => [
        i.id,
        i.handle,
      ]),
    )
    const linkNames = new Map<string, string>()
    const encoder = new TextEncoder()
    let cursor: string | null = null
    let started = false
    let exported = 0
    const log = c.var.log
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          if (!started) {
            started = true
            controller.enqueue(encoder.encode(`\uFEFF${stringify([header])}`))
            return
          }
          const orders = await repos.orders.campaignPage(campaign.id, cursor, pageSize)
          if (orders.length === 0) {
            log.info('export.orders.done', { campaignId: campaign.id, orders: exported })
            controller.close()
            return
          }
          cursor = orders[orders.length - 1]!.id
          exported += orders.length
          const lines = await repos.orders.lines(orders.map((o) => o.id))
          const byOrder = new Map<string, OrderLine[]>()
          for (const l of lines) {
            const list = byOrder.get(l.orderId)
            if (list) list.push(l)
            else byOrder.set(l.orderId, [l])
          }
          for (const o of orders) {
            if (o.linkId && !linkNames.has(o.linkId))
              linkNames.set(o.linkId, (await repos.links.get(o.linkId))?.slug ?? o.linkId)
          }
          const names = { influencers, links: linkNames }
          controller.enqueue(
            encoder.encode(stringify(orders.flatMap((o) => rows(o, byOrder.get(o.id) ?? [], names)))),
          )
        } catch (error) {
          log.error('export.orders.failed', { campaignId: campaign.id, error })
          controller.error(error)
        }
      },
    })
    const name = `${campaign.name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60) || 'campaign'}-orders.csv`
    return c.body(stream, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    })
  })
}

/** CSV exports of a campaign's orders (SQL), clicks and conversions (ClickHouse). */
export const exportsFunction = defineFunction({
  name: 'exports',
  description: 'CSV exports under `/api/exports`.',
  mounts: [{ path: '/api/exports', app: () => createExportsApp() }],
  // `/api/exports/reports/*` is the reports function's.
  claims: ['/api/exports/campaigns/*'],
  runtimes: ['edge', 'container'],
  openapi: exportsOpenapi,
  tables: ['campaigns', 'orders', 'order_lines'],
  clickhouseTables: ['clicks', 'conversions'],
})
