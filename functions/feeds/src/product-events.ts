/**
 * `GET /api/product-events?shop=&kind=&sku=&since=&until=&limit=`: what feed runs changed, newest
 * first, from ClickHouse's `product_events` (price drops, back in stock, out of stock, gone, back;
 * see changes.ts). The alerts read the same table. Customer-limited callers name their shop;
 * 503 where events are not in ClickHouse.
 */
import { listedShop, requireCaller } from '@glam/auth'
import { type AppEnv, GlamError, validationHook } from '@glam/core'
import { defineQuery } from '@glam/events/query'
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'

export const productEventKinds = [
  'price_drop',
  'price_increase',
  'back_in_stock',
  'out_of_stock',
  'inactive',
  'reactivated',
] as const

const query = z
  .strictObject({
    shop: z.string().min(1).max(36).optional(),
    kind: z.enum(productEventKinds).optional(),
    sku: z.string().min(1).max(128).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((q) => !q.since || !q.until || Date.parse(q.since) < Date.parse(q.until), {
    message: '`since` must be before `until`.',
    path: ['since'],
  })

interface EventRow {
  id: string
  time: string
  kind: string
  shop_id: string
  product_id: string
  sku: string
  run_id: string
  feed_id: string | null
  currency: string
  price_before_minor: string
  price_after_minor: string
  availability_before: string
  availability_after: string
}

// Empty strings for the filters not given: one statement, every value a bound placeholder.
const events = defineQuery<
  { shop: string; kind: string; sku: string; since: string; until: string; limit: number },
  EventRow
>(
  `SELECT id, toString(time) AS time, kind, shop_id, product_id, sku, run_id, feed_id, currency,
     price_before_minor, price_after_minor, availability_before, availability_after
   FROM {db:Identifier}.product_events FINAL
   WHERE ({shop:String} = '' OR shop_id = {shop:String})
     AND ({kind:String} = '' OR kind = {kind:String})
     AND ({sku:String} = '' OR sku = {sku:String})
     AND ({since:String} = '' OR time >= parseDateTime64BestEffortOrNull({since:String}, 3))
     AND ({until:String} = '' OR time < parseDateTime64BestEffortOrNull({until:String}, 3))
   ORDER BY time DESC, id
   LIMIT {limit:UInt32}`,
)

export function createProductEventsApp() {
  return new Hono<AppEnv>().get(
    '/',
    requireCaller('catalog:read'),
    zValidator('query', query, validationHook),
    async (c) => {
      const q = c.req.valid('query')
      await listedShop(c.var, q.shop, 'product events')
      const rows = await events(c.var.platform.analytics, {
        shop: q.shop ?? '',
        kind: q.kind ?? '',
        sku: q.sku ?? '',
        since: q.since ?? '',
        until: q.until ?? '',
        limit: q.limit,
      }).catch((err: unknown) => {
        throw new GlamError('SERVICE_UNAVAILABLE', 'Product events are unavailable right now.', {
          cause: err,
        })
      })
      return c.json({
        items: rows.map((r) => ({
          id: r.id,
          time: new Date(`${r.time.replace(' ', 'T')}Z`).toISOString(),
          kind: r.kind,
          shopId: r.shop_id,
          productId: r.product_id,
          sku: r.sku,
          runId: r.run_id,
          feedId: r.feed_id,
          currency: r.currency,
          priceBeforeMinor: Number(r.price_before_minor),
          priceAfterMinor: Number(r.price_after_minor),
          availabilityBefore: r.availability_before,
          availabilityAfter: r.availability_after,
        })),
      })
    },
  )
}
