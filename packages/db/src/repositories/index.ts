import type { Database, Platform } from '@glam/core'
import type { SqlDatabase } from '../database.ts'
import { alertsRepository } from './alerts.ts'
import { apiKeysRepository } from './api-keys.ts'
import { appsRepository } from './apps.ts'
import { assetsRepository } from './assets.ts'
import { auditRepository } from './audit.ts'
import { batchRepository } from './batch.ts'
import { campaignsRepository } from './campaigns.ts'
import { catalogRepository } from './catalog.ts'
import type { RepoContext } from './context.ts'
import { couponsRepository } from './coupons.ts'
import { customersRepository } from './customers.ts'
import { eventRejectsRepository } from './event-rejects.ts'
import { eventSpillRepository } from './event-spill.ts'
import { fxRatesRepository } from './fx-rates.ts'
import { influencersRepository } from './influencers.ts'
import { jobsRepository } from './jobs.ts'
import { leasesRepository } from './leases.ts'
import { linksRepository } from './links.ts'
import { loginCodesRepository } from './login-codes.ts'
import { mailRepository } from './mail.ts'
import { newsletterRepository } from './newsletter.ts'
import { ordersRepository } from './orders.ts'
import { productImagesRepository } from './product-images.ts'
import { productsRepository } from './products.ts'
import { replayGuardRepository } from './replay-guard.ts'
import { searchSynonymsRepository } from './search-synonyms.ts'
import { sessionsRepository } from './sessions.ts'
import { shareLinksRepository } from './share-links.ts'
import { shopsRepository } from './shops.ts'
import { signingKeysRepository } from './signing-keys.ts'
import { storyInsightsRepository } from './story-insights.ts'
import { taxonomyRepository } from './taxonomy.ts'
import { usersRepository } from './users.ts'
import { webhooksRepository } from './webhooks.ts'

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
    productImages: productImagesRepository(context),
    catalog: catalogRepository(context),
    taxonomy: taxonomyRepository(context),
    users: usersRepository(context),
    apiKeys: apiKeysRepository(context),
    apps: appsRepository(context),
    loginCodes: loginCodesRepository(context),
    sessions: sessionsRepository(context),
    signingKeys: signingKeysRepository(context),
    audit: auditRepository(context),
    batch: batchRepository(context),
    jobs: jobsRepository(context),
    leases: leasesRepository(context),
    eventSpill: eventSpillRepository(context),
    eventRejects: eventRejectsRepository(context),
    assets: assetsRepository(context),
    webhooks: webhooksRepository(context),
    fxRates: fxRatesRepository(context),
    shareLinks: shareLinksRepository(context),
    searchSynonyms: searchSynonymsRepository(context),
    storyInsights: storyInsightsRepository(context),
    mail: mailRepository(context),
    newsletter: newsletterRepository(context),
    alerts: alertsRepository(context),
  }
}
export type Repositories = ReturnType<typeof createRepositories>

declare module '@glam/core' {
  /** `platform.repos`: the repositories over the platform's SQL database. */
  interface RepositoryPort extends Repositories {}
}

/** True when a platform's database port is one of ours (SQLite, MySQL, D1), not the placeholder. */
export const isSqlDatabase = (database: Database): database is SqlDatabase =>
  'db' in database && 't' in database

/**
 * The `repos` port for a platform: built on first use over its SQL database (so the master key is
 * asked for only when a repository is), or, without one, a port whose every repository says so.
 */
export function createRepositoryPort(source: {
  database: Database
  now: () => Date
  masterKey: () => string
}): Repositories {
  const { database } = source
  let repos: Repositories | undefined
  const build = (): Repositories => {
    if (!isSqlDatabase(database)) throw new Error('no SQL database is configured on this platform')
    repos ??= createRepositories({ database, now: source.now, masterKey: source.masterKey() })
    return repos
  }
  return new Proxy({} as Repositories, {
    get: (_target, name) => build()[name as keyof Repositories],
    has: (_target, name) => name in build(),
  })
}

/** The repositories of a platform (its `repos` port). */
export const repositoriesOf = (platform: Platform): Repositories => platform.repos
