import { type Config, createMemoryLogger, type Platform, parseConfig } from '@glam/core'
import { createGlamApp } from '@glam/platform/app'
import { createLocalPlatform, type LocalPlatform } from '@glam/platform/local'
import { tempDatabaseUrl } from './runtimes.ts'

/** Configuration for tests: development defaults with `GLAM_ENV=test`, plus overrides. */
export const testConfig = (env: Record<string, string> = {}): Config =>
  parseConfig({ GLAM_ENV: 'test', LOG_LEVEL: 'debug', DATABASE_URL: tempDatabaseUrl(), ...env })

/** A frozen clock that tests move by hand. */
export function createTestClock(start = '2026-06-01T10:00:00.000Z') {
  let t = new Date(start).getTime()
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms
    },
    set(iso: string) {
      t = new Date(iso).getTime()
    },
  }
}

/**
 * The whole Glam app on in-memory adapters with a frozen clock and a logger whose lines
 * the test can read. Talk to it with `app.request()`.
 */
export function createTestApp(options: { env?: Record<string, string>; overrides?: Partial<Platform> } = {}) {
  const config = testConfig(options.env)
  const clock = createTestClock()
  const { logger, lines, records } = createMemoryLogger('debug')
  const platform: LocalPlatform = createLocalPlatform('node', config, { clock, logger, ...options.overrides })
  const app = createGlamApp({ config, platform: () => platform })
  return { app, platform, config, clock, logLines: lines, logRecords: records }
}
