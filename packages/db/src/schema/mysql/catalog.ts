/**
 * Feed runs, their staged rows and the price history. (Twin: ../sqlite/catalog.ts.)
 */
import { index, int, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core'
import { binaryText, created, id, json, money, ref, time } from './columns.ts'

export const feedRuns = mysqlTable(
  'feed_runs',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    source: varchar('source', { length: 2048 }).notNull(),
    status: varchar('status', {
      length: 16,
      enum: ['running', 'applied', 'held', 'discarded', 'rejected'],
    }).notNull(),
    outcome: varchar('outcome', { length: 32 }),
    report: json<Record<string, unknown>>('report'),
    validRows: int('valid_rows'),
    startedAt: time('started_at').notNull(),
    finishedAt: time('finished_at'),
    createdAt: created(),
  },
  (t) => [index('feed_runs_shop_started_idx').on(t.shopId, t.startedAt)],
)

export const feedRunItems = mysqlTable(
  'feed_run_items',
  {
    runId: ref('run_id').notNull(),
    sku: binaryText('sku', 128).notNull(),
    contentHash: varchar('content_hash', { length: 64 }).notNull(),
    product: json<Record<string, unknown>>('product').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.sku] })],
)

export const productPrices = mysqlTable(
  'product_prices',
  {
    id: id(),
    productId: ref('product_id').notNull(),
    runId: ref('run_id'),
    priceMinor: money('price_minor').notNull(),
    salePriceMinor: money('sale_price_minor'),
    currency: varchar('currency', { length: 3 }).notNull(),
    availability: varchar('availability', { length: 16 }).notNull(),
    at: time('at').notNull(),
  },
  (t) => [index('product_prices_product_at_idx').on(t.productId, t.at)],
)
