/**
 * Connection factories for Node and Deno: a libsql file (the embedded default) or a
 * MySQL/MariaDB pool. Each returns the same `SqlDatabase` handle (D1: d1.ts).
 */

import { type SqlDatabase, wrap } from './database.ts'
import type { SqlDb, Tables } from './dialect.ts'
import * as mysqlSchema from './schema/mysql.ts'
import * as sqliteSchema from './schema/sqlite.ts'
import { keepPreparedStatements } from './statement-cache.ts'

export type { SqlDatabase } from './database.ts'

/** `file:…` / `libsql:` / `:memory:` → SQLite through libsql; `mysql://…` → a MySQL pool. */
export async function connectDatabase(
  url: string,
  options: { poolSize?: number } = {},
): Promise<SqlDatabase> {
  if (/^mysql:\/\//i.test(url)) return connectMysql(url, options)
  return connectSqlite(url)
}

export async function connectSqlite(url: string): Promise<SqlDatabase> {
  const { createClient } = await import('@libsql/client')
  const { drizzle } = await import('drizzle-orm/libsql')
  const { default: Database } = await import('libsql')
  keepPreparedStatements(Database)
  if (url.startsWith('file:') && !url.includes(':memory:')) {
    const { mkdirSync } = await import('node:fs')
    const { dirname } = await import('node:path')
    mkdirSync(dirname(url.slice('file:'.length)), { recursive: true })
  }
  const client = createClient({ url: url === ':memory:' ? 'file::memory:' : url })
  // WAL lets readers run beside the writer; the busy timeout waits for a lock instead of failing.
  await client.execute('PRAGMA journal_mode = WAL').catch(() => undefined)
  await client.execute('PRAGMA busy_timeout = 5000')
  await client.execute('PRAGMA synchronous = NORMAL')
  await client.execute('PRAGMA foreign_keys = ON')
  const db = drizzle(client, { schema: sqliteSchema })
  return wrap('sqlite', 'libsql', db, sqliteSchema, async () => client.close())
}

export async function connectMysql(url: string, options: { poolSize?: number } = {}): Promise<SqlDatabase> {
  const mysql = await import('mysql2/promise')
  const { drizzle } = await import('drizzle-orm/mysql2')
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: options.poolSize ?? 10,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    enableKeepAlive: true,
    connectTimeout: 10_000,
  })
  const db = drizzle(pool, { schema: mysqlSchema, mode: 'default' })
  const database = wrap('mysql', 'mysql2', db as unknown as SqlDb, mysqlSchema as unknown as Tables, () =>
    pool.end(),
  )
  return {
    ...database,
    async health() {
      const started = Date.now()
      await pool.query('select 1')
      return { status: 'ok', dialect: 'mysql', latencyMs: Date.now() - started }
    },
  }
}
