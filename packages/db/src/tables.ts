/** The SQL names of the tables each dialect's schema defines (manifests name tables by these). */
import { getTableConfig as mysqlConfig } from 'drizzle-orm/mysql-core'
import { getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core'
import * as mysqlSchema from './schema/mysql.ts'
import * as sqliteSchema from './schema/sqlite.ts'

export const sqlTableNames = {
  sqlite: Object.values(sqliteSchema).map((table) => sqliteConfig(table).name),
  mysql: Object.values(mysqlSchema).map((table) => mysqlConfig(table).name),
} as const
