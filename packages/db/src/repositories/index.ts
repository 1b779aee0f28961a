import type { Platform } from '@glam/core'
import type { SqlDatabase } from '../database.ts'
import { apiKeysRepository } from './api-keys.ts'
import { appsRepository } from './apps.ts'
import { auditRepository } from './audit.ts'
import { batchRepository } from './batch.ts'
import { campaignsRepository } from './campaigns.ts'
import type { RepoContext } from './context.ts'
import { couponsRepository } from './coupons.ts'
import { customersRepository } from './customers.ts'
import { eventRejectsRepository } from './event-rejects.ts'
import { eventSpillRepository } from './event-spill.ts'
import { influencersRepository } from './influencers.ts'
import { jobsRepository } from './jobs.ts'
import { linksRepository } from './links.ts'
import { loginCodesRepository } from './login-codes.ts'
import { ordersRepository } from './orders.ts'
import { productsRepository } from './products.ts'
import { replayGuardRepository } from './replay-guard.ts'
import { sessionsRepository } from './sessions.ts'
import { shopsRepository } from './shops.ts'
import { signingKeysRepository } from './signing-keys.ts'
import { usersRepository } from './users.ts'

export function createRepositories(context: RepoContext) {
  return {
    customers: customersRepository(context),
    shops: shopsRepository(context),
    influencers: influencersRepository(context),
    campaigns: campaignsRepository(context),
    links: linksRepository(context),
    orders: ordersRepository(context),
    coupons: couponsRepository(context),
    replayGuard: replayGuardRepository(context),
    products: productsRepository(context),
    users: usersRepository(context),
    apiKeys: apiKeysRepository(context),
    apps: appsRepository(context),
    loginCodes: loginCodesRepository(context),
    sessions: sessionsRepository(context),
    signingKeys: signingKeysRepository(context),
    audit: auditRepository(context),
    batch: batchRepository(context),
    jobs: jobsRepository(context),
    eventSpill: eventSpillRepository(context),
    eventRejects: eventRejectsRepository(context),
  }
}
export type Repositories = ReturnType<typeof createRepositories>

const cache = new WeakMap<object, Repositories>()

/** The repositories over a platform's SQL database (built once per database). */
export function repositoriesOf(platform: Platform): Repositories {
  const database = platform.database as SqlDatabase
  if (!('db' in database)) throw new Error('no SQL database is configured on this platform')
  let repos = cache.get(database)
  if (!repos) {
    repos = createRepositories({
      database,
      now: () => platform.clock.now(),
      masterKey: platform.secrets.require('GLAM_MASTER_KEY'),
    })
    cache.set(database, repos)
  }
  return repos
}
