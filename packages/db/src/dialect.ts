/**
 * Everything that differs between the SQL dialects lives here, as capability flags and
 * small functions; repositories are written once on drizzle's shared query API.
 *
 * Repositories see the SQLite-typed drizzle API (`SqlDb`); on MySQL the same calls run on
 * drizzle's MySQL driver, whose shared query API (select/insert/update/delete) matches.
 */
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm'
import type { LibSQLDatabase } from 'drizzle-orm/libsql'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type * as schema from './schema/sqlite.ts'

export type Dialect = 'sqlite' | 'mysql' | 'd1'
export type SqlDb = LibSQLDatabase<typeof schema>
export type Tables = typeof schema

export interface Capabilities {
  /** `INSERT … RETURNING` (SQLite, D1); MySQL has none. */
  returning: boolean
  /** Atomic batches run as one transaction (MySQL) or one batch call (libsql, D1). */
  atomicBatch: 'transaction' | 'batch'
  /** Upsert syntax: `ON CONFLICT … DO UPDATE` or `ON DUPLICATE KEY UPDATE … VALUES(col)` (MariaDB lacks `AS new`). */
  upsert: 'on-conflict' | 'on-duplicate-key'
}

export const capabilities: Record<Dialect, Capabilities> = {
  sqlite: { returning: true, atomicBatch: 'batch', upsert: 'on-conflict' },
  d1: { returning: true, atomicBatch: 'batch', upsert: 'on-conflict' },
  mysql: { returning: false, atomicBatch: 'transaction', upsert: 'on-duplicate-key' },
}

/** A statement built but not yet run (a drizzle query builder). */
export type Statement = PromiseLike<unknown>

export interface DialectOps {
  readonly dialect: Dialect
  readonly caps: Capabilities
  /** Run statements all-or-nothing. `build` receives the handle to build them on. */
  atomic(build: (db: SqlDb) => Statement[]): Promise<void>
  /** Insert rows, updating `update` columns where a unique key (`target`) already exists. */
  upsert<T extends SQLiteTable>(
    table: T,
    rows: T['$inferInsert'][],
    options: { target: SQLiteColumn[]; update: SQLiteColumn[] },
    db?: SqlDb,
  ): Statement
  /** Insert rows, leaving existing ones (by any unique key) untouched. */
  insertIgnore<T extends SQLiteTable>(table: T, rows: T['$inferInsert'][], db?: SqlDb): Statement
  /**
   * Bulk load: rows as the driver takes them (numbers, strings, null; JSON already a string;
   * times as the dialect stores them), in one multi-row INSERT on the driver itself, skipping
   * the query builder's per-value work. Rows whose unique key exists are left untouched. The
   * caller keeps rows × columns within the dialect's bound-parameter limit.
   */
  insertRows(table: SQLiteTable, columns: SQLiteColumn[], rows: unknown[][]): Promise<void>
  /**
   * Rows an update/delete matched. On MySQL, mysql2 reports found rows, so an upsert's count cannot
   * tell a new row from a duplicate: decide that with a plain insert and the unique key instead.
   */
  affectedRows(result: unknown): number
  /**
   * A select whose SQL drizzle builds once, run with `sql.placeholder` values: for the lookups
   * on a hot path (a cold portal page spent ~17% of its time building its two selects again).
   * Prepare it once per repository, not per call.
   */
  prepared<Row>(query: {
    prepare(): unknown
    _: { result: Row[] }
  }): (values: Record<string, unknown>) => Promise<Row[]>
}

// The drivers' own calls insertRows makes (typed here: this file imports no driver).
interface LibsqlClient {
  execute(statement: { sql: string; args: unknown[] }): Promise<unknown>
}
interface MysqlPool {
  query(sql: string, values: unknown[]): Promise<unknown>
}
interface D1Client {
  prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown> } }
}

/** drizzle's `set` takes the table's property names, not the columns' SQL names. */
function propertyOf(table: SQLiteTable, column: SQLiteColumn): string {
  for (const [property, c] of Object.entries(getTableColumns(table)))
    if (c === column || c.name === column.name) return property
  throw new Error(`column ${column.name} is not in this table`)
}

export function dialectOps(dialect: Dialect, db: SqlDb): DialectOps {
  const caps = capabilities[dialect]
  const newValue = (column: SQLiteColumn): SQL =>
    caps.upsert === 'on-conflict' ? sql.raw(`excluded."${column.name}"`) : sql`values(${column})`
  return {
    dialect,
    caps,
    prepared<Row>(query: { prepare(): unknown }) {
      // SQLite and D1 run a prepared select with `all`, MySQL with `execute` (both take the values).
      const statement = query.prepare() as {
        all?: (values: Record<string, unknown>) => Promise<Row[]>
        execute: (values: Record<string, unknown>) => Promise<Row[]>
      }
      return dialect === 'mysql' ? (values) => statement.execute(values) : (values) => statement.all!(values)
    },
    async atomic(build) {
      if (caps.atomicBatch === 'batch') {
        const statements = build(db)
        if (statements.length === 0) return
        await db.batch(statements as never)
        return
      }
      // MySQL: the only place a transaction is opened; statements are built on its connection.
      await (db as unknown as { transaction(fn: (tx: SqlDb) => Promise<void>): Promise<void> }).transaction(
        async (tx) => {
          for (const statement of build(tx)) await statement
        },
      )
    },
    upsert(table, rows, { target, update }, on = db) {
      const set = Object.fromEntries(update.map((column) => [propertyOf(table, column), newValue(column)]))
      const insert = on.insert(table).values(rows as never)
      if (caps.upsert === 'on-conflict') return insert.onConflictDoUpdate({ target, set: set as never })
      return (
        insert as unknown as { onDuplicateKeyUpdate(o: { set: object }): Statement }
      ).onDuplicateKeyUpdate({
        set,
      })
    },
    insertIgnore(table, rows, on = db) {
      const insert = on.insert(table).values(rows as never)
      if (caps.upsert === 'on-conflict') return insert.onConflictDoNothing()
      // Not INSERT IGNORE: that would also swallow truncation and other data errors.
      // Assigning a column to itself makes the duplicate a no-op.
      const [property, column] = Object.entries(getTableColumns(table))[0] as [string, SQLiteColumn]
      return (
        insert as unknown as { onDuplicateKeyUpdate(o: { set: object }): Statement }
      ).onDuplicateKeyUpdate({
        set: { [property]: sql`${column}` },
      })
    },
    async insertRows(table, columns, rows) {
      if (rows.length === 0) return
      const q = caps.upsert === 'on-conflict' ? '"' : '`'
      const name = (n: string) => `${q}${n}${q}`
      const tuple = `(${columns.map(() => '?').join(', ')})`
      const head = `insert into ${name(getTableName(table))} (${columns.map((c) => name(c.name)).join(', ')}) values `
      const tail =
        caps.upsert === 'on-conflict'
          ? ' on conflict do nothing'
          : ` on duplicate key update ${name(columns[0]!.name)} = ${name(columns[0]!.name)}`
      const text = head + Array(rows.length).fill(tuple).join(', ') + tail
      const args = rows.flat()
      const client = (db as unknown as { $client: unknown }).$client
      if (dialect === 'sqlite') await (client as LibsqlClient).execute({ sql: text, args: args as never })
      else if (dialect === 'mysql') await (client as MysqlPool).query(text, args)
      else
        await (client as D1Client)
          .prepare(text)
          .bind(...args)
          .run()
    },
    affectedRows(result) {
      const r = result as { rowsAffected?: number; meta?: { changes?: number } } & [{ affectedRows?: number }]
      if (typeof r?.rowsAffected === 'number') return r.rowsAffected
      if (typeof r?.meta?.changes === 'number') return r.meta.changes
      if (Array.isArray(r) && typeof r[0]?.affectedRows === 'number') return r[0].affectedRows
      return 0
    },
  }
}
