/** Wishlists, alerts, their deliveries and job cursors (twin: ../sqlite/alerts.ts). */
import { index, int, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { alertFrequencies, alertKinds, alertStatuses, deliveryStatuses } from '../mail-values.ts'
import { created, id, ref, time, updated } from './columns.ts'

export const wishlists = mysqlTable(
  'wishlists',
  {
    id: id(),
    userId: ref('user_id').notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('wishlists_user_idx').on(t.userId)],
)

export const wishlistItems = mysqlTable(
  'wishlist_items',
  {
    wishlistId: ref('wishlist_id').notNull(),
    productId: ref('product_id').notNull(),
    addedAt: created(),
  },
  (t) => [primaryKey({ columns: [t.wishlistId, t.productId] })],
)

export const alerts = mysqlTable(
  'alerts',
  {
    id: id(),
    productId: ref('product_id').notNull(),
    kind: varchar('kind', { length: 16, enum: alertKinds }).notNull(),
    targetPriceMinor: int('target_price_minor'),
    email: varchar('email', { length: 320 }).notNull(),
    userId: ref('user_id'),
    wishlistId: ref('wishlist_id'),
    locale: varchar('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
    status: varchar('status', { length: 16, enum: alertStatuses }).notNull(),
    frequency: varchar('frequency', { length: 8, enum: alertFrequencies }).notNull().default('instant'),
    confirmNonce: varchar('confirm_nonce', { length: 64 }),
    confirmExpiresAt: time('confirm_expires_at'),
    referencePriceMinor: int('reference_price_minor'),
    armed: int('armed').notNull().default(1),
    lastInStock: int('last_in_stock').notNull().default(0),
    lastAlertedAt: time('last_alerted_at'),
    lastAlertedPriceMinor: int('last_alerted_price_minor'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('alerts_email_product_kind_uq').on(t.email, t.productId, t.kind),
    index('alerts_product_idx').on(t.productId, t.status),
    index('alerts_user_idx').on(t.userId),
  ],
)

export const alertDeliveries = mysqlTable(
  'alert_deliveries',
  {
    alertId: ref('alert_id').notNull(),
    priceId: ref('price_id').notNull(),
    kind: varchar('kind', { length: 16, enum: alertKinds }).notNull(),
    priceMinor: int('price_minor').notNull(),
    /** price_drop: the price before the drop; target_price: the target (what the mail says it was). */
    beforeMinor: int('before_minor'),
    status: varchar('status', { length: 16, enum: deliveryStatuses }).notNull(),
    messageId: varchar('message_id', { length: 255 }),
    error: varchar('error', { length: 500 }),
    createdAt: created(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.priceId] })],
)

export const jobCursors = mysqlTable('job_cursors', {
  name: varchar('name', { length: 64 }).primaryKey(),
  cursor: varchar('cursor', { length: 128 }).notNull(),
  updatedAt: updated(),
})
