/**
 * Generic leases: "only one process computes X at a time" across containers, coordinated
 * through SQL (image variants, feed imports, crawlers). (Twin: ../mysql/leases.ts.)
 */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { time } from './columns.ts'

/** One row per lease name: who holds it and until when. A lease is free once it has expired. */
export const leases = sqliteTable(
  'leases',
  {
    /** At most 191 characters: the longest utf8mb4 key MySQL indexes everywhere. */
    name: text('name', { length: 191 }).primaryKey(),
    /** `''` while free (released, or never taken). */
    holder: text('holder', { length: 64 }).notNull(),
    expiresAt: time('expires_at').notNull(),
    /** When it was last taken (a re-take by the same holder counts). */
    acquiredAt: time('acquired_at').notNull(),
  },
  (t) => [index('leases_expires_idx').on(t.expiresAt)],
)
