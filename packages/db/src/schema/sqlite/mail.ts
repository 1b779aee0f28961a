/**
 * Mail people can trust (functions/newsletter): the suppression list every send checks, the
 * Mailgun events received (deduplicated by their id), and the newsletter's lists, subscribers,
 * per-list subscriptions (double opt-in), sends and per-recipient deliveries.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import {
  deliveryStatuses,
  mailEventKinds,
  newsletterFrequencies,
  sendStatuses,
  subscriptionStatuses,
  suppressionReasons,
} from '../mail-values.ts'
import { created, id, ref, time, updated } from './columns.ts'

/** Addresses no mail goes to: lower-cased, with why and since when. */
export const mailSuppressions = sqliteTable('mail_suppressions', {
  email: text('email', { length: 320 }).primaryKey(),
  reason: text('reason', { length: 16, enum: suppressionReasons }).notNull(),
  detail: text('detail', { length: 500 }),
  /** `mailgun` (a webhook) or `staff`. */
  source: text('source', { length: 16 }).notNull(),
  eventId: text('event_id', { length: 128 }),
  createdAt: created(),
})

/** What Mailgun told us (and sends the suppression list skipped): one row per event id. */
export const mailEvents = sqliteTable(
  'mail_events',
  {
    id: text('id', { length: 128 }).primaryKey(),
    event: text('event', { length: 16, enum: mailEventKinds }).notNull(),
    email: text('email', { length: 320 }).notNull(),
    severity: text('severity', { length: 16 }),
    reason: text('reason', { length: 500 }),
    messageId: text('message_id', { length: 255 }),
    occurredAt: time('occurred_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('mail_events_email_idx').on(t.email, t.occurredAt)],
)

export const newsletterLists = sqliteTable('newsletter_lists', {
  /** `news-de` */
  id: text('id', { length: 32 }).primaryKey(),
  name: text('name', { length: 120 }).notNull(),
  locale: text('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
  /** Whose links a send's shortlinks belong to (channel `newsletter`); null: links untracked. */
  customerId: ref('customer_id'),
  createdAt: created(),
})

export const newsletterSubscribers = sqliteTable('newsletter_subscribers', {
  id: id(),
  email: text('email', { length: 320 }).notNull().unique(),
  locale: text('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
  frequency: text('frequency', { length: 16, enum: newsletterFrequencies }).notNull().default('weekly'),
  createdAt: created(),
  updatedAt: updated(),
})

export const newsletterSubscriptions = sqliteTable(
  'newsletter_subscriptions',
  {
    subscriberId: ref('subscriber_id').notNull(),
    listId: text('list_id', { length: 32 }).notNull(),
    status: text('status', { length: 16, enum: subscriptionStatuses }).notNull(),
    /** SHA-256 of the nonce in the newest confirmation link; null once confirmed. */
    confirmNonce: text('confirm_nonce', { length: 64 }),
    confirmExpiresAt: time('confirm_expires_at'),
    confirmSentAt: time('confirm_sent_at'),
    confirmedAt: time('confirmed_at'),
    unsubscribedAt: time('unsubscribed_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriberId, t.listId] }),
    index('newsletter_subscriptions_list_idx').on(t.listId, t.status),
  ],
)

export const newsletterSends = sqliteTable('newsletter_sends', {
  id: id(),
  listId: text('list_id', { length: 32 }).notNull(),
  subject: text('subject', { length: 300 }).notNull(),
  body: text('body').notNull(),
  status: text('status', { length: 16, enum: sendStatuses }).notNull(),
  total: integer('total').notNull().default(0),
  sent: integer('sent').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  /** The body's links and their shortlinks: `[{ url, slug }]`. */
  links: text('links', { mode: 'json' }).$type<{ url: string; slug: string | null }[]>().notNull(),
  error: text('error', { length: 500 }),
  createdByType: text('created_by_type', { length: 16 }).notNull(),
  createdBy: ref('created_by').notNull(),
  createdAt: created(),
  startedAt: time('started_at'),
  finishedAt: time('finished_at'),
  updatedAt: updated(),
})

export const newsletterDeliveries = sqliteTable(
  'newsletter_deliveries',
  {
    sendId: ref('send_id').notNull(),
    subscriberId: ref('subscriber_id').notNull(),
    email: text('email', { length: 320 }).notNull(),
    locale: text('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
    status: text('status', { length: 16, enum: deliveryStatuses }).notNull(),
    messageId: text('message_id', { length: 255 }),
    error: text('error', { length: 500 }),
    updatedAt: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.sendId, t.subscriberId] }),
    index('newsletter_deliveries_status_idx').on(t.sendId, t.status),
  ],
)
