/**
 * The events backend on the official ClickHouse client: a ClickHouse server in production,
 * or the chDB front (`front.ts`) in development and tests. `@clickhouse/client-web` on the edge.
 */
import type { EventBackend } from './backend.ts'

interface ClientLike {
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

export interface ClickHouseOptions {
  url: string
  database: string
  username?: string
  password?: string
  requestTimeoutMs?: number
}

const clientConfig = (o: ClickHouseOptions) => ({
  url: o.url,
  username: o.username ?? 'default',
  password: o.password ?? '',
  request_timeout: o.requestTimeoutMs ?? 10_000,
  keep_alive: { enabled: true },
  // The writer logs failures itself (without the query text); the client would print every one.
  log: { level: 127 as never },
})

function wrap(adapter: string, database: string, client: ClientLike): EventBackend {
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

export async function createClickHouseBackend(options: ClickHouseOptions): Promise<EventBackend> {
  const { createClient } = await import('@clickhouse/client')
  return wrap('clickhouse', options.database, createClient(clientConfig(options)) as unknown as ClientLike)
}

export async function createClickHouseWebBackend(options: ClickHouseOptions): Promise<EventBackend> {
  const { createClient } = await import('@clickhouse/client-web')
  return wrap(
    'clickhouse-web',
    options.database,
    createClient(clientConfig(options)) as unknown as ClientLike,
  )
}
