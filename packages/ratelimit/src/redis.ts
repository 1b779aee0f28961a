/**
 * Rate limits in a self-hosted Redis (containers): `@upstash/ratelimit` over an ioredis
 * connection, wrapped as the redis-like client the library accepts. Node and Deno only.
 *
 * Two traps on Redis 7.0 (see STACK.md): the library's Lua scripts start with
 * `#!lua flags=allow-key-locking`, a flag 7.0 refuses, so the shebang line is stripped;
 * and ioredis 6 speaks RESP3 unless told `protocol: 2`.
 */
import { createHash } from 'node:crypto'
import { Redis } from 'ioredis'
import type { PolicyRateLimiter } from './policy.ts'
import {
  checkSharedOptions,
  createSharedRateLimiter,
  type ScriptingClient,
  type SharedLimiterOptions,
} from './shared.ts'

export interface RedisRateLimiterOptions extends SharedLimiterOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. */
  url: string
}

export type RedisRateLimiter = PolicyRateLimiter & {
  /** Closes the connection (tests, graceful shutdown). */
  close(): Promise<void>
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

/** Drops a leading `#!lua …` line; a script without one is returned as it is. */
export const stripScriptFlags = (script: string) => script.replace(/^\s*#!lua[^\n]*\n/, '')

const toArg = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'string'
      ? value
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value)

/**
 * The redis-like client `@upstash/ratelimit` needs, on ioredis. The library calls
 * `evalsha(itsHash)` and falls back to `eval(script)` on NOSCRIPT; since the script Redis runs
 * is the stripped one, its hash differs: the map sends later EVALSHAs to the stripped script's hash.
 */
export function scriptingClient(redis: Redis): ScriptingClient {
  const strippedSha = new Map<string, string>()
  return {
    async evalsha(sha, keys, args) {
      return redis.evalsha(strippedSha.get(sha) ?? sha, keys.length, ...keys, ...args.map(toArg))
    },
    async eval(script, keys, args) {
      const stripped = stripScriptFlags(script)
      const result = await redis.eval(stripped, keys.length, ...keys, ...args.map(toArg))
      strippedSha.set(sha1(script), sha1(stripped))
      return result
    },
    async get(key) {
      return redis.get(key)
    },
    async set(key, value) {
      return redis.set(key, toArg(value))
    },
  }
}

/** Host and port only: the URL may carry a password. */
function describe(url: URL) {
  return `${url.protocol}//${url.hostname}:${url.port || 6379}`
}

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const { timeoutMs } = checkSharedOptions(options)
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    throw new TypeError('Redis rate limiter: url is not a URL (redis://host:port)')
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new TypeError('Redis rate limiter: url must start with redis:// or rediss://')
  }
  const where = describe(url)
  const redis = new Redis(options.url, {
    protocol: 2,
    // Connect on first use: a Redis that is down at start makes /readyz report it, not a crash.
    lazyConnect: true,
    connectTimeout: Math.max(timeoutMs, 1000),
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    // CLIENT SETINFO arrived in Redis 7.2.
    disableClientInfo: true,
  })
  // Without a listener ioredis prints every reconnect failure; log the first of each outage.
  let failing = false
  redis.on('error', (err: Error & { code?: string }) => {
    if (failing) return
    failing = true
    options.logger?.warn('ratelimit.redis.error', { where, error: err.code ?? err.name })
  })
  redis.on('ready', () => {
    failing = false
  })
  const limiter = createSharedRateLimiter({
    ...options,
    adapter: 'redis',
    client: scriptingClient(redis),
    async health() {
      const pong = await redis.ping()
      return pong === 'PONG'
        ? { status: 'ok', detail: `Redis at ${where} (shared by every process)` }
        : { status: 'degraded', detail: `unexpected PING answer from ${where}` }
    },
  })
  return {
    ...limiter,
    async close() {
      if (redis.status === 'end') return
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
