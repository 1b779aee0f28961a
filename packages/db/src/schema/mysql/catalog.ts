/**
 * Feed runs, their staged rows and the price history. (Twin: ../sqlite/catalog.ts.)
 */
import { index, int, mysqlTable, primaryKey, text, varchar } from 'drizzle-orm/mysql-core'
import { binaryText, created, id, json, money, ref, time, updated } from './columns.ts'

export const feeds = mysqlTable(
  'feeds',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    url: varchar('url', { length: 2048 }),
    format: varchar('format', { length: 8 }),
    mapping: varchar('mapping', { length: 16 }),
    recordPath: varchar('record_path', { length: 200 }),
    schedule: varchar('schedule', { length: 64 }),
    timezone: varchar('timezone', { length: 64 }).notNull().default('UTC'),
    status: varchar('status', { length: 16, enum: ['active', 'paused'] })
      .notNull()
      .default('active'),
    etag: varchar('etag', { length: 256 }),
    lastModified: varchar('last_modified', { length: 64 }),
    lastRunAt: time('last_run_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('feeds_shop_idx').on(t.shopId)],
)

export const feedRuns = mysqlTable(
  'feed_runs',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    feedId: ref('feed_id'),
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
  (t) => [
    index('feed_runs_shop_started_idx').on(t.shopId, t.startedAt),
    index('feed_runs_feed_started_idx').on(t.feedId, t.startedAt),
  ],
)

export const feedRunItems = mysqlTable(
  'feed_run_items',
  {
    runId: ref('run_id').notNull(),
    sku: binaryText('sku', 128).notNull(),
    contentHash: varchar('content_hash', { length: 64 }).notNull(),
    productId: ref('product_id').notNull().default(''),
    priceId: ref('price_id').notNull().default(''),
    unchanged: int('unchanged').notNull().default(0),
    title: varchar('title', { length: 500 }).notNull().default(''),
    brand: varchar('brand', { length: 200 }),
    url: varchar('url', { length: 2048 }).notNull().default(''),
    imageUrl: varchar('image_url', { length: 2048 }),
    priceMinor: money('price_minor').notNull().default(0),
    salePriceMinor: money('sale_price_minor'),
    currency: varchar('currency', { length: 3 }).notNull().default(''),
    availability: varchar('availability', {
      length: 16,
      enum: ['in_stock', 'out_of_stock', 'preorder', 'backorder'],
    })
      .notNull()
      .default('in_stock'),
    gtin: varchar('gtin', { length: 14 }),
    mpn: varchar('mpn', { length: 70 }),
    itemGroupId: varchar('item_group_id', { length: 128 }),
    description: text('description'),
    descriptionText: text('description_text'),
    category: varchar('category', { length: 750 }),
    productType: varchar('product_type', { length: 750 }),
    taxonomyId: int('taxonomy_id'),
    stock: int('stock'),
    additionalImages: json<string[]>('additional_images'),
    condition: varchar('condition', { length: 16, enum: ['new', 'used', 'refurbished'] })
      .notNull()
      .default('new'),
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

export const taxonomyCategories = mysqlTable(
  'taxonomy_categories',
  {
    id: int('id').primaryKey(),
    parentId: int('parent_id'),
    depth: int('depth').notNull(),
    nameEn: varchar('name_en', { length: 200 }).notNull(),
    pathEn: varchar('path_en', { length: 750 }).notNull(),
    nameDe: varchar('name_de', { length: 200 }),
    pathDe: varchar('path_de', { length: 750 }),
    version: varchar('version', { length: 32 }).notNull(),
  },
  (t) => [index('taxonomy_parent_idx').on(t.parentId)],
)

export const shopCategories = mysqlTable(
  'shop_categories',
  {
    shopId: ref('shop_id').notNull(),
    category: varchar('category', { length: 500 }).notNull(),
    taxonomyId: int('taxonomy_id').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.category] })],
)

/** A feed's image address fetched once into a public asset. (Twin: ../sqlite/catalog.ts.) */
export const productImages = mysqlTable(
  'product_images',
  {
    urlHash: varchar('url_hash', { length: 64 }).primaryKey(),
    url: varchar('url', { length: 2048 }).notNull(),
    assetId: ref('asset_id'),
    status: varchar('status', { length: 16, enum: ['ready', 'failed'] }).notNull(),
    error: varchar('error', { length: 64 }),
    attempts: int('attempts').notNull().default(0),
    nextAttemptAt: time('next_attempt_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('product_images_retry_idx').on(t.status, t.nextAttemptAt)],
)
