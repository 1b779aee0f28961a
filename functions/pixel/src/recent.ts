/**
 * Records kept a few seconds per process or isolate, for the hot collect path: at most
 * 10,000 entries (then it starts over), each 10 s; `forget` drops one at once.
 */
export function recentCache<T>(ttlMs = 10_000, maxEntries = 10_000) {
  const entries = new Map<string, { value: T; until: number }>()
  return {
    async get(key: string, load: () => Promise<T>): Promise<T> {
      const now = Date.now()
      const hit = entries.get(key)
      if (hit && hit.until > now) return hit.value
      const value = await load()
      if (entries.size > maxEntries) entries.clear()
      entries.set(key, { value, until: now + ttlMs })
      return value
    },
    forget: (key: string) => entries.delete(key),
  }
}
