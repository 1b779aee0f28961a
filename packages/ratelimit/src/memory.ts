/**
 * The in-memory backend: exact same arithmetic as the shared backends (Upstash's sliding
 * window and token bucket), kept in one process. Right for the embedded default and tests;
 * wrong behind a load balancer, where each process would count alone.
 */
import { type CheckedPolicy, checkKey, checkPolicy, type PolicyRateLimiter } from './policy.ts'

export interface MemoryRateLimiterOptions {
  /** Epoch milliseconds; defaults to `Date.now()` read at each call. */
  now?: () => number
  /** Most keys kept; the least recently used go first. */
  maxKeys?: number
}

type SlidingState = { kind: 'sliding'; window: number; current: number; previous: number }
type BucketState = { kind: 'bucket'; refilledAt: number; tokens: number }

export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): PolicyRateLimiter {
  const now = options.now ?? (() => Date.now())
  const maxKeys = options.maxKeys ?? 100_000
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new TypeError('maxKeys must be a positive integer')
  const states = new Map<string, SlidingState | BucketState>()

  const sliding = (id: string, p: CheckedPolicy, t: number) => {
    const window = Math.floor(t / p.windowMs)
    const stored = states.get(id)
    let s: SlidingState
    if (stored?.kind !== 'sliding' || stored.window < window - 1) {
      s = { kind: 'sliding', window, current: 0, previous: 0 }
    } else if (stored.window === window - 1) {
      s = { kind: 'sliding', window, current: 0, previous: stored.current }
    } else s = stored
    const weighted = Math.floor((1 - (t % p.windowMs) / p.windowMs) * s.previous)
    const allowed = weighted + s.current < p.limit
    if (allowed) s.current++
    return {
      state: s,
      allowed,
      remaining: allowed ? p.limit - (weighted + s.current) : 0,
      reset: (window + 1) * p.windowMs,
    }
  }

  const bucket = (id: string, p: CheckedPolicy, t: number) => {
    const stored = states.get(id)
    let { refilledAt, tokens } = stored?.kind === 'bucket' ? stored : { refilledAt: t, tokens: p.limit }
    if (t >= refilledAt + p.windowMs) {
      const refills = Math.floor((t - refilledAt) / p.windowMs)
      tokens = Math.min(p.limit, tokens + refills * p.refill)
      refilledAt += refills * p.windowMs
    }
    const allowed = tokens >= 1
    if (allowed) tokens--
    const state: BucketState = { kind: 'bucket', refilledAt, tokens }
    return { state, allowed, remaining: tokens, reset: refilledAt + p.windowMs }
  }

  return {
    adapter: 'memory',
    async limit(key, policy) {
      const p = checkPolicy(policy)
      const id = `${p.name}\u0000${p.algorithm}\u0000${checkKey(key)}`
      const t = now()
      const r = p.algorithm === 'token-bucket' ? bucket(id, p, t) : sliding(id, p, t)
      // Re-inserting keeps the map in least-recently-used order for eviction.
      states.delete(id)
      states.set(id, r.state)
      if (states.size > maxKeys) states.delete(states.keys().next().value as string)
      return { allowed: r.allowed, limit: p.limit, remaining: r.remaining, reset: r.reset }
    },
    async health() {
      return { status: 'ok', keys: states.size, detail: 'in process memory (not shared between processes)' }
    },
  }
}
