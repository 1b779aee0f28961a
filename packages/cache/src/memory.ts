/**
 * The in-process cache: an LRU (lru-cache) with expiry. Per process: other containers do not
 * see its entries, so it suits one process (the embedded default, tests), not a fleet behind a
 * load balancer (use Redis there).
 */
import type { Cache } from '@glam/core'
import { LRUCache } from 'lru-cache'
import { checkKey, ttlMilliseconds } from './shared.ts'

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first (default 10,000). */
  maxEntries?: number
  /**
   * The clock, in milliseconds (default `performance.now()`); tests pass a controllable one.
   * Only differences matter: it may start at 0.
   */
  now?: () => number
}

export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const maxEntries = options.maxEntries ?? 10_000
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError('maxEntries must be a positive integer')
  }
  const now = options.now
  const lru = new LRUCache<string, string>({
    max: maxEntries,
    // Expired entries are dropped when read (or evicted), not by a timer per entry.
    ttlAutopurge: false,
    ...(now
      ? {
          // lru-cache takes a start time of 0 for "no TTL", so the clock is shifted by 1 ms (a
          // test clock may start at 0); and it caches the time for `ttlResolution` ms of real
          // time, which would hide a test's clock step, so it reads the clock at every check.
          perf: { now: () => now() + 1 },
          ttlResolution: 0,
        }
      : {}),
  })
  return {
    adapter: 'memory-lru',
    async get(key) {
      checkKey(key)
      return lru.get(key) ?? null
    },
    async set(key, value, opts) {
      checkKey(key)
      const ttl = ttlMilliseconds(opts)
      // No TTL: ttl 0, which also drops a TTL an earlier set of this key had.
      lru.set(key, value, { ttl: ttl ?? 0 })
    },
    async delete(key) {
      checkKey(key)
      lru.delete(key)
    },
    async health() {
      return {
        status: 'ok',
        entries: lru.size,
        maxEntries,
        detail: 'in-process LRU (not shared between processes)',
      }
    },
  }
}
