/**
 * Policies: how many calls one key may make, and under which algorithm. The core port's
 * `RateLimitPolicy` is a sliding window; this package adds the token bucket as an option.
 */
import type { PortHealth, RateLimiter, RateLimitPolicy, RateLimitResult } from '@glam/core'

export type RateLimitAlgorithm = 'sliding-window' | 'token-bucket'

/**
 * A core policy with an optional algorithm.
 *
 * - `sliding-window` (default): at most `limit` calls in any `windowSeconds`, the previous
 *   fixed window counted by the share of it that still overlaps (Upstash's algorithm).
 * - `token-bucket`: a bucket of `limit` tokens; every `windowSeconds`, `refill` tokens
 *   (default `limit`) come back, never above `limit`. Allows bursts, then a steady rate.
 */
export interface LimitPolicy extends RateLimitPolicy {
  algorithm?: RateLimitAlgorithm
  /** Tokens added back per window (token bucket only); 1 to `limit`, default `limit`. */
  refill?: number
}

/** A policy after validation, with every default filled in. */
export interface CheckedPolicy {
  name: string
  algorithm: RateLimitAlgorithm
  limit: number
  windowMs: number
  refill: number
  /** Identifies the exact settings: two policies with one name but other numbers differ here. */
  signature: string
}

/** The core port, accepting policies that name their algorithm. Assignable to `RateLimiter`. */
export interface PolicyRateLimiter extends RateLimiter {
  readonly adapter: string
  limit(key: string, policy: LimitPolicy): Promise<RateLimitResult>
  health(): Promise<PortHealth>
}

// Policy names become part of Redis keys: keep them short and plain.
const namePattern = /^[A-Za-z0-9][\w.-]{0,63}$/
const maxWindowSeconds = 31 * 24 * 3600

/** Throws a TypeError naming the problem: a bad policy is a programming error, not a user error. */
export function checkPolicy(policy: LimitPolicy): CheckedPolicy {
  const { name, limit, windowSeconds } = policy
  const algorithm = policy.algorithm ?? 'sliding-window'
  if (typeof name !== 'string' || !namePattern.test(name)) {
    throw new TypeError(`Rate-limit policy name ${JSON.stringify(name)} must match ${namePattern}`)
  }
  if (algorithm !== 'sliding-window' && algorithm !== 'token-bucket') {
    throw new TypeError(`Rate-limit policy ${name}: unknown algorithm ${JSON.stringify(algorithm)}`)
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 1_000_000) {
    throw new TypeError(`Rate-limit policy ${name}: limit must be an integer from 1 to 1000000`)
  }
  const windowMs = Math.round(windowSeconds * 1000)
  if (!Number.isFinite(windowSeconds) || windowMs < 1 || windowSeconds > maxWindowSeconds) {
    throw new TypeError(`Rate-limit policy ${name}: windowSeconds must be > 0 and at most 31 days`)
  }
  const refill = policy.refill ?? limit
  if (algorithm === 'sliding-window' && policy.refill !== undefined) {
    throw new TypeError(`Rate-limit policy ${name}: refill applies to the token bucket only`)
  }
  if (!Number.isInteger(refill) || refill < 1 || refill > limit) {
    throw new TypeError(`Rate-limit policy ${name}: refill must be an integer from 1 to limit`)
  }
  const signature = `${name}|${algorithm}|${limit}|${windowMs}|${refill}`
  return { name, algorithm, limit, windowMs, refill, signature }
}

/** Keys identify who is limited (an e-mail hash, an IP, a shop id); they must not be empty. */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0)
    throw new TypeError('Rate-limit key must be a non-empty string')
  return key
}
