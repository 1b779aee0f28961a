/**
 * The cache in a self-hosted Redis (containers), over ioredis: one cache shared by every
 * process. Node and Deno only.
 *
 * Keys are `namespace + key` (default namespace `glam:cache:`), so several Glam instances, or
 * other applications, can share one Redis (and one database number) safely; give each its own
 * namespace, and pick namespaces none of which starts another (`a:` and `a:b:` would overlap).
 * A TTL is `SET key value PX ms`; a set without one stores a persistent key (and drops a TTL the
 * key had). Values are JavaScript strings stored as UTF-8: any well-formed string round-trips,
 * NUL and non-ASCII included (a lone UTF-16 surrogate has no UTF-8 form and comes back as U+FFFD).
 *
 * During an outage (Redis down, unreachable, or not answering), nothing waits long and nothing
 * queues: ioredis's offline queue is off, each command has a deadline (`timeoutMs`, default
 * 500 ms), commands in flight when the connection drops fail at once and are not resent later,
 * a connection that stops answering is dropped (after twice the deadline, at least 1 s), and
 * ioredis reconnects in the background (every 2 s at most). Then:
 *  - `get` answers null (a miss), so a reader falls through to the database; the first failure
 *    of an outage is logged (`cache.redis.unavailable`), the rest are not.
 *  - `set` rejects with SERVICE_UNAVAILABLE (503) within the deadline: the value was not
 *    cached. Callers that cache opportunistically catch it (the link cache does).
 *  - `delete` rejects the same way: the entry may still be there when Redis returns (until its
 *    TTL ends), and the caller should know; a caller that can live with that catches it.
 *  - `health` answers `down` with the reason, and never throws.
 * Once the connection is known to be failing, calls fail at once instead of waiting; while it
 * is first connecting or reconnecting they wait for it up to the deadline.
 *
 * Two traps on Redis 7.0: ioredis 6 speaks RESP3 unless told `protocol: 2`, and
 * CLIENT SETINFO arrived in 7.2.
 */
import { type Cache, GlamError, type Logger, type PortHealth } from '@glam/core'
import { Redis } from 'ioredis'
import { checkKey, ttlMilliseconds } from './shared.ts'

export interface RedisCacheOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…` for TLS. */
  url: string
  /** Prefix of every key this cache stores (default `glam:cache:`). */
  namespace?: string
  /** Longest wait for Redis per call, in ms (default 500): connecting, then the command itself. */
  timeoutMs?: number
  logger?: Logger
}

export type RedisCache = Cache & {
  readonly namespace: string
  /** PING with its latency; `down` with the reason when Redis cannot be reached (never throws). */
  health(): Promise<PortHealth>
  /** Closes the connection (graceful shutdown, tests); later calls miss or fail. */
  close(): Promise<void>
}

const namespacePattern = /^[\w.:/-]{1,100}$/

/** Host and port only: the URL may carry a password. */
const describe = (url: URL) => `${url.protocol}//${url.hostname}:${url.port || 6379}`

/** A short, password-free reason: the socket error code, or the first words of the message. */
const reason = (err: unknown) => {
  const e = err as { code?: unknown; message?: unknown }
  if (typeof e?.code === 'string') return e.code
  return String(e?.message ?? err).slice(0, 120)
}

export function createRedisCache(options: RedisCacheOptions): RedisCache {
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    throw new TypeError('Redis cache: url is not a URL (redis://host:port)')
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new TypeError('Redis cache: url must start with redis:// or rediss://')
  }
  const namespace = options.namespace ?? 'glam:cache:'
  if (!namespacePattern.test(namespace)) {
    throw new TypeError(`Redis cache: namespace must match ${namespacePattern}`)
  }
  const timeoutMs = options.timeoutMs ?? 500
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000) {
    throw new TypeError('Redis cache: timeoutMs must be an integer from 1 to 60000')
  }
  const where = describe(url)
  const logger = options.logger

  const redis = new Redis(options.url, {
    protocol: 2,
    disableClientInfo: true,
    // Connect on first use: a Redis that is down at start makes /readyz say so, not a crash.
    lazyConnect: true,
    connectTimeout: Math.max(timeoutMs, 1000),
    commandTimeout: timeoutMs,
    // No queue while disconnected (it grows with traffic and replays stale writes later), no
    // replay of commands that were in flight when the connection dropped, and those fail at
    // once (0 retries) instead of waiting for a reconnect.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    // A connection that takes commands but answers nothing is dropped and made again.
    socketTimeout: Math.max(2 * timeoutMs, 1000),
    enableAutoPipelining: true,
  })

  // The current outage's reason, from ioredis's error events; cleared when the connection is ready.
  let failing: string | undefined
  let reported = false
  const report = (operation: string, err: unknown) => {
    if (reported) return
    reported = true
    logger?.warn('cache.redis.unavailable', { where, operation, error: why(err) })
  }
  // Without a listener ioredis prints every reconnect failure.
  redis.on('error', (err: unknown) => {
    failing = reason(err)
  })
  redis.on('ready', () => {
    if (reported) logger?.info('cache.redis.recovered', { where })
    failing = undefined
    reported = false
  })

  // The answer a client may see says no more than this; the reason is the error's cause.
  const unavailable = (detail: string, cause?: unknown) =>
    new GlamError('SERVICE_UNAVAILABLE', 'The cache is unavailable; try again later.', {
      cause: new Error(`Redis at ${where}: ${detail}`, { cause }),
      headers: { 'Retry-After': '1' },
    })
  /** The reason behind a failure, for logs and health: `unavailable`'s detail, or the error's own. */
  const why = (err: unknown) =>
    err instanceof GlamError && err.cause instanceof Error
      ? err.cause.message.slice(`Redis at ${where}: `.length)
      : reason(err)

  /** One wait for the connection, shared by every caller, bounded by the deadline. */
  let waiting: Promise<void> | undefined
  const waitReady = () => {
    waiting ??= new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer)
        redis.off('ready', onReady)
        redis.off('error', onError)
        redis.off('end', onEnd)
        waiting = undefined
        if (err) reject(err)
        else resolve()
      }
      const onReady = () => done()
      const onError = (err: unknown) => done(unavailable(reason(err), err))
      const onEnd = () => done(unavailable('connection closed'))
      const timer = setTimeout(() => done(unavailable(`no connection within ${timeoutMs} ms`)), timeoutMs)
      redis.on('ready', onReady)
      redis.on('error', onError)
      redis.on('end', onEnd)
    })
    return waiting
  }

  /** Resolves when a command can be sent; rejects at once during a known outage. */
  const connected = async () => {
    if (redis.status === 'ready') return
    if (redis.status === 'end') throw unavailable('the cache was closed')
    if (redis.status === 'wait') redis.connect().catch(() => undefined)
    if (failing !== undefined) throw unavailable(failing)
    await waitReady()
  }

  /** Runs a command; any failure becomes SERVICE_UNAVAILABLE (and is reported once per outage). */
  const command = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      await connected()
      const result = await run()
      reported = false
      return result
    } catch (err) {
      report(operation, err)
      throw err instanceof GlamError ? err : unavailable(reason(err), err)
    }
  }

  return {
    adapter: 'redis',
    namespace,
    async get(key) {
      checkKey(key)
      // A cache that cannot answer is a miss: the reader falls through to the source of truth.
      return command('get', () => redis.get(namespace + key)).catch(() => null)
    },
    async set(key, value, opts) {
      checkKey(key)
      const ttl = ttlMilliseconds(opts)
      if (typeof value !== 'string') throw new TypeError('cache values are strings')
      await command('set', () =>
        ttl === undefined ? redis.set(namespace + key, value) : redis.set(namespace + key, value, 'PX', ttl),
      )
    },
    async delete(key) {
      checkKey(key)
      await command('delete', () => redis.del(namespace + key))
    },
    async health(): Promise<PortHealth> {
      try {
        await connected()
        const started = performance.now()
        const pong = await redis.ping()
        const latencyMs = Math.round((performance.now() - started) * 100) / 100
        return pong === 'PONG'
          ? { status: 'ok', latencyMs, namespace, detail: `Redis at ${where} (shared by every process)` }
          : { status: 'degraded', latencyMs, namespace, detail: `unexpected PING answer from ${where}` }
      } catch (err) {
        return { status: 'down', namespace, detail: `Redis at ${where} is unreachable: ${why(err)}` }
      }
    },
    async close() {
      if (redis.status === 'end') return
      if (redis.status === 'wait') {
        redis.disconnect()
        return
      }
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}
