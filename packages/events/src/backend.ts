import { clickhouseMigrations } from './schema.ts'

/** What the writer and the reports need from ClickHouse, whichever client speaks to it. */
export interface EventBackend {
  readonly adapter: string
  readonly database: string
  insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void>
  /** Runs a query with `{name:Type}` placeholders bound from `params`; never SQL built from input. */
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>
  /** A statement without an answer (DDL, INSERT … SELECT), with the same `{name:Type}` binding. */
  command(sql: string, params?: Record<string, unknown>): Promise<void>
  ping(): Promise<boolean>
  close(): Promise<void>
}

const databaseName = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

/** Creates the database and applies the ClickHouse migrations not yet recorded. */
export async function migrateClickHouse(backend: EventBackend): Promise<number[]> {
  const db = backend.database
  if (!databaseName.test(db)) throw new Error(`invalid ClickHouse database name ${db}`)
  await backend.command(`CREATE DATABASE IF NOT EXISTS ${db}`)
  await backend.command(
    `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = ReplacingMergeTree ORDER BY version`,
  )
  const applied = new Set(
    (
      await backend.query<{ version: number | string }>(`SELECT version FROM ${db}.schema_migrations FINAL`)
    ).map((r) => Number(r.version)),
  )
  const done: number[] = []
  for (const migration of clickhouseMigrations) {
    if (applied.has(migration.version)) continue
    for (const statement of migration.statements(db)) await backend.command(statement)
    await backend.insert(`${db}.schema_migrations`, [{ version: migration.version, name: migration.name }])
    done.push(migration.version)
  }
  return done
}
