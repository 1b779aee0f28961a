import type { Config, Logger, Platform } from '@glam/core'
import {
  connectDatabase,
  createRepositories,
  ensureAdminApiKey,
  migrateDatabase,
  type SqlDatabase,
  seedDemoData,
} from '@glam/db'
import { createLocalPlatform, type LocalPlatform } from './local.ts'
import { createBufferedLogWriter } from './node/log-writer.ts'

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
 * start (a MySQL server is migrated by `npm run migrate`), demo data seeded when configured,
 * and the configured admin API key ensured.
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
  const repos = createRepositories({ database, now: () => platform.clock.now(), masterKey: config.masterKey })
  if (config.demoData) {
    await seedDemoData(repos, config.env === 'production' ? {} : { developmentShopSecret: demoShopSecret })
    log.info('database.demo_data', { customer: 'Demo Beauty', links: ['summer-lena', 'summer-mia'] })
  }
  await ensureAdminApiKey(repos, config.adminApiKey)
  return platform
}
