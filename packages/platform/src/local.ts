import { type Config, createLogger, type Platform, secretsFromConfig } from '@glam/core'
import { createRedisRateLimiter } from '@glam/ratelimit/redis'
import { createBackgroundTracker } from './background.ts'
import {
  createMemoryBlobStore,
  createMemoryCache,
  createMemoryEventSink,
  createNoDatabase,
} from './memory/index.ts'
import { createMailerFromConfig, createRateLimiterFromConfig } from './services.ts'

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
  return {
    runtime,
    config,
    logger,
    clock,
    database: createNoDatabase(),
    events: createMemoryEventSink(),
    cache: createMemoryCache(),
    blobs: createMemoryBlobStore(),
    mailer: createMailerFromConfig(config, logger, clock),
    rateLimiter: createRateLimiterFromConfig(config, logger, clock, (url) =>
      createRedisRateLimiter({ url, keySecret: config.secret, logger }),
    ),
    secrets: secretsFromConfig(config),
    background: tracker.run,
    drain: tracker.drain,
    ...overrides,
  }
}
