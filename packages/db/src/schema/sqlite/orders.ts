/**
 * Orders and what attributes them: order lines, coupons, the replay guard for signed server requests,
 * and the product catalogue shops feed in. (Twin: ../mysql/orders.ts.)
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { created, id, ref, time, updated } from './columns.ts'

export const orders = sqliteTable(
  'orders',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    /** The merchant's own order id. */
    orderRef: text('order_ref', { length: 128 }).notNull(),
    status: text('status', { length: 24, enum: ['placed', 'cancelled', 'refunded', 'partially_refunded'] })
      .notNull()
      .default('placed'),
    currency: text('currency', { length: 3 }).notNull(),
    totalMinor: integer('total_minor').notNull(),
    refundedMinor: integer('refunded_minor').notNull().default(0),
    coupon: text('coupon', { length: 64 }),
    clickId: text('click_id', { length: 64 }),
    linkId: ref('link_id'),
    influencerId: ref('influencer_id'),
    campaignId: ref('campaign_id'),
    customerId: ref('customer_id'),
    attributionModel: text('attribution_model', { length: 16, enum: ['last_click', 'coupon', 'none'] })
      .notNull()
      .default('none'),
    source: text('source', { length: 16, enum: ['browser', 'server'] }).notNull(),
    placedAt: time('placed_at').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('orders_shop_ref_uq').on(t.shopId, t.orderRef),
    index('orders_campaign_idx').on(t.campaignId, t.placedAt),
    // Keyset pages of a campaign's orders in id order (the streamed export).
    index('orders_campaign_id_idx').on(t.campaignId, t.id),
    index('orders_customer_idx').on(t.customerId, t.placedAt),
  ],
)

export const orderLines = sqliteTable(
  'order_lines',
  {
    id: id(),
    orderId: ref('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku', { length: 128 }).notNull(),
    name: text('name', { length: 500 }).notNull(),
    priceMinor: integer('price_minor').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [uniqueIndex('order_lines_order_line_uq').on(t.orderId, t.lineNo)],
)

export const products = sqliteTable(
  'products',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    /** The shop's own product id or SKU: with shopId, the key feed imports upsert on. */
    sku: text('sku', { length: 128 }).notNull(),
    title: text('title', { length: 500 }).notNull(),
    brand: text('brand', { length: 200 }),
    url: text('url', { length: 2048 }).notNull(),
    imageUrl: text('image_url', { length: 2048 }),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency', { length: 3 }).notNull(),
    availability: text('availability', {
      length: 16,
      enum: ['in_stock', 'out_of_stock', 'preorder', 'backorder'],
    }).notNull(),
    status: text('status', { length: 16, enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    attributes: text('attributes', { mode: 'json' }).$type<Record<string, string>>(),
    /** The catalogue's columns (feed imports): Google Merchant attributes, normalised. */
    gtin: text('gtin', { length: 14 }),
    mpn: text('mpn', { length: 70 }),
    /** The feed's `item_group_id`: the variants (shades, sizes) of one product share it. */
    itemGroupId: text('item_group_id', { length: 128 }),
    description: text('description'),
    /** The description without its HTML. */
    descriptionText: text('description_text'),
    /** The shop's `google_product_category` as written (an id or a path). */
    category: text('category', { length: 750 }),
    productType: text('product_type', { length: 750 }),
    salePriceMinor: integer('sale_price_minor'),
    stock: integer('stock'),
    additionalImages: text('additional_images', { mode: 'json' }).$type<string[]>(),
    condition: text('condition', { length: 16, enum: ['new', 'used', 'refurbished'] })
      .notNull()
      .default('new'),
    /** SHA-256 of the normalised feed row: an unchanged row is not written again. */
    contentHash: text('content_hash', { length: 64 }),
    /** The registered feed that last wrote it (null: a file imported by hand); what a feed deactivates. */
    feedId: ref('feed_id'),
    /** Its place in the platform taxonomy, from the feed's category or the shop's mapping. */
    taxonomyId: integer('taxonomy_id'),
    firstSeenAt: time('first_seen_at'),
    seenAt: time('seen_at').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('products_shop_sku_uq').on(t.shopId, t.sku),
    index('products_shop_status_idx').on(t.shopId, t.status),
    index('products_taxonomy_idx').on(t.taxonomyId),
    /** Where the search index's incremental update resumes. */
    index('products_updated_idx').on(t.updatedAt, t.id),
  ],
)

/** Coupons and shortcodes that attribute an order to an influencer when no click id came with it. */
export const coupons = sqliteTable(
  'coupons',
  {
    id: id(),
    /** Upper case: codes compare case-insensitively. */
    code: text('code', { length: 64 }).notNull(),
    customerId: ref('customer_id').notNull(),
    campaignId: ref('campaign_id').notNull(),
    influencerId: ref('influencer_id').notNull(),
    linkId: ref('link_id'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('coupons_customer_code_uq').on(t.customerId, t.code),
    index('coupons_campaign_idx').on(t.campaignId),
  ],
)

/** Signatures already accepted (server-to-server requests), kept past the replay window to refuse repeats. */
export const replayGuard = sqliteTable(
  'replay_guard',
  {
    key: text('key', { length: 128 }).primaryKey(),
    expiresAt: time('expires_at').notNull(),
  },
  (t) => [index('replay_guard_expires_idx').on(t.expiresAt)],
)
