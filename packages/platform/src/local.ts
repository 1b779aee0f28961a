import { createFsBlobStore } from '@glam/blobs/fs'
import { createRedisCache } from '@glam/cache/redis'
import { type Config, createLocalState, createLogger, type Platform, secretsFromConfig } from '@glam/core'
import { createRepositoryPort } from '@glam/db/repositories/index'
import { outboxOf } from '@glam/mail'
import { createRedisRateLimiter } from '@glam/ratelimit/redis'
import { openLibsql } from '@glam/search/fts5/libsql'
import { createSearchFromConfig } from '@glam/search-api/platform'
import { createBackgroundTracker } from './background.ts'
import { createMemoryEventSink, createNoAnalytics, createNoDatabase } from './memory/index.ts'
import { createFsAccelFiles } from './node/accel.ts'
import { createLazyImages } from './node/images.ts'
import { createLazyOcr } from './node/ocr.ts'
import { createFsWebFiles } from './node/web-files.ts'
import {
  createBlobStoreFromConfig,
  createCacheFromConfig,
  createMailerFromConfig,
  createRateLimiterFromConfig,
  withSuppressionList,
} from './services.ts'

const searchPort = (config: Config, logger: Platform['logger'], overrides: Partial<Platform>) => {
  if ('search' in overrides) return {}
  const search = createSearchFromConfig(config, logger, { libsql: openLibsql })
  return search ? { search } : {}
}

export interface LocalPlatform extends Platform {
  /** Waits for background work; false if the deadline passed first. */
  drain(timeoutMs: number): Promise<boolean>
  /** Flushes events (or spills them), stops owned child processes, closes connections. */
  close?(): Promise<void>
}

/**
 * The platform for a long-running process (a Node container or a Deno server), from
 * parsed configuration. Adapters that are not configured yet are the in-memory ones.
 */
export function createLocalPlatform(
  runtime: 'node' | 'deno',
  config: Config,
  overrides: Partial<Platform> = {},
  options: { writeLog?: (line: string) => void } = {},
): LocalPlatform {
  const logger =
    overrides.logger ??
    createLogger({
      level: config.logLevel,
      bindings: { runtime },
      ...(options.writeLog && { write: options.writeLog }),
    })
  const clock = overrides.clock ?? { now: () => new Date() }
  const tracker = createBackgroundTracker(logger)
  const secrets = overrides.secrets ?? secretsFromConfig(config)
  const database = overrides.database ?? createNoDatabase()
  const repos = createRepositoryPort({
    database,
    now: () => clock.now(),
    masterKey: () => secrets.require('GLAM_MASTER_KEY'),
  })
  const adapter = overrides.mailer ?? createMailerFromConfig(config, logger, clock)
  const outbox = 'outbox' in overrides ? overrides.outbox : outboxOf(adapter)
  const mailer = withSuppressionList(adapter, database, repos, logger, clock)
  return {
    runtime,
    config,
    logger,
    clock,
    database,
    events: createMemoryEventSink(),
    analytics: createNoAnalytics(),
    repos,
    cache:
      overrides.cache ?? createCacheFromConfig(config, { redis: (url) => createRedisCache({ url, logger }) }),
    blobs:
      overrides.blobs ??
      createBlobStoreFromConfig(config, logger, { fs: (dir) => createFsBlobStore({ dir }) }),
    rateLimiter: createRateLimiterFromConfig(config, logger, clock, (url) =>
      createRedisRateLimiter({ url, keySecret: config.secret, logger }),
    ),
    secrets,
    local: createLocalState(),
    ...(runtime === 'node' && {
      images: createLazyImages({
        maxPixels: config.assetMaxPixels ?? 100_000_000,
        timeoutSeconds: config.imageTimeBudgetSeconds,
        maxQueue: config.imageQueue,
        ...(config.imageConcurrency > 0 && { concurrency: config.imageConcurrency }),
      }),
      ocr: createLazyOcr({
        workers: config.ocrWorkers,
        maxQueue: config.ocrQueue,
        timeoutSeconds: config.ocrTimeoutSeconds,
        germanModel: config.ocrGermanModel,
        logger: logger.child({ port: 'ocr' }),
      }),
    }),
    ...(config.assetsAccel === 'nginx' && {
      accel: createFsAccelFiles({ dir: config.assetsAccelDir, location: config.assetsAccelLocation }),
    }),
    webFiles: createFsWebFiles(),
    ...searchPort(config, logger, overrides),
    background: tracker.run,
    drain: tracker.drain,
    ...overrides,
    mailer,
    ...(outbox && { outbox }),
  }
}
