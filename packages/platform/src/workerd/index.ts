/**
 * @module @glam/platform/workerd
 * Cloudflare Workers wiring: the platform built from bindings once per isolate, with
 * `waitUntil` as background work per request.
 *
 * ```ts
 * export default createWorker()
 * ```
 */

import { ensureDashboardApp } from '@glam/auth/apps'
import type { R2BucketLike } from '@glam/blobs/r2'
import type { KvNamespaceLike } from '@glam/cache/kv'
import {
  type Config,
  ConfigError,
  createLocalState,
  createLogger,
  type Platform,
  parseConfig,
  secretsFromConfig,
} from '@glam/core'
import { connectD1, type D1DatabaseLike } from '@glam/db/d1'
import { ensureAdminApiKey, seedDemoData } from '@glam/db/demo'
import { createRepositoryPort, isSqlDatabase } from '@glam/db/repositories/index'
import { runCronTrigger } from '@glam/jobs/scheduler'
import { outboxOf } from '@glam/mail'
import type { D1Like } from '@glam/search/fts5'
import { createSearchFromConfig } from '@glam/search-api/platform'
import type { Hono } from 'hono'
import { createGlamApp } from '../app.ts'
import { shortlinkResponse } from '../fast-path.ts'
import { jobCatalogue } from '../functions.ts'
import { createMemoryEventSink, createNoAnalytics, createNoDatabase } from '../memory/index.ts'
import {
  createBlobStoreFromConfig,
  createCacheFromConfig,
  createMailerFromConfig,
  createRateLimiterFromConfig,
  withSuppressionList,
} from '../services.ts'
import { reportSlugCollisions } from '../slug-collisions.ts'
import {
  consumeSpilledEvents,
  createEdgeBackend,
  createEdgeEvents,
  type EdgeEventsBindings,
  type QueueBatchLike,
  type QueueLike,
} from './events.ts'
import { type AssetsBindingLike, createAssetsWebFiles } from './web-files.ts'

export interface WorkerBindings {
  /** Workers KV for the link cache and other small values. */
  CACHE?: KvNamespaceLike
  /** R2 bucket for uploaded originals. */
  BLOBS?: R2BucketLike
  /** D1 database (migrations/sqlite, applied with `wrangler d1 migrations apply DB`). */
  DB?: D1DatabaseLike
  /** Durable spill for analytics events while ClickHouse is unreachable; consumed by `queue()`. */
  EVENTS_QUEUE?: QueueLike
  /** D1 database of the product search index (FTS5): its own, rebuilt from the catalogue. */
  SEARCH_DB?: D1Like
  /** Workers static assets: the built web apps (the dashboard at `/app/`). */
  ASSETS?: AssetsBindingLike
  [name: string]: unknown
}

export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException?(): void
}

export interface ScheduledControllerLike {
  cron: string
  scheduledTime: number
}

function configFrom(env: WorkerBindings): Config {
  const strings: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') strings[k] = v
  return parseConfig(strings)
}

const searchOf = (config: Config, logger: Platform['logger'], d1: D1Like | undefined) => {
  const search = d1 ? createSearchFromConfig(config, logger, { d1 }) : undefined
  return search ? { search } : {}
}

export function createWorkerdPlatform(
  env: WorkerBindings,
  config = configFrom(env),
): Omit<Platform, 'background'> {
  const logger = createLogger({ level: config.logLevel, bindings: { runtime: 'workerd' } })
  const clock = { now: () => new Date() }
  const eventsBackend =
    config.events === 'clickhouse' ? createEdgeBackend(env as EdgeEventsBindings) : undefined
  const database = env.DB ? connectD1(env.DB) : createNoDatabase()
  const secrets = secretsFromConfig(config)
  const repos = createRepositoryPort({
    database,
    now: () => clock.now(),
    masterKey: () => secrets.require('GLAM_MASTER_KEY'),
  })
  const adapter = createMailerFromConfig(config, logger, clock)
  const outbox = outboxOf(adapter)
  const mailer = withSuppressionList(adapter, database, repos, logger, clock)
  return {
    runtime: 'workerd',
    config,
    logger,
    clock,
    database,
    events: eventsBackend
      ? createEdgeEvents(eventsBackend, env.EVENTS_QUEUE, logger, config.secret)
      : createMemoryEventSink(),
    analytics: eventsBackend ?? createNoAnalytics(),
    repos,
    cache: createCacheFromConfig(config, env.CACHE ? { kv: env.CACHE } : {}),
    blobs: createBlobStoreFromConfig(config, logger, env.BLOBS ? { r2: env.BLOBS } : {}),
    mailer,
    rateLimiter: createRateLimiterFromConfig(config, logger, clock),
    secrets,
    local: createLocalState(),
    ...(outbox && { outbox }),
    ...(env.ASSETS && { webFiles: createAssetsWebFiles(env.ASSETS) }),
    ...searchOf(config, logger, env.SEARCH_DB),
  }
}

let queueBackend: { env: WorkerBindings; backend: ReturnType<typeof createEdgeBackend> } | undefined
const eventsBackendOf = (env: WorkerBindings) => {
  if (queueBackend?.env !== env) queueBackend = { env, backend: createEdgeBackend(env as EdgeEventsBindings) }
  return queueBackend.backend
}

/**
 * Like `npm start` on Node: with GLAM_DEMO_DATA (development) the demo records and the
 * configured admin key are ensured once per isolate, before its first request is served.
 */
async function prepareData(base: Omit<Platform, 'background'>): Promise<void> {
  if (!isSqlDatabase(base.database)) return
  const { repos } = base
  try {
    if (base.config.demoData) await seedDemoData(repos)
    await ensureAdminApiKey(repos, base.config.adminApiKey)
    await ensureDashboardApp(repos)
    await reportSlugCollisions(base).catch((error) => base.logger.warn('links.slug_check_failed', { error }))
  } catch (error) {
    // An unmigrated D1 (`wrangler d1 migrations apply DB` not run yet): serve what can be served.
    base.logger.error('database.prepare_failed', { error })
  }
}

/** A module worker: `fetch` serves the Glam app, `scheduled` runs the edge-safe jobs. */
export function createWorker() {
  let isolate:
    | { app: Hono<{ Bindings: WorkerBindings }>; base: Omit<Platform, 'background'>; ready: Promise<void> }
    | undefined
  const boot = (env: WorkerBindings) => {
    if (isolate) return isolate
    const base = createWorkerdPlatform(env)
    const app = createGlamApp({
      config: base.config,
      platform: (c) => {
        const ctx = c.executionCtx
        return { ...base, background: (work) => ctx.waitUntil(work) }
      },
    }) as unknown as Hono<{ Bindings: WorkerBindings }>
    isolate = { app, base, ready: prepareData(base) }
    return isolate
  }
  return {
    async fetch(request: Request, env: WorkerBindings, ctx: ExecutionContextLike): Promise<Response> {
      try {
        const { app, base, ready } = boot(env)
        await ready
        // Shortlink clicks skip Hono's routing and context (../fast-path.ts); the rest is the Glam app.
        const response =
          (await shortlinkResponse({ ...base, background: (work) => ctx.waitUntil(work) }, request)) ??
          (await app.fetch(request, env, ctx as never))
        // No timers between requests on the edge: what this request recorded leaves now.
        ctx.waitUntil(
          base.events.flush().catch((error) => base.logger.error('events.flush_failed', { error })),
        )
        return response
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err
        console.error(JSON.stringify({ level: 'error', event: 'config.invalid', problems: err.problems }))
        return Response.json(
          { error: { code: 'SERVICE_UNAVAILABLE', message: 'Invalid configuration.' } },
          { status: 503 },
        )
      }
    },
    /** Delivers analytics events that were spilled to the queue while ClickHouse was away. */
    async queue(batch: QueueBatchLike, env: WorkerBindings) {
      const { base } = boot(env)
      await consumeSpilledEvents(batch, eventsBackendOf(env), base.logger)
    },
    async scheduled(controller: ScheduledControllerLike, env: WorkerBindings, ctx: ExecutionContextLike) {
      const { base } = boot(env)
      const platform: Platform = { ...base, background: (work) => ctx.waitUntil(work) }
      base.logger.info('scheduled.tick', { cron: controller.cron, scheduledTime: controller.scheduledTime })
      const outcomes = await runCronTrigger(platform, jobCatalogue, controller.cron, controller.scheduledTime)
      base.logger.info('scheduled.done', { cron: controller.cron, runs: outcomes.map((o) => o.status) })
      ctx.waitUntil(base.events.flush())
    },
  }
}
