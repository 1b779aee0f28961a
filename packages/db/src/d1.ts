/**
 * Cloudflare D1 as the SQL database (edge-only deployments, local Miniflare). Kept apart from
 * connect.ts so the worker bundle never pulls in the Node drivers.
 * Migrate with `wrangler d1 migrations apply DB` (migrations/sqlite).
 */
import { drizzle } from 'drizzle-orm/d1'
import { type SqlDatabase, wrap } from './database.ts'
import type { SqlDb } from './dialect.ts'
import * as sqliteSchema from './schema/sqlite.ts'

export type D1DatabaseLike = Parameters<typeof drizzle>[0]

export function connectD1(binding: D1DatabaseLike): SqlDatabase {
  const db = drizzle(binding, { schema: sqliteSchema })
  return wrap('d1', 'd1', db as unknown as SqlDb, sqliteSchema, async () => undefined)
}
