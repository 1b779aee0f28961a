/**
 * Reporting around the figures: exchange rates, share links, outbound webhooks. (Twin:
 * ../sqlite/reporting.ts, where the columns are described.)
 */
import { index, int, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { created, id, json, ref, time, updated } from './columns.ts'

export const fxRates = mysqlTable(
  'fx_rates',
  {
    day: varchar('day', { length: 10 }).notNull(),
    base: varchar('base', { length: 3 }).notNull(),
    quote: varchar('quote', { length: 3 }).notNull(),
    rate: varchar('rate', { length: 32 }).notNull(),
    source: varchar('source', { length: 64 }),
    updatedBy: ref('updated_by'),
    updatedAt: updated(),
  },
  (t) => [primaryKey({ columns: [t.day, t.base, t.quote], name: 'fx_rates_pk' })],
)

export const shareLinks = mysqlTable(
  'share_links',
  {
    id: id(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    customerId: ref('customer_id').notNull(),
    view: varchar('view', { length: 64 }).notNull(),
    filters: json<Record<string, unknown>>('filters').notNull(),
    label: varchar('label', { length: 200 }),
    createdBy: ref('created_by'),
    expiresAt: time('expires_at').notNull(),
    revokedAt: time('revoked_at'),
    lastUsedAt: time('last_used_at'),
    uses: int('uses').notNull().default(0),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('share_links_token_uq').on(t.tokenHash),
    index('share_links_customer_idx').on(t.customerId),
  ],
)

export const webhookEndpoints = mysqlTable(
  'webhook_endpoints',
  {
    id: id(),
    customerId: ref('customer_id').notNull(),
    url: varchar('url', { length: 2048 }).notNull(),
    events: json<string[]>('events').notNull(),
    secret: varchar('secret', { length: 128 }).notNull(),
    description: varchar('description', { length: 200 }),
    disabledAt: time('disabled_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('webhook_endpoints_customer_idx').on(t.customerId)],
)

export const webhookDeliveries = mysqlTable(
  'webhook_deliveries',
  {
    id: id(),
    endpointId: ref('endpoint_id').notNull(),
    customerId: ref('customer_id').notNull(),
    eventId: ref('event_id').notNull(),
    event: varchar('event', { length: 64 }).notNull(),
    payload: json<Record<string, unknown>>('payload').notNull(),
    status: varchar('status', { length: 16, enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: int('attempts').notNull().default(0),
    nextAttemptAt: time('next_attempt_at'),
    lastStatus: int('last_status'),
    lastError: varchar('last_error', { length: 500 }),
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
