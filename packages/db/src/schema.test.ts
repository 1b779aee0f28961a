// The MySQL and SQLite schemas must describe the same tables: columns, kinds, nullability,
// primary keys, unique keys and indexes. A change to one without the other fails here.
import { getTableConfig as mysqlConfig } from 'drizzle-orm/mysql-core'
import { getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core'
import { describe, expect, it } from 'vitest'
import * as mysql from './schema/mysql.ts'
import * as sqlite from './schema/sqlite.ts'

/** The kind a column holds, whatever the dialect calls it. */
function kind(column: { getSQLType(): string; dataType: string }): string {
  const type = column.getSQLType().toLowerCase()
  if (type === 'json' || column.dataType === 'json') return 'json'
  if (/^(varchar|text|char)/.test(type)) return 'string'
  if (/^(datetime|timestamp)/.test(type)) return 'time'
  if (/^(int|bigint|integer)/.test(type)) return column.dataType === 'date' ? 'time' : 'integer'
  return type
}

type AnyConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof mysqlConfig>

function describeTable(config: AnyConfig) {
  const columns = Object.fromEntries(
    config.columns.map((c) => [
      c.name,
      {
        kind: kind(c as never),
        notNull: c.notNull,
        primary: c.primary,
        length: (c as { length?: number }).length ?? null,
      },
    ]),
  )
  const indexes = config.indexes
    .map((i) => ({
      name: i.config.name,
      unique: i.config.unique ?? false,
      columns: i.config.columns.map((c) => (c as { name: string }).name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
  const primaryKeys = config.primaryKeys.map((pk) => pk.columns.map((c) => c.name))
  return { columns, indexes, primaryKeys }
}

const tableNames = Object.keys(sqlite).sort()

describe('the MySQL and SQLite schemas', () => {
  it('define the same tables', () => {
    expect(Object.keys(mysql).sort()).toEqual(tableNames)
  })

  it.each(tableNames)('agree on %s', (name) => {
    const a = describeTable(sqliteConfig(sqlite[name as keyof typeof sqlite]))
    const b = describeTable(mysqlConfig(mysql[name as keyof typeof mysql]))
    // Lengths: SQLite does not enforce them, but they are declared the same for validation.
    for (const col of Object.keys(a.columns)) {
      const sqliteLength = a.columns[col]!.length
      const mysqlLength = b.columns[col]?.length
      if (sqliteLength !== null && mysqlLength !== null && mysqlLength !== undefined)
        expect(mysqlLength).toBe(sqliteLength)
      a.columns[col]!.length = null
      if (b.columns[col]) b.columns[col]!.length = null
    }
    expect(b).toEqual(a)
  })
})
