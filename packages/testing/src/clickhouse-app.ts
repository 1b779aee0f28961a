/**
 * The whole app on a temporary database with its events in a real ClickHouse (chDB behind its
 * HTTP front), for tests that read back what was recorded. Click ids carry real time (UUIDv7),
 * so the frozen clock starts now.
 *
 * ```ts
 * const ch = await startClickHouseApp('stock')
 * … ch.t.app.request(…) … ch.t.platform.analytics.query(…)
 * await ch.stop()
 * ```
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '@glam/core'
import { type EmbeddedClickHouse, startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { createTestAppWithDatabase, createTestClock } from './platform.ts'
import { freePort } from './runtimes.ts'

export interface ClickHouseApp {
  t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  front: EmbeddedClickHouse
  stop(): Promise<void>
}

export async function startClickHouseApp(
  name: string,
  options: {
    /** The URL the app sends events to, given chDB's (a counting proxy in front of it). */
    via?: (url: string) => Promise<string> | string
    env?: Record<string, string>
  } = {},
): Promise<ClickHouseApp> {
  const { logger } = createMemoryLogger('warn')
  const front = await startEmbeddedClickHouse({
    path: mkdtempSync(join(tmpdir(), `glam-${name}-chdb-`)),
    port: await freePort(),
    logger,
  })
  const url = options.via ? await options.via(front.url) : front.url
  const t = await createTestAppWithDatabase({
    env: { GLAM_EVENTS: 'clickhouse', CLICKHOUSE_URL: url, ...options.env },
    overrides: { clock: createTestClock(new Date().toISOString()) },
  })
  return {
    t,
    front,
    async stop() {
      await t.platform.close?.()
      await front.stop()
    },
  }
}
