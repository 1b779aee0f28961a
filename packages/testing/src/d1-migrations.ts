import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrationsFolder } from '@glam/db/migrate'

/** The migrations as wrangler would apply them: one list of statements per file, files in order. */
export function d1MigrationStatements(): string[][] {
  return readdirSync(migrationsFolder('sqlite'))
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) =>
      readFileSync(join(migrationsFolder('sqlite'), file), 'utf8')
        .split('--> statement-breakpoint')
        .filter((s) => s.trim()),
    )
}

/** Applies migrations/sqlite to a D1 database, the way `wrangler d1 migrations apply` would. */
export async function applyD1Migrations(d1: {
  prepare(sql: string): unknown
  batch(statements: unknown[]): Promise<unknown>
}) {
  for (const statements of d1MigrationStatements()) await d1.batch(statements.map((s) => d1.prepare(s)))
}

/**
 * A second worker for a Miniflare that shares the D1 database `binding` and applies the
 * migrations from inside workerd (`migrateThroughWorker`). Binding-proxy calls that return
 * synchronously (`prepare`) go through Miniflare's SynchronousFetcher, which under a loaded
 * machine once answered with another call's message (an assertion inside Miniflare failed the
 * whole suite); a fetch to this worker is one ordinary request.
 */
export const d1MigratorWorker = (binding: string, compatibilityDate: string) => ({
  name: 'glam-d1-migrator',
  modules: true,
  compatibilityDate,
  d1Databases: [binding],
  script: `export default {
  async fetch(request, env) {
    try {
      for (const statements of await request.json())
        await env[${JSON.stringify(binding)}].batch(statements.map((s) => env[${JSON.stringify(binding)}].prepare(s)))
      return new Response(null, { status: 204 })
    } catch (error) {
      return new Response(String(error && error.stack || error), { status: 500 })
    }
  },
}`,
})

/** Applies the migrations through `d1MigratorWorker` (one request), failing with D1's message. */
export async function migrateThroughWorker(mf: {
  getWorker(name: string): Promise<{ fetch(url: string, init: RequestInit): Promise<Response> }>
}) {
  const worker = await mf.getWorker('glam-d1-migrator')
  const res = await worker.fetch('http://migrator.invalid/', {
    method: 'POST',
    body: JSON.stringify(d1MigrationStatements()),
  })
  const text = await res.text()
  if (res.status !== 204) throw new Error(`D1 migrations failed: ${text}`)
}
