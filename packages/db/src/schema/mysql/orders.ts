/**
 * Orders and what attributes them: order lines, coupons, the replay guard for signed server requests,
 * and the product catalogue shops feed in. (Twin: ../sqlite/orders.ts.)
 */
import { index, int, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { binaryText, created, id, json, money, ref, time, updated } from './columns.ts'

export const orders = mysqlTable(
  'orders',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    /** The shop's own id: `AB-1` and `ab-1` are different orders (utf8mb4_bin, as SQLite compares). */
    orderRef: binaryText('order_ref', 128).notNull(),
    status: varchar('status', { length: 24, enum: ['placed', 'cancelled', 'refunded', 'partially_refunded'] })
      .notNull()
      .default('placed'),
    currency: varchar('currency', { length: 3 }).notNull(),
    totalMinor: money('total_minor').notNull(),
    refundedMinor: money('refunded_minor').notNull().default(0),
    coupon: varchar('coupon', { length: 64 }),
    clickId: varchar('click_id', { length: 64 }),
    linkId: ref('link_id'),
    influencerId: ref('influencer_id'),
    campaignId: ref('campaign_id'),
    customerId: ref('customer_id'),
    attributionModel: varchar('attribution_model', { length: 16, enum: ['last_click', 'coupon', 'none'] })
      .notNull()
      .default('none'),
    source: varchar('source', { length: 16, enum: ['browser', 'server'] }).notNull(),
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

export const orderLines = mysqlTable(
  'order_lines',
  {
    id: id(),
    orderId: ref('order_id').notNull(),
    lineNo: int('line_no').notNull(),
    sku: varchar('sku', { length: 128 }).notNull(),
    name: varchar('name', { length: 500 }).notNull(),
    priceMinor: money('price_minor').notNull(),
    quantity: int('quantity').notNull(),
  },
  (t) => [uniqueIndex('order_lines_order_line_uq').on(t.orderId, t.lineNo)],
)

export const products = mysqlTable(
  'products',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    /** A feed's id is case-sensitive: `A1` and `a1` are two products (utf8mb4_bin, as SQLite compares). */
    sku: binaryText('sku', 128).notNull(),
    title: varchar('title', { length: 500 }).notNull(),
    brand: varchar('brand', { length: 200 }),
    url: varchar('url', { length: 2048 }).notNull(),
    imageUrl: varchar('image_url', { length: 2048 }),
    priceMinor: money('price_minor').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    availability: varchar('availability', {
      length: 16,
      enum: ['in_stock', 'out_of_stock', 'preorder', 'backorder'],
    }).notNull(),
    status: varchar('status', { length: 16, enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    attributes: json<Record<string, string>>('attributes'),
    gtin: varchar('gtin', { length: 14 }),
    mpn: varchar('mpn', { length: 70 }),
    /** The feed's `item_group_id`: the variants (shades, sizes) of one product share it. */
    itemGroupId: varchar('item_group_id', { length: 128 }),
    description: text('description'),
    descriptionText: text('description_text'),
    category: varchar('category', { length: 750 }),
    productType: varchar('product_type', { length: 750 }),
    salePriceMinor: money('sale_price_minor'),
    stock: int('stock'),
    additionalImages: json<string[]>('additional_images'),
    condition: varchar('condition', { length: 16, enum: ['new', 'used', 'refurbished'] })
      .notNull()
      .default('new'),
    contentHash: varchar('content_hash', { length: 64 }),
    /** The registered feed that last wrote it (null: a file imported by hand); what a feed deactivates. */
    feedId: ref('feed_id'),
    /** Its place in the platform taxonomy, from the feed's category or the shop's mapping. */
    taxonomyId: int('taxonomy_id'),
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

export const coupons = mysqlTable(
  'coupons',
  {
    id: id(),
    code: varchar('code', { length: 64 }).notNull(),
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

export const replayGuard = mysqlTable(
  'replay_guard',
  {
    key: varchar('key', { length: 128 }).primaryKey(),
    expiresAt: time('expires_at').notNull(),
  },
  (t) => [index('replay_guard_expires_idx').on(t.expiresAt)],
)
