/**
 * Analytics events on their way to ClickHouse: batches waiting to be delivered and events it refused.
 * (Twin: ../mysql/events.ts.)
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { created, id, time } from './columns.ts'

/** Analytics events that could not reach ClickHouse yet, one row per batch: delivered and deleted later. */
export const eventSpill = sqliteTable(
  'event_spill',
  {
    id: id(),
    eventTable: text('event_table', { length: 64 }).notNull(),
    events: integer('events').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>[]>().notNull(),
    oldestAt: time('oldest_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('event_spill_oldest_idx').on(t.oldestAt)],
)

/** Events ClickHouse refused as malformed, kept for inspection (the writer delivers the rest). */
export const eventRejects = sqliteTable(
  'event_rejects',
  {
    id: id(),
    eventTable: text('event_table', { length: 64 }).notNull(),
    eventId: text('event_id', { length: 128 }).notNull(),
    error: text('error', { length: 500 }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: created(),
  },
  (t) => [index('event_rejects_created_idx').on(t.createdAt)],
)
