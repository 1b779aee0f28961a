/**
 * Mail, rate limits, blobs and the cache from configuration, for every runtime: Mailgun when a
 * key is set (else the development outbox), Upstash REST or self-hosted Redis when set (else in
 * memory), blobs on the filesystem, S3 or R2, the cache in Redis, KV or an LRU. Node-only
 * adapters (ioredis, node:fs) are passed in by Node/Deno wiring, so the edge bundle never sees
 * them.
 */
import { createMemoryBlobStore } from '@glam/blobs/memory'
import { createR2BlobStore, type R2BucketLike } from '@glam/blobs/r2'
import { createS3BlobStore } from '@glam/blobs/s3'
import { createKvCache, type KvNamespaceLike } from '@glam/cache/kv'
import { createMemoryCache } from '@glam/cache/memory'
import type { BlobStore, Cache, Clock, Config, Database, Logger, Mailer, RateLimiter } from '@glam/core'
import { isSqlDatabase, type Repositories } from '@glam/db/repositories/index'
import { createMailgunMailer, createOutboxMailer, withSuppressions } from '@glam/mail'
import { createMemoryRateLimiter, createUpstashRestRateLimiter } from '@glam/ratelimit'

export function createMailerFromConfig(config: Config, logger: Logger, clock: Clock): Mailer {
  if (!config.mailgunApiKey) return createOutboxMailer({ logger, now: () => clock.now() })
  return createMailgunMailer({
    apiKey: config.mailgunApiKey,
    domain: config.mailgunDomain!,
    from: config.mailFrom,
    region: config.mailgunRegion,
    ...(config.mailgunBaseUrl && { baseUrl: config.mailgunBaseUrl }),
    logger,
  })
}

export function createRateLimiterFromConfig(
  config: Config,
  logger: Logger,
  clock: Clock,
  redis?: (url: string) => RateLimiter,
): RateLimiter {
  if (config.upstashRedisRestUrl) {
    return createUpstashRestRateLimiter({
      url: config.upstashRedisRestUrl,
      token: config.upstashRedisRestToken!,
      keySecret: config.secret,
      logger,
    })
  }
  if (config.redisUrl) {
    if (!redis) throw new Error('REDIS_URL is not supported on this runtime: use UPSTASH_REDIS_REST_URL')
    return redis(config.redisUrl)
  }
  return createMemoryRateLimiter({ now: () => clock.now().getTime() })
}

/** What a runtime can offer beyond web APIs: Node's filesystem, the worker's R2 binding. */
export interface BlobSources {
  fs?: (dir: string) => BlobStore
  r2?: R2BucketLike
}

export function createBlobStoreFromConfig(config: Config, logger: Logger, sources: BlobSources): BlobStore {
  switch (config.blobs) {
    case 's3':
      return createS3BlobStore({
        ...(config.s3Endpoint && { endpoint: config.s3Endpoint }),
        bucket: config.s3Bucket!,
        region: config.s3Region,
        accessKeyId: config.s3AccessKeyId!,
        secretAccessKey: config.s3SecretAccessKey!,
        forcePathStyle: config.s3ForcePathStyle,
      })
    case 'r2':
      if (!sources.r2) throw new Error("GLAM_BLOBS=r2 needs the worker's BLOBS binding (R2)")
      return createR2BlobStore(sources.r2)
    case 'fs':
      if (sources.fs) return sources.fs(config.blobsDir)
      if (sources.r2) return createR2BlobStore(sources.r2)
      if (config.env === 'production')
        throw new Error(
          'GLAM_BLOBS=fs is not available on this runtime: bind BLOBS (R2) or set GLAM_BLOBS=s3',
        )
      logger.warn('blobs.memory', {
        reason: 'no filesystem or R2 binding on this runtime: blobs are lost on restart',
      })
      return createMemoryBlobStore()
    case 'memory':
      return createMemoryBlobStore()
  }
}

/** What a runtime can offer for the cache: a Redis client (Node, Deno), the worker's KV binding. */
export interface CacheSources {
  redis?: (url: string) => Cache
  kv?: KvNamespaceLike
}

/** The LRU keeps its own (real) time, as a shared cache would. */
export function createCacheFromConfig(config: Config, sources: CacheSources): Cache {
  const kind = config.cache ?? (config.redisUrl && sources.redis ? 'redis' : sources.kv ? 'kv' : 'memory')
  if (kind === 'redis') {
    if (!config.redisUrl || !sources.redis)
      throw new Error('GLAM_CACHE=redis needs REDIS_URL and a runtime with a Redis client (Node, Deno)')
    return sources.redis(config.redisUrl)
  }
  if (kind === 'kv') {
    if (!sources.kv) throw new Error("GLAM_CACHE=kv needs the worker's CACHE binding (Workers KV)")
    return createKvCache(sources.kv)
  }
  return createMemoryCache()
}

/**
 * The mailer every function gets: the adapter behind the suppression list (every send skips
 * suppressed addresses and records the skip). A platform without a SQL database has no list.
 */
export function withSuppressionList(
  mailer: Mailer,
  database: Database,
  repos: Repositories,
  logger: Logger,
  clock: Clock,
): Mailer {
  if (!isSqlDatabase(database)) return mailer
  return withSuppressions(mailer, {
    suppressedAmong: (emails) => repos.mail.suppressedAmong(emails),
    skipped: async (email, tags) => {
      await repos.mail.recordEvent({
        event: 'skipped',
        email,
        severity: null,
        reason: `suppressed${tags.length ? ` (${tags.join(', ')})` : ''}`,
        messageId: null,
        occurredAt: clock.now(),
      })
    },
    logger,
  })
}
