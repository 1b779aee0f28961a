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

/**
 * A run's valid rows, staged until the run is applied or discarded: the `products` columns a feed
 * sets, so that applying is one INSERT … SELECT, with the ids a new product and a price change
 * would get (made when staged: applying again after an interruption writes the same rows).
 */
export const feedRunItems = sqliteTable(
  'feed_run_items',
  {
    runId: ref('run_id').notNull(),
    sku: text('sku', { length: 128 }).notNull(),
    contentHash: text('content_hash', { length: 64 }).notNull(),
    /** The product's id if it is new (an existing product keeps its own). */
    productId: ref('product_id').notNull().default(''),
    /** The id of its price-history row, if its price or availability changed. */
    priceId: ref('price_id').notNull().default(''),
    /**
     * 1: the product was already as the row has it when staged, so only its key and hash are
     * kept (the other columns are empty): applying leaves it as it is.
     */
    unchanged: integer('unchanged').notNull().default(0),
    title: text('title', { length: 500 }).notNull().default(''),
    brand: text('brand', { length: 200 }),
    url: text('url', { length: 2048 }).notNull().default(''),
    imageUrl: text('image_url', { length: 2048 }),
    priceMinor: integer('price_minor').notNull().default(0),
    salePriceMinor: integer('sale_price_minor'),
    currency: text('currency', { length: 3 }).notNull().default(''),
    availability: text('availability', {
      length: 16,
      enum: ['in_stock', 'out_of_stock', 'preorder', 'backorder'],
    })
      .notNull()
      .default('in_stock'),
    gtin: text('gtin', { length: 14 }),
    mpn: text('mpn', { length: 70 }),
    itemGroupId: text('item_group_id', { length: 128 }),
    description: text('description'),
    descriptionText: text('description_text'),
    category: text('category', { length: 750 }),
    productType: text('product_type', { length: 750 }),
    taxonomyId: integer('taxonomy_id'),
    stock: integer('stock'),
    additionalImages: text('additional_images', { mode: 'json' }).$type<string[]>(),
    condition: text('condition', { length: 16, enum: ['new', 'used', 'refurbished'] })
      .notNull()
      .default('new'),
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

/**
 * The platform taxonomy: Google's product taxonomy (ids, English and German names), loaded from
 * the data files @glam/catalog ships; `path` is the full `A > B > C` name.
 */
export const taxonomyCategories = sqliteTable(
  'taxonomy_categories',
  {
    id: integer('id').primaryKey(),
    parentId: integer('parent_id'),
    depth: integer('depth').notNull(),
    nameEn: text('name_en', { length: 200 }).notNull(),
    pathEn: text('path_en', { length: 750 }).notNull(),
    nameDe: text('name_de', { length: 200 }),
    pathDe: text('path_de', { length: 750 }),
    /** The taxonomy file's version line (`2021-09-21`). */
    version: text('version', { length: 32 }).notNull(),
  },
  (t) => [index('taxonomy_parent_idx').on(t.parentId)],
)

/** A shop's own category names (its `product_type` or `google_product_category` text) mapped onto the taxonomy. */
export const shopCategories = sqliteTable(
  'shop_categories',
  {
    shopId: ref('shop_id').notNull(),
    /** The shop's category as its feed writes it (trimmed). */
    category: text('category', { length: 500 }).notNull(),
    taxonomyId: integer('taxonomy_id').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.category] })],
)

/**
 * A feed's image address fetched once into a public asset (the portal's `srcset` and blur-up),
 * keyed by the SHA-256 of the address: `ready` with its asset, or `failed` with the reason and
 * when to try again.
 */
export const productImages = sqliteTable(
  'product_images',
  {
    urlHash: text('url_hash', { length: 64 }).primaryKey(),
    url: text('url', { length: 2048 }).notNull(),
    assetId: ref('asset_id'),
    status: text('status', { length: 16, enum: ['ready', 'failed'] }).notNull(),
    error: text('error', { length: 64 }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: time('next_attempt_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('product_images_retry_idx').on(t.status, t.nextAttemptAt)],
)
