import type { EventBackend } from './backend.ts'

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
  command(params: { query: string }): Promise<unknown>
  ping(): Promise<{ success: boolean }>
  close(): Promise<void>
}

export function wrapClient(adapter: string, database: string, client: ClientLike): EventBackend {
  return {
    adapter,
    database,
    async insert(table, rows) {
      if (rows.length > 0)
        await client.insert({
          table: table.includes('.') ? table : `${database}.${table}`,
          values: rows,
          format: 'JSONEachRow',
        })
    },
    async query<T>(sql: string, params?: Record<string, unknown>) {
      const rs = await client.query({
        query: sql,
        ...(params && { query_params: params }),
        format: 'JSONEachRow',
      })
      return rs.json<T>()
    },
    async command(sql) {
      await client.command({ query: sql })
    },
    async ping() {
      return (await client.ping()).success
    },
    close: () => client.close(),
  }
}
