/** Suppressions, Mailgun events and the newsletter (twin: ../sqlite/mail.ts). */
import { index, int, mysqlTable, primaryKey, text, varchar } from 'drizzle-orm/mysql-core'
import {
  deliveryStatuses,
  mailEventKinds,
  newsletterFrequencies,
  sendStatuses,
  subscriptionStatuses,
  suppressionReasons,
} from '../mail-values.ts'
import { created, id, json, ref, time, updated } from './columns.ts'

export const mailSuppressions = mysqlTable('mail_suppressions', {
  email: varchar('email', { length: 320 }).primaryKey(),
  reason: varchar('reason', { length: 16, enum: suppressionReasons }).notNull(),
  detail: varchar('detail', { length: 500 }),
  source: varchar('source', { length: 16 }).notNull(),
  eventId: varchar('event_id', { length: 128 }),
  createdAt: created(),
})

export const mailEvents = mysqlTable(
  'mail_events',
  {
    id: varchar('id', { length: 128 }).primaryKey(),
    event: varchar('event', { length: 16, enum: mailEventKinds }).notNull(),
    email: varchar('email', { length: 320 }).notNull(),
    severity: varchar('severity', { length: 16 }),
    reason: varchar('reason', { length: 500 }),
    messageId: varchar('message_id', { length: 255 }),
    occurredAt: time('occurred_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('mail_events_email_idx').on(t.email, t.occurredAt)],
)

export const newsletterLists = mysqlTable('newsletter_lists', {
  id: varchar('id', { length: 32 }).primaryKey(),
  name: varchar('name', { length: 120 }).notNull(),
  locale: varchar('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
  customerId: ref('customer_id'),
  createdAt: created(),
})

export const newsletterSubscribers = mysqlTable('newsletter_subscribers', {
  id: id(),
  email: varchar('email', { length: 320 }).notNull().unique(),
  locale: varchar('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
  frequency: varchar('frequency', { length: 16, enum: newsletterFrequencies }).notNull().default('weekly'),
  createdAt: created(),
  updatedAt: updated(),
})

export const newsletterSubscriptions = mysqlTable(
  'newsletter_subscriptions',
  {
    subscriberId: ref('subscriber_id').notNull(),
    listId: varchar('list_id', { length: 32 }).notNull(),
    status: varchar('status', { length: 16, enum: subscriptionStatuses }).notNull(),
    confirmNonce: varchar('confirm_nonce', { length: 64 }),
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

export const newsletterSends = mysqlTable('newsletter_sends', {
  id: id(),
  listId: varchar('list_id', { length: 32 }).notNull(),
  subject: varchar('subject', { length: 300 }).notNull(),
  body: text('body').notNull(),
  status: varchar('status', { length: 16, enum: sendStatuses }).notNull(),
  total: int('total').notNull().default(0),
  sent: int('sent').notNull().default(0),
  skipped: int('skipped').notNull().default(0),
  failed: int('failed').notNull().default(0),
  links: json<{ url: string; slug: string | null }[]>('links').notNull(),
  error: varchar('error', { length: 500 }),
  createdByType: varchar('created_by_type', { length: 16 }).notNull(),
  createdBy: ref('created_by').notNull(),
  createdAt: created(),
  startedAt: time('started_at'),
  finishedAt: time('finished_at'),
  updatedAt: updated(),
})

export const newsletterDeliveries = mysqlTable(
  'newsletter_deliveries',
  {
    sendId: ref('send_id').notNull(),
    subscriberId: ref('subscriber_id').notNull(),
    email: varchar('email', { length: 320 }).notNull(),
    locale: varchar('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
    status: varchar('status', { length: 16, enum: deliveryStatuses }).notNull(),
    messageId: varchar('message_id', { length: 255 }),
    error: varchar('error', { length: 500 }),
    updatedAt: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.sendId, t.subscriberId] }),
    index('newsletter_deliveries_status_idx').on(t.sendId, t.status),
  ],
)
