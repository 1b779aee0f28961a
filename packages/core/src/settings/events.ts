/** Where the analytics events go: a ClickHouse server, the embedded chDB, or memory (tests). */
import { z } from 'zod'
import { setting } from './define.ts'

export const eventSettings = {
  events: setting({
    env: 'GLAM_EVENTS',
    schema: z.enum(['clickhouse', 'memory']),
    default: 'clickhouse',
    description:
      'Analytics events backend: `clickhouse` (a server at CLICKHOUSE_URL, else embedded chDB) or `memory` (tests only).',
    insecure: (v) => (v === 'memory' ? 'events kept in memory are lost' : false),
  }),
  clickhouseUrl: setting({
    env: 'CLICKHOUSE_URL',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description:
      'ClickHouse server (HTTP interface). Unset: Node starts embedded chDB behind a ClickHouse HTTP front.',
  }),
  clickhouseDatabase: setting({
    env: 'CLICKHOUSE_DATABASE',
    schema: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
    default: 'glam',
    description: 'ClickHouse database holding the event tables (created at start).',
  }),
  clickhouseUser: setting({
    env: 'CLICKHOUSE_USER',
    schema: z.string().min(1),
    default: 'default',
    description: 'ClickHouse user.',
  }),
  clickhousePassword: setting({
    env: 'CLICKHOUSE_PASSWORD',
    sensitive: true,
    schema: z.string().optional(),
    description: 'ClickHouse password (never logged).',
  }),
  clickhouseFrontPort: setting({
    env: 'CLICKHOUSE_FRONT_PORT',
    schema: z.coerce.number().int().min(0).max(65535),
    default: 8123,
    description:
      'Port of the embedded chDB ClickHouse HTTP front on 127.0.0.1 (when CLICKHOUSE_URL is unset).',
  }),
  chdbPath: setting({
    env: 'CHDB_PATH',
    schema: z.string().min(1),
    default: '.data/chdb',
    description: 'Data directory of the embedded chDB (one per process).',
  }),
} as const
