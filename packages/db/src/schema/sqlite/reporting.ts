/**
 * Reporting around the figures: exchange rates staff keep per day, share links for client
 * reports, and outbound webhooks (endpoints and their deliveries). (Twin: ../mysql/reporting.ts.)
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { created, id, ref, time, updated } from './columns.ts'

/** One rate per day and currency pair: 1 `base` = `rate` `quote` (decimal text, never a float). */
export const fxRates = sqliteTable(
  'fx_rates',
  {
    /** `YYYY-MM-DD`: the day the rate applies to (rates carry forward to later days without one). */
    day: text('day', { length: 10 }).notNull(),
    base: text('base', { length: 3 }).notNull(),
    quote: text('quote', { length: 3 }).notNull(),
    rate: text('rate', { length: 32 }).notNull(),
    source: text('source', { length: 64 }),
    updatedBy: ref('updated_by'),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.day, t.base, t.quote], name: 'fx_rates_pk' })],
)

/** A signed, expiring, filter-locked client report that opens without a login at `/r/<token>`. */
export const shareLinks = sqliteTable(
  'share_links',
  {
    id: id(),
    /** SHA-256 (hex) of the token; the token itself is shown once. */
    tokenHash: text('token_hash', { length: 64 }).notNull(),
    customerId: ref('customer_id').notNull(),
    /** The report view (`campaign-overview`, `influencers`, …). */
    view: text('view', { length: 64 }).notNull(),
    /** The report's filters, fixed when the link was made. */
    filters: text('filters', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    label: text('label', { length: 200 }),
    createdBy: ref('created_by'),
    expiresAt: time('expires_at').notNull(),
    revokedAt: time('revoked_at'),
    lastUsedAt: time('last_used_at'),
    uses: integer('uses').notNull().default(0),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('share_links_token_uq').on(t.tokenHash),
    index('share_links_customer_idx').on(t.customerId),
  ],
)

/** A customer's endpoint for `conversion.attributed`, `conversion.refunded`, `campaign.ended`. */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: id(),
    customerId: ref('customer_id').notNull(),
    url: text('url', { length: 2048 }).notNull(),
    events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
    /** The signing secret (shown once at creation; kept to sign deliveries). */
    secret: text('secret', { length: 128 }).notNull(),
    description: text('description', { length: 200 }),
    disabledAt: time('disabled_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('webhook_endpoints_customer_idx').on(t.customerId)],
)

/** One event to one endpoint: attempts, the last answer, and when to try again. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: id(),
    endpointId: ref('endpoint_id').notNull(),
    customerId: ref('customer_id').notNull(),
    /** The event's own id: the same event to the same endpoint is delivered once. */
    eventId: ref('event_id').notNull(),
    event: text('event', { length: 64 }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { length: 16, enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: time('next_attempt_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error', { length: 500 }),
    deliveredAt: time('delivered_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_uq').on(t.endpointId, t.eventId),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_customer_idx').on(t.customerId, t.createdAt),
  ],
)
