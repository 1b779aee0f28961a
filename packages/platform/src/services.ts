/**
 * Mail and rate limits from configuration, for every runtime: Mailgun when a key is set (else
 * the development outbox), Upstash REST or self-hosted Redis when set (else in memory).
 * The Redis client is passed in by Node/Deno wiring, so the edge bundle never sees ioredis.
 */
import type { Clock, Config, Logger, Mailer, RateLimiter } from '@glam/core'
import { createMailgunMailer, createOutboxMailer } from '@glam/mail'
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
