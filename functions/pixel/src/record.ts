/**
 * Recording an order: SQL first (the source of truth; unique per shop and order id, so
 * reloads and retries count once), then the conversion and its lines to the events layer
 * (ClickHouse), where reports read them. Events carry the order's id and a version, so a later
 * change (server report, cancel, refund) replaces the row instead of adding one.
 */

import { toMinor } from '@glam/commerce/money'
import { raiseConversionAttributed } from '@glam/commerce/webhook-events'
import { GlamError, nilUuid, type Platform } from '@glam/core'
import { newId } from '@glam/db/ids'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { NewOrderLine, Order, OrderLine } from '@glam/db/repositories/orders'
import type { Shop } from '@glam/db/repositories/shops'
import { attribute } from './attribution.ts'
import type { CollectInput, ServerOrderInput } from './schemas.ts'
import './errors.ts' // registers this function's error codes

const chTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '')
const nil = nilUuid

/** An order's version as the conversions rollup counted it (rollup-tables.ts). */
export interface EmittedVersion {
  order: Order
  itemCount: number
}

/** The previous version as the `previous` JSON of a conversion row: the rollup subtracts it. */
const previousJson = ({ order, itemCount }: EmittedVersion) =>
  JSON.stringify({
    time: chTime(order.placedAt),
    status: order.status,
    currency: order.currency,
    total_minor: order.totalMinor,
    refunded_minor: order.refundedMinor,
    items: itemCount,
    link_id: order.linkId ?? nil,
    influencer_id: order.influencerId ?? nil,
    campaign_id: order.campaignId ?? nil,
    customer_id: order.customerId ?? nil,
    attribution_model: order.attributionModel,
  })

/**
 * The order's new version to ClickHouse; `previous` is the version it replaces (a refund, a
 * cancel, the server's report over the browser's), absent for a new order.
 */
export function emitConversion(
  platform: Platform,
  order: Order,
  lines: readonly Pick<OrderLine, 'lineNo' | 'sku' | 'name' | 'priceMinor' | 'quantity'>[],
  itemCount: number,
  previous?: EmittedVersion,
) {
  platform.events.record({
    table: 'conversions',
    id: order.id,
    time: chTime(order.placedAt),
    version: order.updatedAt.getTime(),
    shop_id: order.shopId,
    order_ref: order.orderRef,
    status: order.status,
    currency: order.currency,
    total_minor: order.totalMinor,
    refunded_minor: order.refundedMinor,
    items: itemCount,
    coupon: order.coupon ?? '',
    click_id: order.clickId ?? '',
    link_id: order.linkId ?? nil,
    influencer_id: order.influencerId ?? nil,
    campaign_id: order.campaignId ?? nil,
    customer_id: order.customerId ?? nil,
    attribution_model: order.attributionModel,
    source: order.source,
    previous: previous ? previousJson(previous) : '',
  })
  for (const line of lines) {
    platform.events.record({
      table: 'conversion_lines',
      // Lines replace each other by (order, line number), the table's key; the id is just unique.
      id: newId(),
      order_id: order.id,
      time: chTime(order.placedAt),
      line_no: line.lineNo,
      sku: line.sku,
      name: line.name,
      price_minor: line.priceMinor,
      quantity: line.quantity,
      currency: order.currency,
      campaign_id: order.campaignId ?? nil,
      influencer_id: order.influencerId ?? nil,
      customer_id: order.customerId ?? nil,
    })
  }
}

export interface RecordOutcome {
  order: Order
  /** `created`: new; `merged`: the server's report replaced the browser's. */
  outcome: 'created' | 'merged'
}

export async function recordOrder(
  platform: Platform,
  shop: Shop,
  input: CollectInput | ServerOrderInput,
  source: 'browser' | 'server',
  log: Platform['logger'],
): Promise<RecordOutcome> {
  const repos = repositoriesOf(platform)
  const placedAt = 'placedAt' in input && input.placedAt ? new Date(input.placedAt) : platform.clock.now()
  const attribution = await attribute(platform, shop, {
    clickToken: input.clickId,
    coupon: input.coupon,
    placedAt,
  })
  const order = {
    shopId: shop.id,
    orderRef: input.orderId,
    currency: input.currency,
    totalMinor: toMinor(input.total, input.currency)!,
    coupon: input.coupon ? input.coupon.toUpperCase() : null,
    clickId: attribution.clickId,
    linkId: attribution.linkId,
    influencerId: attribution.influencerId,
    campaignId: attribution.campaignId,
    customerId: attribution.customerId,
    attributionModel: attribution.model,
    source,
    placedAt,
  }
  const lines: NewOrderLine[] = input.items.map((item) => ({
    sku: item.sku,
    name: item.name ?? '',
    priceMinor: toMinor(item.price, input.currency)!,
    quantity: item.quantity,
  }))
  const itemCount = lines.reduce((n, l) => n + l.quantity, 0)
  const { order: stored, created } = await repos.orders.record(order, lines)
  let outcome: RecordOutcome['outcome'] = 'created'
  let result = stored
  let previous: EmittedVersion | undefined
  if (!created) {
    if (source === 'server' && stored.source === 'browser') {
      const before = await repos.orders.lines([stored.id])
      previous = { order: stored, itemCount: before.reduce((n, l) => n + l.quantity, 0) }
    }
    const merged = source === 'server' ? await repos.orders.mergeServerReport(stored, order, lines) : null
    if (!merged) {
      throw new GlamError('DUPLICATE_ORDER', `Order ${input.orderId} was already recorded for this shop.`, {
        details: { orderId: input.orderId, id: stored.id },
      })
    }
    result = merged
    outcome = 'merged'
  }
  emitConversion(
    platform,
    result,
    lines.map((l, i) => ({ ...l, lineNo: i + 1 })),
    itemCount,
    previous,
  )
  // Never fails the order: an enqueue error is logged (webhook.enqueue_failed).
  await raiseConversionAttributed(platform, result)
  log.info('conversion.recorded', {
    orderId: result.id,
    shopId: shop.id,
    source,
    outcome,
    model: attribution.model,
    ...(attribution.note && { note: attribution.note }),
  })
  return { order: result, outcome }
}
