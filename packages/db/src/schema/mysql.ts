/**
 * The operational schema for MySQL/MariaDB, one file per domain under mysql/: the twin of
 * sqlite.ts (schema.test.ts keeps them equivalent). utf8mb4 everywhere; slugs compare
 * case-sensitively (ascii_bin). Only tables are exported from here: the importers (and
 * drizzle-kit) take every export to be one.
 */
export * from './mysql/alerts.ts'
export * from './mysql/assets.ts'
export * from './mysql/auth.ts'
export * from './mysql/catalog.ts'
export * from './mysql/events.ts'
export * from './mysql/jobs.ts'
export * from './mysql/leases.ts'
export * from './mysql/links.ts'
export * from './mysql/mail.ts'
export * from './mysql/ocr.ts'
export * from './mysql/orders.ts'
export * from './mysql/reporting.ts'
export * from './mysql/search.ts'
export * from './mysql/tenants.ts'
