/**
 * Records kept a few seconds per platform (its process or isolate), for the hot collect path: at
 * most 10,000 entries (then it starts over), each 10 s by the platform's clock; `forget` drops one
 * at once.
 */
import { localSlot, type Platform } from '@glam/core'

export function recentCache<T>(name: string, ttlMs = 10_000, maxEntries = 10_000) {
  const slot = localSlot(name, () => new Map<string, { value: T; until: number }>())
  return {
    async get(platform: Platform, key: string, load: () => Promise<T>): Promise<T> {
      const entries = platform.local.of(slot)
      const now = platform.clock.now().getTime()
      const hit = entries.get(key)
      if (hit && hit.until > now) return hit.value
      const value = await load()
      if (entries.size > maxEntries) entries.clear()
      entries.set(key, { value, until: now + ttlMs })
      return value
    },
    forget: (platform: Platform, key: string) => platform.local.of(slot).delete(key),
  }
}
