/**
 * Generic leases: "only one process computes X at a time" across containers, coordinated
 * through SQL (image variants, feed imports, crawlers). (Twin: ../sqlite/leases.ts.)
 */
import { index, mysqlTable } from 'drizzle-orm/mysql-core'
import { binaryText, time } from './columns.ts'

/**
 * One row per lease name: who holds it and until when. Names and holders compare
 * case-sensitively (utf8mb4_bin), as on SQLite: `Feed` and `feed` are two leases.
 */
export const leases = mysqlTable(
  'leases',
  {
    /** At most 191 characters: 191 × 4 bytes fits the 767-byte index key limit of older InnoDB. */
    name: binaryText('name', 191).primaryKey(),
    /** `''` while free (released, or never taken). */
    holder: binaryText('holder', 64).notNull(),
    expiresAt: time('expires_at').notNull(),
    /** When it was last taken (a re-take by the same holder counts). */
    acquiredAt: time('acquired_at').notNull(),
  },
  (t) => [index('leases_expires_idx').on(t.expiresAt)],
)
