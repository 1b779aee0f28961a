/**
 * The events backend for workerd: `@clickhouse/client-web` (fetch-based), imported statically so
 * the worker bundle carries it and the backend can be built synchronously at isolate boot.
 */
import { createClient } from '@clickhouse/client-web'
import type { EventBackend } from './backend.ts'
import { wrapClient } from './client-wrap.ts'

export interface ClickHouseWebOptions {
  url: string
  database: string
  username?: string
  password?: string
  requestTimeoutMs?: number
}

export function createClickHouseWebBackendSync(options: ClickHouseWebOptions): EventBackend {
  return wrapClient(
    'clickhouse-web',
    options.database,
    createClient({
      url: options.url,
      username: options.username ?? 'default',
      password: options.password ?? '',
      request_timeout: options.requestTimeoutMs ?? 10_000,
      log: { level: 127 as never },
    }) as never,
  )
}
