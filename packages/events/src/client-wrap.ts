import type { EventBackend } from './backend.ts'
import { withoutDuplicates } from './dedupe.ts'

/** The part of the official clients (Node and web) the backend uses. */
export interface ClientLike {
  insert(params: {
    table: string
    values: readonly Record<string, unknown>[]
    format: 'JSONEachRow'
  }): Promise<unknown>
  query(params: {
    query: string
    query_params?: Record<string, unknown>
    format: 'JSONEachRow'
  }): Promise<{ json<T>(): Promise<T[]> }>
  command(params: { query: string; query_params?: Record<string, unknown> }): Promise<unknown>
  ping(): Promise<{ success: boolean }>
  close(): Promise<void>
}

export interface WrapOptions {
  /** Inserts of more than `rows` rows go through `insert` instead (the Node client: bulk-insert.ts). */
  bulk?: { rows: number; insert(table: string, rows: readonly Record<string, unknown>[]): Promise<void> }
}

export function wrapClient(
  adapter: string,
  database: string,
  client: ClientLike,
  options: WrapOptions = {},
): EventBackend {
  return {
    adapter,
    database,
    async insert(table, given) {
      if (given.length === 0) return
      const target = table.includes('.') ? table : `${database}.${table}`
      const [db, bare] = target.split('.') as [string, string]
      // Rows the table holds already never reach the rollup views again (dedupe.ts).
      const rows =
        db === database ? await withoutDuplicates((sql) => this.query(sql), database, bare, given) : given
      if (rows.length === 0) return
      if (options.bulk && rows.length > options.bulk.rows) return options.bulk.insert(target, rows)
      await client.insert({ table: target, values: rows, format: 'JSONEachRow' })
    },
    async query<T>(sql: string, params?: Record<string, unknown>) {
      const rs = await client.query({
        query: sql,
        ...(params && { query_params: params }),
        format: 'JSONEachRow',
      })
      return rs.json<T>()
    },
    async command(sql, params) {
      await client.command({ query: sql, ...(params && { query_params: params }) })
    },
    async ping() {
      return (await client.ping()).success
    },
    close: () => client.close(),
  }
}
