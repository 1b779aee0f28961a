/**
 * @module @glam/db
 * Operational data on MySQL/MariaDB or SQLite (libsql, D1) through drizzle.
 *
 * ```ts
 * const database = await connectDatabase('file:.data/glam.db')
 * await migrateDatabase(database)
 * const repos = createRepositories({ database, now: () => new Date(), masterKey })
 * await repos.links.bySlug('summer-lena')
 * ```
 */
export { connectDatabase, connectMysql, connectSqlite, type SqlDatabase } from './connect.ts'
export { connectD1, type D1DatabaseLike } from './d1.ts'
export { demo, ensureAdminApiKey, seedDemoData } from './demo.ts'
export { capabilities, type Dialect, dialectOps, type SqlDb, type Tables } from './dialect.ts'
export { newId } from './ids.ts'
export { migrateDatabase, migrationsFolder } from './migrate.ts'
export { isUniqueViolation, maxPageSize, type Page } from './repositories/context.ts'
export { createRepositories, type Repositories, repositoriesOf } from './repositories/index.ts'
export type { JobLease, JobRun } from './repositories/jobs.ts'
