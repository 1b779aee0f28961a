/**
 * The shared backends' common core: one `@upstash/ratelimit` instance per policy over any
 * redis-like client (Upstash REST or a Redis connection), keys hashed before they leave the
 * process, a deadline per call, and backend failures turned into SERVICE_UNAVAILABLE.
 */
import { GlamError, type Logger, type PortHealth } from '@glam/core'
import { Ratelimit } from '@upstash/ratelimit'
import { type CheckedPolicy, checkKey, checkPolicy, type PolicyRateLimiter } from './policy.ts'

/** What `@upstash/ratelimit` calls on its client with our settings (no analytics, no deny list). */
export interface ScriptingClient {
  evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown>
  eval(script: string, keys: string[], args: unknown[]): Promise<unknown>
  get(key: string): Promise<unknown>
  set(key: string, value: unknown): Promise<unknown>
}

type RatelimitRedis = ConstructorParameters<typeof Ratelimit>[0]['redis']

/** Options every shared backend accepts. */
export interface SharedLimiterOptions {
  /** Prefix of every Redis key; default `glam:rl`. */
  prefix?: string
  /** Longest wait for the backend per call, in ms (default 1000). */
  timeoutMs?: number
  /**
   * What a call answers when the backend fails or is late: `false` (default) throws
   * SERVICE_UNAVAILABLE (503), so a limit is never silently off; `true` lets the call pass
   * and logs a warning (for limits that protect capacity, not accounts).
   */
  failOpen?: boolean
  /**
   * Keys are hashed (SHA-256) before they reach Redis, so addresses and IPs are not stored
   * or echoed in backend errors. With a secret the hash is an HMAC (not reversible by guessing).
   */
  keySecret?: string
  /** Most distinct policies kept as Ratelimit instances (default 256). */
  maxPolicies?: number
  logger?: Logger
}

export interface SharedLimiterParts extends SharedLimiterOptions {
  adapter: string
  client: ScriptingClient
  health: () => Promise<PortHealth>
}

const prefixPattern = /^[\w.:-]{1,64}$/

/** Checks the options every shared backend takes; throws a TypeError naming the bad one. */
export function checkSharedOptions(options: SharedLimiterOptions) {
  const prefix = options.prefix ?? 'glam:rl'
  if (!prefixPattern.test(prefix)) throw new TypeError(`prefix must match ${prefixPattern}`)
  const timeoutMs = options.timeoutMs ?? 1000
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000) {
    throw new TypeError('timeoutMs must be an integer from 1 to 60000')
  }
  const maxPolicies = options.maxPolicies ?? 256
  if (!Number.isInteger(maxPolicies) || maxPolicies < 1) throw new TypeError('maxPolicies must be positive')
  if (options.keySecret !== undefined && options.keySecret.length < 16) {
    throw new TypeError('keySecret must be at least 16 characters')
  }
  return { prefix, timeoutMs, maxPolicies }
}

const toBase64Url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes).subarray(0, 18)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')

function keyHasher(secret?: string): (key: string) => Promise<string> {
  const encoder = new TextEncoder()
  if (!secret) return async (key) => toBase64Url(await crypto.subtle.digest('SHA-256', encoder.encode(key)))
  const hmacKey = crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return async (key) => toBase64Url(await crypto.subtle.sign('HMAC', await hmacKey, encoder.encode(key)))
}

class DeadlineError extends Error {
  override readonly name = 'DeadlineError'
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/** Error names only: backend messages can carry commands and keys, which stay out of logs. */
const errorKind = (err: unknown) =>
  err instanceof Error ? (((err as { code?: unknown }).code as string | undefined) ?? err.name) : typeof err

export function createSharedRateLimiter(parts: SharedLimiterParts): PolicyRateLimiter {
  const { prefix, timeoutMs, maxPolicies } = checkSharedOptions(parts)
  const hashKey = keyHasher(parts.keySecret)
  const limiters = new Map<string, Ratelimit>()

  const limiterFor = (p: CheckedPolicy) => {
    let limiter = limiters.get(p.signature)
    if (limiter) return limiter
    const window = `${p.windowMs} ms` as const
    limiter = new Ratelimit({
      redis: parts.client as unknown as RatelimitRedis,
      limiter:
        p.algorithm === 'token-bucket'
          ? Ratelimit.tokenBucket(p.refill, window, p.limit)
          : Ratelimit.slidingWindow(p.limit, window),
      // Algorithms store different shapes (strings vs hashes): keep their keys apart.
      prefix: `${prefix}:${p.name}:${p.algorithm === 'token-bucket' ? 'tb' : 'sw'}`,
      // The library would let calls pass on its own timeout; the deadline below decides instead.
      timeout: 0,
      // Its block cache would refuse until the fixed window ends, stricter than the sliding
      // window itself; every call asks the backend so all backends answer alike.
      ephemeralCache: false,
      analytics: false,
      enableProtection: false,
      enableTelemetry: false,
    })
    limiters.set(p.signature, limiter)
    if (limiters.size > maxPolicies) limiters.delete(limiters.keys().next().value as string)
    return limiter
  }

  return {
    adapter: parts.adapter,
    async limit(key, policy) {
      const p = checkPolicy(policy)
      const id = await hashKey(checkKey(key))
      try {
        const r = await withDeadline(limiterFor(p).limit(id), timeoutMs)
        return { allowed: r.success, limit: r.limit, remaining: r.remaining, reset: r.reset }
      } catch (err) {
        const fields = { adapter: parts.adapter, policy: p.name, error: errorKind(err) }
        if (parts.failOpen) {
          parts.logger?.warn('ratelimit.unavailable.passed', fields)
          return { allowed: true, limit: p.limit, remaining: p.limit, reset: Date.now() + p.windowMs }
        }
        parts.logger?.warn('ratelimit.unavailable', fields)
        throw new GlamError('SERVICE_UNAVAILABLE', 'Rate limiting is unavailable; try again later.', {
          cause: err,
          headers: { 'Retry-After': '1' },
        })
      }
    },
    async health() {
      try {
        return await withDeadline(parts.health(), timeoutMs)
      } catch (err) {
        return { status: 'down', detail: `no answer from the backend (${errorKind(err)})` }
      }
    },
  }
}
