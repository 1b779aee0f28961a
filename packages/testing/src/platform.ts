import {
  type AppEnv,
  type Config,
  createMemoryLogger,
  handleError,
  handleNotFound,
  type Platform,
  type Principal,
  parseConfig,
} from '@glam/core'
import { isSqlDatabase } from '@glam/db/repositories/index'
import { createGlamApp } from '@glam/platform/app'
import { containerFunctions } from '@glam/platform/container-routes'
import { createLocalPlatform, type LocalPlatform } from '@glam/platform/local'
import { prepareLocalPlatform } from '@glam/platform/prepare'
import { type Context, Hono } from 'hono'
import { tempDatabaseUrl, tempDir } from './runtimes.ts'

/** Configuration for tests: development defaults with `GLAM_ENV=test`, plus overrides. */
export const testConfig = (env: Record<string, string> = {}): Config =>
  parseConfig({
    GLAM_ENV: 'test',
    LOG_LEVEL: 'debug',
    DATABASE_URL: tempDatabaseUrl(),
    CHDB_PATH: tempDir('chdb'),
    GLAM_BLOBS_DIR: tempDir('blobs'),
    GLAM_SEARCH_URL: ':memory:',
    CLICKHOUSE_FRONT_PORT: '0',
    GLAM_DEMO_SHOP_PORT: '0',
    ...env,
  })

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
  const app = createGlamApp({ config, platform: () => platform, containerOnly: containerFunctions })
  return { app, platform, config, clock, logLines: lines, logRecords: records }
}

/**
 * The whole app on a fresh, migrated SQLite database with the demo data and the development
 * admin key (`glam_dev_admin`), for HTTP tests of functions that read and write SQL.
 */
export async function createTestAppWithDatabase(
  options: { env?: Record<string, string>; overrides?: Partial<Platform> } = {},
) {
  // The same preparation as `npm start` (migrations, demo data, the development admin key),
  // with a frozen clock, a readable log and events kept in memory.
  const config = testConfig({ GLAM_EVENTS: 'memory', ...options.env })
  const clock = createTestClock()
  const { logger, lines, records } = createMemoryLogger('debug')
  const platform = await prepareLocalPlatform('node', config, { clock, logger, ...options.overrides })
  if (!isSqlDatabase(platform.database)) throw new Error('prepareLocalPlatform gave no SQL database')
  const database = platform.database
  const { repos } = platform
  const app = createGlamApp({ config, platform: () => platform, containerOnly: containerFunctions })
  return { app, platform, config, clock, repos, database, logLines: lines, logRecords: records }
}

export { type DemoRole, demoTokens } from './tokens.ts'

/**
 * One function's sub-app mounted at `path` on a test platform, with the request variables the
 * platform's app sets (platform, request id, log) and the house error handlers, for tests of a
 * piece without the whole list. `principal` signs the request in when it returns one.
 */
export function mountOnPlatform(
  platform: Platform,
  path: string,
  sub: Hono<AppEnv>,
  options: { principal?: (c: Context<AppEnv>) => Principal | undefined } = {},
): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.onError(handleError)
  app.notFound(handleNotFound)
  app.use(async (c, next) => {
    c.set('platform', platform)
    c.set('requestId', 'test-request')
    c.set('log', platform.logger)
    const principal = options.principal?.(c)
    if (principal) c.set('principal', principal)
    await next()
  })
  app.route(path, sub)
  return app
}
