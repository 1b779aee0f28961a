/**
 * Outbound webhook events, as the functions that cause them raise them (the pixel's orders,
 * refunds and cancels; the webhooks function's campaign job). Raising never fails the caller:
 * a database error is logged as `webhook.enqueue_failed` and the request goes on. The deliveries
 * themselves are sent by the webhooks function's job.
 *
 * ```ts
 * await enqueueWebhookEvent(platform, { customerId, type: 'conversion.attributed', eventId, data })
 * ```
 */
import type { Platform } from '@glam/core'
import type { Order } from '@glam/db/repositories/orders'
import { type WebhookEventType, webhookEventId } from '@glam/db/repositories/webhooks'
import { toMajor } from './money.ts'

export interface WebhookEventInput {
  customerId: string
  type: WebhookEventType
  /** The event's id: the same id reaches an endpoint once. */
  eventId: string
  data: Record<string, unknown>
  occurredAt?: Date
}

/** Adds one pending delivery per matching endpoint; returns how many (0 when it failed, logged). */
export async function enqueueWebhookEvent(platform: Platform, input: WebhookEventInput): Promise<number> {
  try {
    return await platform.repos.webhooks.enqueue(input)
  } catch (error) {
    platform.logger.error('webhook.enqueue_failed', {
      type: input.type,
      eventId: input.eventId,
      customerId: input.customerId,
      error,
    })
    return 0
  }
}

/** An order as webhook receivers see it: figures and attribution, no click ids. */
export const conversionEventData = (order: Order) => ({
  id: order.id,
  orderId: order.orderRef,
  shopId: order.shopId,
  status: order.status,
  currency: order.currency,
  total: toMajor(order.totalMinor, order.currency),
  refunded: toMajor(order.refundedMinor, order.currency),
  net: toMajor(order.totalMinor - order.refundedMinor, order.currency),
  coupon: order.coupon,
  placedAt: order.placedAt.toISOString(),
  attribution: {
    model: order.attributionModel,
    campaignId: order.campaignId,
    influencerId: order.influencerId,
    linkId: order.linkId,
  },
})

const attributedTo = (order: Order): order is Order & { customerId: string; campaignId: string } =>
  order.attributionModel !== 'none' && !!order.customerId && !!order.campaignId

/** `conversion.attributed` for an order attributed to a customer's campaign (once per order). */
export async function raiseConversionAttributed(platform: Platform, order: Order): Promise<number> {
  if (!attributedTo(order)) return 0
  return enqueueWebhookEvent(platform, {
    customerId: order.customerId,
    type: 'conversion.attributed',
    eventId: await webhookEventId('conversion.attributed', order.id),
    data: conversionEventData(order),
  })
}

/** `conversion.refunded` for each refund or cancel of an attributed order (its new state). */
export async function raiseConversionRefunded(platform: Platform, order: Order): Promise<number> {
  if (!attributedTo(order)) return 0
  return enqueueWebhookEvent(platform, {
    customerId: order.customerId,
    type: 'conversion.refunded',
    eventId: await webhookEventId('conversion.refunded', order.id, order.status, String(order.refundedMinor)),
    data: conversionEventData(order),
  })
}
