/**
 * The events backend on the official ClickHouse client: a ClickHouse server in production,
 * or the chDB front (`front.ts`) in development and tests. `@clickhouse/client-web` on the edge.
 */
import type { EventBackend } from './backend.ts'
import { type ClientLike, wrapClient } from './client-wrap.ts'

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

export async function createClickHouseBackend(options: ClickHouseOptions): Promise<EventBackend> {
  const { createClient } = await import('@clickhouse/client')
  const { bulkInsert, bulkSliceRows } = await import('./bulk-insert.ts')
  const client = createClient(clientConfig(options))
  return wrapClient('clickhouse', options.database, client as unknown as ClientLike, {
    bulk: { rows: bulkSliceRows, insert: (table, rows) => bulkInsert(client, table, rows) },
  })
}

export async function createClickHouseWebBackend(options: ClickHouseOptions): Promise<EventBackend> {
  const { createClient } = await import('@clickhouse/client-web')
  return wrapClient(
    'clickhouse-web',
    options.database,
    createClient(clientConfig(options)) as unknown as ClientLike,
  )
}
