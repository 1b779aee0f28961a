/**
 * Workers KV as the cache (the edge). What KV is, and what that means here:
 *  - Eventually consistent: a write (or delete) is seen at once in the location that made it,
 *    but may take up to 60 s to be seen in other locations, which may serve the old value (or a
 *    deleted one) until then. Cache only what may be that stale, or change the key instead
 *    (the link cache puts a generation in its keys).
 *  - TTLs: KV refuses an `expirationTtl` below 60 s, so shorter TTLs are raised to 60 s (and
 *    fractions rounded up to whole seconds): an entry may live longer than asked, never shorter.
 *  - One write per second per key (more are refused with 429), and values up to 25 MiB.
 * `get` answers null when KV fails (a miss, like the other adapters), `set` and `delete`
 * reject with KV's error, and `health` answers `down` instead of throwing.
 */
import type { Cache, Logger, PortHealth } from '@glam/core'
import { checkKey, ttlMilliseconds } from './shared.ts'

/** The part of a Workers KV namespace binding this adapter uses. */
export interface KvNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>
  delete(key: string): Promise<void>
}

/** KV's shortest `expirationTtl`, in seconds. */
export const kvMinTtlSeconds = 60

/** The `expirationTtl` KV is sent for a TTL in milliseconds: whole seconds, at least 60. */
export const kvExpirationTtl = (ttlMs: number) => Math.max(kvMinTtlSeconds, Math.ceil(ttlMs / 1000))

const reason = (err: unknown) => String((err as { message?: unknown })?.message ?? err).slice(0, 160)

export function createKvCache(namespace: KvNamespaceLike, options: { logger?: Logger } = {}): Cache {
  let reported = false
  return {
    adapter: 'workers-kv',
    async get(key) {
      checkKey(key)
      try {
        const value = await namespace.get(key, 'text')
        reported = false
        return value
      } catch (err) {
        if (!reported) options.logger?.warn('cache.kv.unavailable', { operation: 'get', error: reason(err) })
        reported = true
        return null
      }
    },
    async set(key, value, opts) {
      checkKey(key)
      const ttl = ttlMilliseconds(opts)
      await namespace.put(key, value, ttl === undefined ? {} : { expirationTtl: kvExpirationTtl(ttl) })
    },
    async delete(key) {
      checkKey(key)
      await namespace.delete(key)
    },
    async health(): Promise<PortHealth> {
      const started = performance.now()
      try {
        await namespace.get('glam:health', 'text')
        const latencyMs = Math.round((performance.now() - started) * 100) / 100
        return { status: 'ok', latencyMs, detail: 'Workers KV (eventually consistent across locations)' }
      } catch (err) {
        return { status: 'down', detail: `Workers KV: ${reason(err)}` }
      }
    },
  }
}
