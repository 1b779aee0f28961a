/**
 * Wishlists and price/stock alerts (functions/alerts). An alert watches one product for one
 * address: `price_drop` (below the price it last saw: re-armed when the price rises),
 * `target_price` (at or below a target: re-armed above it), `back_in_stock` (the transition
 * only). `alert_deliveries` is one row per alert and price-history row, so a drop is mailed once.
 * `job_cursors` is where a job keeps how far it read (the alerts job: product_prices ids).
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { alertFrequencies, alertKinds, alertStatuses, deliveryStatuses } from '../mail-values.ts'
import { created, id, ref, time, updated } from './columns.ts'

export const wishlists = sqliteTable(
  'wishlists',
  {
    id: id(),
    userId: ref('user_id').notNull(),
    name: text('name', { length: 100 }).notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('wishlists_user_idx').on(t.userId)],
)

export const wishlistItems = sqliteTable(
  'wishlist_items',
  {
    wishlistId: ref('wishlist_id').notNull(),
    productId: ref('product_id').notNull(),
    addedAt: created(),
  },
  (t) => [primaryKey({ columns: [t.wishlistId, t.productId] })],
)

export const alerts = sqliteTable(
  'alerts',
  {
    id: id(),
    productId: ref('product_id').notNull(),
    kind: text('kind', { length: 16, enum: alertKinds }).notNull(),
    targetPriceMinor: integer('target_price_minor'),
    email: text('email', { length: 320 }).notNull(),
    /** The member who set it (signed in), or null for an address confirmed by mail. */
    userId: ref('user_id'),
    wishlistId: ref('wishlist_id'),
    locale: text('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
    status: text('status', { length: 16, enum: alertStatuses }).notNull(),
    frequency: text('frequency', { length: 8, enum: alertFrequencies }).notNull().default('instant'),
    confirmNonce: text('confirm_nonce', { length: 64 }),
    confirmExpiresAt: time('confirm_expires_at'),
    /** price_drop: the (sale) price a drop is measured from. */
    referencePriceMinor: integer('reference_price_minor'),
    /** target_price: 1 while the price is above the target (a fall to it alerts). */
    armed: integer('armed').notNull().default(1),
    /** back_in_stock: 1 when the product was in stock when last seen. */
    lastInStock: integer('last_in_stock').notNull().default(0),
    lastAlertedAt: time('last_alerted_at'),
    lastAlertedPriceMinor: integer('last_alerted_price_minor'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('alerts_email_product_kind_uq').on(t.email, t.productId, t.kind),
    index('alerts_product_idx').on(t.productId, t.status),
    index('alerts_user_idx').on(t.userId),
  ],
)

export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    alertId: ref('alert_id').notNull(),
    /** The price-history row that triggered it. */
    priceId: ref('price_id').notNull(),
    kind: text('kind', { length: 16, enum: alertKinds }).notNull(),
    priceMinor: integer('price_minor').notNull(),
    /** price_drop: the price before the drop; target_price: the target (what the mail says it was). */
    beforeMinor: integer('before_minor'),
    status: text('status', { length: 16, enum: deliveryStatuses }).notNull(),
    messageId: text('message_id', { length: 255 }),
    error: text('error', { length: 500 }),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.priceId] })],
)

export const jobCursors = sqliteTable('job_cursors', {
  name: text('name', { length: 64 }).primaryKey(),
  cursor: text('cursor', { length: 128 }).notNull(),
  updatedAt: updated(),
})
