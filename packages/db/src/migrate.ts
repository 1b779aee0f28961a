/**
 * Applies the committed drizzle-kit migrations (migrations/sqlite, migrations/mysql).
 * `npm start` runs this on the embedded database; `npm run migrate` against a server.
 */
import { fileURLToPath } from 'node:url'
import type { SqlDatabase } from './connect.ts'

export const migrationsFolder = (dialect: 'sqlite' | 'mysql') =>
  fileURLToPath(new URL(`../migrations/${dialect}`, import.meta.url))

export async function migrateDatabase(database: SqlDatabase): Promise<void> {
  if (database.dialect === 'mysql') {
    const { migrate } = await import('drizzle-orm/mysql2/migrator')
    await ensureUtf8mb4(database)
    await migrate(database.db as never, { migrationsFolder: migrationsFolder('mysql') })
    return
  }
  if (database.dialect === 'sqlite') {
    const { migrate } = await import('drizzle-orm/libsql/migrator')
    await migrate(database.db, { migrationsFolder: migrationsFolder('sqlite') })
    return
  }
  throw new Error('D1 databases are migrated with `wrangler d1 migrations apply` (migrations/sqlite)')
}

/** A server whose database defaults to latin1 would store e-mails and names wrongly: fix the default first. */
async function ensureUtf8mb4(database: SqlDatabase) {
  const run = (query: string) =>
    (database.db as unknown as { execute(q: string): Promise<[Record<string, string>[]]> }).execute(query)
  const [rows] = await run('SELECT DATABASE() AS db, @@character_set_database AS charset')
  const row = rows[0]
  if (row?.db && row.charset !== 'utf8mb4') {
    await run(
      `ALTER DATABASE \`${row.db.replace(/`/g, '')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    )
  }
}
