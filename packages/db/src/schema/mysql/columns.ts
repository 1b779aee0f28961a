/**
 * The column kinds every MySQL table shares (twin: ../sqlite/columns.ts). Not tables: the index does
 * not re-export them.
 */
import { sql } from 'drizzle-orm'
import { bigint, customType, datetime, varchar } from 'drizzle-orm/mysql-core'

/** JSON that reads back on MariaDB too (there JSON is LONGTEXT, and the driver returns a string). */
export const json = <T>(name: string) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'json',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
  })(name)

/** Case-sensitive ASCII text: slugs `Summer` and `summer` are different links. */
export const asciiBin = (name: string, length: number) =>
  customType<{ data: string; driverData: string }>({
    dataType: () => `varchar(${length}) CHARACTER SET ascii COLLATE ascii_bin`,
  })(name)

/** Case-sensitive text (unique keys that outside systems define: order ids, public keys). */
export const binaryText = (name: string, length: number) =>
  customType<{ data: string; driverData: string }>({
    dataType: () => `varchar(${length}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
  })(name)

export const id = () => varchar('id', { length: 36 }).primaryKey()
export const ref = (name: string) => varchar(name, { length: 36 })
export const time = (name: string) => datetime(name, { mode: 'date', fsp: 3 })
export const created = () => time('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`)
export const updated = () => time('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`)
export const money = (name: string) => bigint(name, { mode: 'number' })
