/**
 * Feed runs and what the catalogue remembers of them: the run with its report, the valid rows
 * it staged (nothing touches `products` until a run is applied), and the price and
 * availability history, one row per change. (Twin: ../mysql/catalog.ts.)
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { created, id, ref, time, updated } from './columns.ts'

/** A shop's feed: where it comes from, how to read it, when to fetch it, what it said last. */
export const feeds = sqliteTable(
  'feeds',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    name: text('name', { length: 200 }).notNull(),
    /** An http(s) URL fetched through the SSRF-safe fetch; null for a feed that is uploaded. */
    url: text('url', { length: 2048 }),
    format: text('format', { length: 8 }),
    mapping: text('mapping', { length: 16 }),
    recordPath: text('record_path', { length: 200 }),
    /** A cron expression (UTC unless `timezone`); null: imported on request only. */
    schedule: text('schedule', { length: 64 }),
    timezone: text('timezone', { length: 64 }).notNull().default('UTC'),
    status: text('status', { length: 16, enum: ['active', 'paused'] })
      .notNull()
      .default('active'),
    /** The validators of the last fetched body, for a conditional GET. */
    etag: text('etag', { length: 256 }),
    lastModified: text('last_modified', { length: 64 }),
    lastRunAt: time('last_run_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('feeds_shop_idx').on(t.shopId)],
)

export const feedRuns = sqliteTable(
  'feed_runs',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    /** The feed it ran for; null for a file imported by hand. */
    feedId: ref('feed_id'),
    /** Where the bytes came from: a URL (no query string), a file name or `upload`. */
    source: text('source', { length: 2048 }).notNull(),
    /** `running` → `applied` | `held` (waits for staff) | `discarded` | `rejected` (nothing to apply). */
    status: text('status', {
      length: 16,
      enum: ['running', 'applied', 'held', 'discarded', 'rejected'],
    }).notNull(),
    /** IMPORTED, IMPORTED_WITH_ERRORS, FEED_REJECTED, EMPTY_FEED or HELD_FOR_REVIEW. */
    outcome: text('outcome', { length: 32 }),
    /** The run report (the CLI's JSON), counts filled once applied. */
    report: text('report', { mode: 'json' }).$type<Record<string, unknown>>(),
    validRows: integer('valid_rows'),
    startedAt: time('started_at').notNull(),
    finishedAt: time('finished_at'),
    createdAt: created(),
  },
  (t) => [
    index('feed_runs_shop_started_idx').on(t.shopId, t.startedAt),
    index('feed_runs_feed_started_idx').on(t.feedId, t.startedAt),
  ],
)

/** A run's valid rows, staged until the run is applied or discarded. */
export const feedRunItems = sqliteTable(
  'feed_run_items',
  {
    runId: ref('run_id').notNull(),
    sku: text('sku', { length: 128 }).notNull(),
    contentHash: text('content_hash', { length: 64 }).notNull(),
    /** The normalised product (`FeedProduct`). */
    product: text('product', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.sku] })],
)

/** One row per price or availability change of a product (the alerts read it). */
export const productPrices = sqliteTable(
  'product_prices',
  {
    id: id(),
    productId: ref('product_id').notNull(),
    runId: ref('run_id'),
    priceMinor: integer('price_minor').notNull(),
    salePriceMinor: integer('sale_price_minor'),
    currency: text('currency', { length: 3 }).notNull(),
    availability: text('availability', { length: 16 }).notNull(),
    at: time('at').notNull(),
  },
  (t) => [index('product_prices_product_at_idx').on(t.productId, t.at)],
)
