import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrationsFolder } from '@glam/db/migrate'

/** Applies migrations/sqlite to a D1 database, the way `wrangler d1 migrations apply` would. */
export async function applyD1Migrations(d1: {
  prepare(sql: string): unknown
  batch(statements: unknown[]): Promise<unknown>
}) {
  for (const file of readdirSync(migrationsFolder('sqlite'))
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const statements = readFileSync(join(migrationsFolder('sqlite'), file), 'utf8').split(
      '--> statement-breakpoint',
    )
    await d1.batch(statements.filter((s) => s.trim()).map((s) => d1.prepare(s)))
  }
}
