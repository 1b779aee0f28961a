/**
 * The SQL engines every repository test runs on: SQLite (libsql, a temp file) always, and
 * MariaDB when the global setup started one (always in CI). Each call makes a fresh,
 * migrated database.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectD1, connectDatabase, migrateDatabase, type SqlDatabase } from '@glam/db'
import { inject } from 'vitest'
import { applyD1Migrations } from './d1-migrations.ts'
import { compatibilityDate } from './runtimes.ts'
import { requireTool } from './strict.ts'

export interface TestEngine {
  name: 'sqlite' | 'mariadb' | 'd1'
  /** A fresh, migrated database on this engine. */
  open(): Promise<SqlDatabase>
}

let counter = 0
const unique = () => `t${process.pid}_${Date.now().toString(36)}_${counter++}`

async function createMysqlDatabase(serverUrl: string, name: string) {
  const { createConnection } = await import('mysql2/promise')
  const conn = await createConnection({ uri: serverUrl })
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await conn.end()
  return `${serverUrl}/${name}`
}

export function testEngines(): TestEngine[] {
  const engines: TestEngine[] = [
    {
      name: 'sqlite',
      async open() {
        const dir = mkdtempSync(join(tmpdir(), 'glam-sqlite-'))
        const database = await connectDatabase(`file:${join(dir, 'test.db')}`)
        await migrateDatabase(database)
        return database
      },
    },
  ]
  engines.push({
    name: 'd1',
    async open() {
      // A real D1 (workerd's SQLite) under Miniflare, driven from Node through its binding proxy.
      const { Miniflare } = await import('miniflare')
      const mf = new Miniflare({
        modules: true,
        script: 'export default { fetch() { return new Response(null, { status: 204 }) } }',
        compatibilityDate,
        d1Databases: ['DB'],
      })
      const d1 = oneAtATime((await mf.getD1Database('DB')) as unknown as D1Binding)
      await applyD1Migrations(d1 as never)
      const database = connectD1(d1 as never)
      return { ...database, close: () => mf.dispose() }
    },
  })
  const mariadbUrl = inject('mariadbUrl')
  if (requireTool(Boolean(mariadbUrl), 'MariaDB for the storage tests (Debian package mariadb-server)')) {
    engines.push({
      name: 'mariadb',
      async open() {
        const database = await connectDatabase(await createMysqlDatabase(mariadbUrl, unique()), {
          poolSize: 20,
        })
        await migrateDatabase(database)
        return database
      },
    })
  }
  return engines
}

interface D1Statement {
  bind(...params: unknown[]): D1Statement
  run(): Promise<unknown>
  all(): Promise<unknown>
  raw(options?: unknown): Promise<unknown>
  first(column?: string): Promise<unknown>
}
interface D1Binding {
  prepare(sql: string): D1Statement
  batch(statements: D1Statement[]): Promise<unknown>
  exec(sql: string): Promise<unknown>
}

/**
 * Miniflare's binding proxy (used from Node) can pair a reply with the wrong request when calls
 * overlap (an assertion in its SynchronousFetcher, seen once in CI under concurrent jobs). The test
 * engine therefore sends one call at a time: statements are built lazily and prepared, bound and
 * run inside one queued step. workerd itself (the worker tests) is not affected.
 */
export function oneAtATime(d1: D1Binding) {
  let chain: Promise<unknown> = Promise.resolve()
  const queue = <T>(step: () => Promise<T>): Promise<T> => {
    const next = chain.then(step, step)
    chain = next.catch(() => undefined)
    return next
  }
  type Lazy = D1Statement & { real(): D1Statement }
  const statement = (sql: string, params: unknown[] = []): Lazy => ({
    bind: (...more: unknown[]) => statement(sql, more),
    run: () =>
      queue(() =>
        d1
          .prepare(sql)
          .bind(...params)
          .run(),
      ),
    all: () =>
      queue(() =>
        d1
          .prepare(sql)
          .bind(...params)
          .all(),
      ),
    raw: (options?: unknown) =>
      queue(() =>
        d1
          .prepare(sql)
          .bind(...params)
          .raw(options),
      ),
    first: (column?: string) =>
      queue(() =>
        d1
          .prepare(sql)
          .bind(...params)
          .first(column),
      ),
    real: () => d1.prepare(sql).bind(...params),
  })
  return {
    prepare: (sql: string) => statement(sql),
    batch: (statements: Lazy[]) => queue(() => d1.batch(statements.map((s) => s.real()))),
    exec: (sql: string) => queue(() => d1.exec(sql)),
  }
}
