/**
 * The operational schema for SQLite (libsql on Node, D1 on the edge), one file per domain
 * under sqlite/. Its twin for MySQL is mysql.ts (same files under mysql/); schema.test.ts
 * keeps the two equivalent. Ids are UUIDv7 strings made in code; times are milliseconds
 * since the epoch; money is integer minor units. Only tables are exported from here: the
 * importers (and drizzle-kit) take every export to be one.
 */
export * from './sqlite/alerts.ts'
export * from './sqlite/assets.ts'
export * from './sqlite/auth.ts'
export * from './sqlite/catalog.ts'
export * from './sqlite/events.ts'
export * from './sqlite/jobs.ts'
export * from './sqlite/leases.ts'
export * from './sqlite/links.ts'
export * from './sqlite/mail.ts'
export * from './sqlite/ocr.ts'
export * from './sqlite/orders.ts'
export * from './sqlite/reporting.ts'
export * from './sqlite/search.ts'
export * from './sqlite/tenants.ts'
