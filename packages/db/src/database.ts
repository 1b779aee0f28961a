/** The SQL database port as every dialect fills it. No driver is imported here. */
import type { Database, PortHealth } from '@glam/core'
import { sql } from 'drizzle-orm'
import { type Dialect, type DialectOps, dialectOps, type SqlDb, type Tables } from './dialect.ts'

export interface SqlDatabase extends Database {
  readonly dialect: Dialect
  /** drizzle, typed with the SQLite schema; the same shared query API runs on every dialect. */
  readonly db: SqlDb
  /** The dialect's tables (same names and columns on every dialect). */
  readonly t: Tables
  readonly ops: DialectOps
  close(): Promise<void>
}

export function wrap(
  dialect: Dialect,
  adapter: string,
  db: SqlDb,
  t: Tables,
  close: () => Promise<void>,
): SqlDatabase {
  return {
    adapter,
    dialect,
    db,
    t,
    ops: dialectOps(dialect, db),
    close,
    async health(): Promise<PortHealth> {
      const started = Date.now()
      await db.run(sql`select 1`)
      return { status: 'ok', dialect, latencyMs: Date.now() - started }
    },
  }
}
