import type { Cache } from '@glam/core'
import { LRUCache } from 'lru-cache'

/** In-process LRU with expiry. Per process: other containers do not see its entries. */
export function createMemoryCache(options: { maxEntries?: number; now?: () => number } = {}): Cache {
  const lru = new LRUCache<string, string>({
    max: options.maxEntries ?? 10_000,
    ttlAutopurge: false,
    ...(options.now ? { perf: { now: options.now } } : {}),
  })
  return {
    adapter: 'memory-lru',
    async get(key) {
      return lru.get(key) ?? null
    },
    async set(key, value, opts) {
      lru.set(key, value, opts?.ttlSeconds ? { ttl: opts.ttlSeconds * 1000 } : {})
    },
    async delete(key) {
      lru.delete(key)
    },
    async health() {
      return { status: 'ok', entries: lru.size, detail: 'in-process LRU (not shared between processes)' }
    },
  }
}
