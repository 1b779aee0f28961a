// `npm run migrate`: applies the committed migrations to DATABASE_URL (a MySQL/MariaDB server,
// or a SQLite file). Safe to run again: applied migrations are skipped.
import { settings } from '@glam/core'
import { connectDatabase, migrateDatabase } from '@glam/db'

const parsed = settings.databaseUrl.schema.safeParse(process.env.DATABASE_URL ?? settings.databaseUrl.default)
if (!parsed.success) {
  console.error(
    `glam migrate: DATABASE_URL is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
  )
  process.exit(1)
}
const url = parsed.data
const shown = url.replace(/\/\/[^@/]*@/, '//[credentials]@')
try {
  const database = await connectDatabase(url)
  await migrateDatabase(database)
  await database.close()
  console.log(`glam migrate: ${shown} is up to date (${database.dialect})`)
} catch (err) {
  console.error(`glam migrate: failed for ${shown}: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
