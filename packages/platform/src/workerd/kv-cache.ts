import type { Cache } from '@glam/core'

/** The part of a Workers KV namespace binding this adapter uses. */
export interface KvNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>
  delete(key: string): Promise<void>
}

/** Workers KV as the platform cache. KV's minimum TTL is 60 s; shorter ones are raised to it. */
export function createKvCache(kv: KvNamespaceLike): Cache {
  return {
    adapter: 'workers-kv',
    get: (key) => kv.get(key, 'text'),
    set: (key, value, options) =>
      kv.put(
        key,
        value,
        options?.ttlSeconds ? { expirationTtl: Math.max(60, Math.ceil(options.ttlSeconds)) } : {},
      ),
    delete: (key) => kv.delete(key),
    async health() {
      await kv.get('glam:health', 'text')
      return { status: 'ok' }
    },
  }
}
