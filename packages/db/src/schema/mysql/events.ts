/**
 * Analytics events on their way to ClickHouse: batches waiting to be delivered and events it refused.
 * (Twin: ../sqlite/events.ts.)
 */
import { index, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core'
import { created, id, json, time } from './columns.ts'

export const eventSpill = mysqlTable(
  'event_spill',
  {
    id: id(),
    eventTable: varchar('event_table', { length: 64 }).notNull(),
    events: int('events').notNull(),
    payload: json<Record<string, unknown>[]>('payload').notNull(),
    oldestAt: time('oldest_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('event_spill_oldest_idx').on(t.oldestAt)],
)

export const eventRejects = mysqlTable(
  'event_rejects',
  {
    id: id(),
    eventTable: varchar('event_table', { length: 64 }).notNull(),
    eventId: varchar('event_id', { length: 128 }).notNull(),
    error: varchar('error', { length: 500 }).notNull(),
    payload: json<Record<string, unknown>>('payload').notNull(),
    createdAt: created(),
  },
  (t) => [index('event_rejects_created_idx').on(t.createdAt)],
)
