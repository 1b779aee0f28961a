/**
 * `/api/conversions`: orders from the shop's server, signed with its secret (see signature.ts).
 * `POST /` records an order (with an optional click token and coupon); when the browser already
 * reported it, the server's report replaces the browser's once. `POST /:orderId/cancel` and
 * `POST /:orderId/refund {amount, currency}` change it; reports then show net revenue.
 */

import { toMajor, toMinor } from '@glam/commerce/money'
import { raiseConversionRefunded } from '@glam/commerce/webhook-events'
import { type AppEnv, checked, GlamError, jsonFrom, limitBody } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Order } from '@glam/db/repositories/orders'
import { Hono } from 'hono'
import type { z } from 'zod'
import { emitConversion, recordOrder } from './record.ts'
import { cancelSchema, checkTotal, refundSchema, serverOrderSchema } from './schemas.ts'
import { verifySigned } from './signature.ts'

const parse = <S extends z.ZodType>(schema: S, body: string): z.output<S> =>
  checked(schema, body.length === 0 ? {} : jsonFrom(body))

export const orderView = (order: Order) => ({
  id: order.id,
  orderId: order.orderRef,
  status: order.status,
  currency: order.currency,
  total: toMajor(order.totalMinor, order.currency),
  refunded: toMajor(order.refundedMinor, order.currency),
  net: toMajor(order.totalMinor - order.refundedMinor, order.currency),
  source: order.source,
  placedAt: order.placedAt.toISOString(),
  attribution: {
    model: order.attributionModel,
    clickId: order.clickId,
    linkId: order.linkId,
    influencerId: order.influencerId,
    campaignId: order.campaignId,
    customerId: order.customerId,
  },
})

export function createConversionsApp() {
  const change = (cancel: boolean) => async (c: import('hono').Context<AppEnv>) => {
    const { shop, body } = await verifySigned(c)
    const repos = repositoriesOf(c.var.platform)
    const orderRef = c.req.param('orderId') ?? ''
    const named = cancel ? parse(cancelSchema, body) : parse(refundSchema, body)
    if (named.orderId !== orderRef)
      throw new GlamError('VALIDATION_FAILED', 'The body must name the order of the path.', {
        details: [{ path: 'orderId', code: 'invalid_value', message: `must be ${orderRef}` }],
      })
    const order = await repos.orders.byRef(shop.id, orderRef)
    if (!order) throw new GlamError('NOT_FOUND', 'No order with this id for this shop.')
    let amountMinor = 0
    if ('amount' in named) {
      const input = named
      if (input.currency !== order.currency)
        throw new GlamError('VALIDATION_FAILED', `The order is in ${order.currency}.`, {
          details: [{ path: 'currency', code: 'invalid_value', message: `must be ${order.currency}` }],
        })
      amountMinor = toMinor(input.amount, input.currency) ?? -1
      if (amountMinor <= 0)
        throw new GlamError('VALIDATION_FAILED', undefined, {
          details: [
            { path: 'amount', code: 'invalid_value', message: `more decimals than ${input.currency} has` },
          ],
        })
    }
    const updated = await repos.orders.refund(order.id, amountMinor, cancel)
    if (!updated) {
      throw new GlamError(
        'CONFLICT',
        order.status === 'cancelled'
          ? 'This order is cancelled already.'
          : 'The refund would exceed what is left of the order.',
      )
    }
    const lines = await repos.orders.lines([order.id])
    const itemCount = lines.reduce((n, l) => n + l.quantity, 0)
    emitConversion(c.var.platform, updated, [], itemCount, { order, itemCount })
    await raiseConversionRefunded(c.var.platform, updated) // logs, never throws
    c.var.log.info(cancel ? 'conversion.cancelled' : 'conversion.refunded', {
      orderId: order.id,
      amountMinor,
    })
    return c.json(orderView(updated))
  }
  return new Hono<AppEnv>()
    .use(limitBody(256 * 1024))
    .post('/', async (c) => {
      const { shop, body } = await verifySigned(c)
      const input = parse(serverOrderSchema, body)
      checkTotal(input)
      const { order, outcome } = await recordOrder(c.var.platform, shop, input, 'server', c.var.log)
      return c.json({ outcome, order: orderView(order) }, outcome === 'created' ? 201 : 200)
    })
    .post('/:orderId/cancel', change(true))
    .post('/:orderId/refund', change(false))
}
