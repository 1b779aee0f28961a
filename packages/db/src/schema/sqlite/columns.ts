/**
 * The column kinds every SQLite table shares (twin: ../mysql/columns.ts). Not tables: the index does
 * not re-export them.
 */
import { sql } from 'drizzle-orm'
import { integer, text } from 'drizzle-orm/sqlite-core'

export const id = () => text('id', { length: 36 }).primaryKey()
export const ref = (name: string) => text(name, { length: 36 })
export const time = (name: string) => integer(name, { mode: 'timestamp_ms' })
export const created = () => time('created_at').notNull().default(sql`(unixepoch() * 1000)`)
export const updated = () => time('updated_at').notNull().default(sql`(unixepoch() * 1000)`)
