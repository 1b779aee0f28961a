import { seedDemoAssets } from '@glam/assets/demo'
import { ensureDashboardApp } from '@glam/auth/apps'
import { ensureTaxonomy } from '@glam/catalog/shipped-taxonomy'
import type { Config, Logger, Platform } from '@glam/core'
import {
  connectDatabase,
  ensureAdminApiKey,
  migrateDatabase,
  type Repositories,
  type SqlDatabase,
  seedDemoData,
} from '@glam/db'
import { createClickHouseBackend, createEventWriter, migrateClickHouse } from '@glam/events'
import { type EmbeddedClickHouse, startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { createLocalPlatform, type LocalPlatform } from './local.ts'
import { createBufferedLogWriter } from './node/log-writer.ts'
import { reportSlugCollisions } from './slug-collisions.ts'

/** The development demo shop's signing secret: documented, so demo server-to-server calls can be signed. */
export const demoShopSecret = 'whsec_demo_shop_development_only_0000000000'

async function hasGlamTables(database: SqlDatabase): Promise<boolean> {
  try {
    await database.db.select({ id: database.t.customers.id }).from(database.t.customers).limit(1)
    return true
  } catch (err) {
    if (/doesn't exist|no such table|ER_NO_SUCH_TABLE/i.test(String((err as Error)?.cause ?? err)))
      return false
    throw err
  }
}

/**
 * The platform of a long-running process (Node or Deno) with its SQL database connected: the embedded SQLite file is migrated at
 * start (a MySQL server is migrated by `npm run migrate`), the shipped product taxonomy loaded
 * when its version is not there yet, demo data seeded when configured, and the configured admin
 * API key ensured.
 */
export async function prepareLocalPlatform(
  runtime: 'node' | 'deno',
  config: Config,
  overrides: Partial<Platform> = {},
): Promise<LocalPlatform> {
  const database = await connectDatabase(config.databaseUrl)
  const writeLog = runtime === 'node' && !overrides.logger ? createBufferedLogWriter().write : undefined
  const platform = createLocalPlatform(
    runtime,
    config,
    { database, ...overrides },
    writeLog ? { writeLog } : {},
  )
  const log: Logger = platform.logger
  if (database.dialect === 'sqlite') {
    await migrateDatabase(database)
    log.info('database.migrated', { dialect: database.dialect })
  } else if (!(await hasGlamTables(database))) {
    await database.close()
    throw new Error(
      'the MySQL database has no Glam tables yet: run `npm run migrate` with the same DATABASE_URL',
    )
  }
  const { repos } = platform
  // The taxonomy this release ships, whatever the dialect (one version query once it is there).
  const taxonomy = await ensureTaxonomy(repos)
  if (taxonomy.loaded) log.info('taxonomy.loaded', { version: taxonomy.version })
  if (config.demoData) {
    await seedDemoData(repos, config.env === 'production' ? {} : { developmentShopSecret: demoShopSecret })
    log.info('database.demo_data', { customer: 'Demo Beauty', links: ['summer-lena', 'summer-mia'] })
    // The shop's product photos and the campaign hero, blobs included (the worker seeds none).
    // Not in tests: their databases start without assets, and a test that wants the pictures
    // calls seedDemoAssets. Missing pictures never stop a start.
    if (config.env !== 'test')
      await seedDemoAssets(platform).then(
        (assets) => log.info('assets.demo_data', { count: assets.length }),
        (error) => log.warn('assets.demo_data_failed', { error }),
      )
  }
  await ensureAdminApiKey(repos, config.adminApiKey)
  // A fresh instance (production included) has the app the API's grants belong to.
  await ensureDashboardApp(repos)
  await reportSlugCollisions(platform).catch((error) => log.warn('links.slug_check_failed', { error }))
  const closers: (() => Promise<void>)[] = []
  let { events, analytics } = platform
  if (config.events === 'clickhouse' && !overrides.events) {
    const started = await startEvents(runtime, config, log, repos)
    events = started.events
    analytics = started.analytics
    closers.push(started.close)
  }
  closers.push(async () => platform.rateLimiter.close?.())
  closers.push(async () => platform.search?.close?.())
  closers.push(async () => platform.ocr?.close())
  closers.push(() => database.close())
  return {
    ...platform,
    events,
    analytics,
    async close() {
      for (const close of closers)
        await close().catch((error) => log.error('platform.close_failed', { error }))
    },
  }
}

/**
 * Events go to ClickHouse through the batched writer, spilling to SQL while it is away. With no
 * CLICKHOUSE_URL, Node starts embedded chDB behind the HTTP front (Deno needs a URL).
 */
async function startEvents(runtime: 'node' | 'deno', config: Config, log: Logger, repos: Repositories) {
  let url = config.clickhouseUrl
  let embedded: EmbeddedClickHouse | undefined
  let recovered: (() => void) | undefined
  if (!url) {
    if (runtime !== 'node')
      throw new Error('set CLICKHOUSE_URL (embedded chDB runs under Node only), or GLAM_EVENTS=memory')
    embedded = await startEmbeddedClickHouse({
      path: config.chdbPath,
      port: config.clickhouseFrontPort,
      logger: log,
      // Restarted when it dies; the writer replays its spill as soon as it answers again.
      supervise: true,
      onRestarted: () => recovered?.(),
    })
    url = embedded.url
  }
  const backend = await createClickHouseBackend({
    url,
    database: config.clickhouseDatabase,
    username: config.clickhouseUser,
    ...(config.clickhousePassword && { password: config.clickhousePassword }),
  })
  const front = embedded
  const events = createEventWriter({
    backend,
    logger: log,
    visitorSecret: config.secret,
    spill: repos.eventSpill,
    rejects: repos.eventRejects,
    // /readyz: the embedded front's restarts beside the writer's backlog.
    ...(front && { healthFields: () => ({ ...front.state() }) }),
  })
  recovered = () => events.retryNow()
  // ClickHouse may be down at start: the writer spills meanwhile; migrations retry until they pass.
  let migrated = false
  const migrate = async () => {
    try {
      const applied = await migrateClickHouse(backend)
      migrated = true
      log.info('clickhouse.migrated', { applied })
    } catch (error) {
      log.warn('clickhouse.migrate_failed', { error })
    }
  }
  await migrate()
  const retry = setInterval(() => (migrated ? clearInterval(retry) : void migrate()), 5_000)
  retry.unref()
  return {
    events,
    analytics: backend,
    async close() {
      clearInterval(retry)
      await events.stop()
      await backend.close()
      await embedded?.stop()
    },
  }
}
