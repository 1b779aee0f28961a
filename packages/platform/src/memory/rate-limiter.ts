import type { RateLimiter } from '@glam/core'

/** Sliding-window limiter in process memory: right for one process only. */
export function createMemoryRateLimiter(options: { now?: () => number; maxKeys?: number } = {}): RateLimiter {
  const now = options.now ?? Date.now
  const maxKeys = options.maxKeys ?? 100_000
  const windows = new Map<string, { start: number; current: number; previous: number }>()
  return {
    adapter: 'memory',
    async limit(key, policy) {
      const windowMs = policy.windowSeconds * 1000
      const t = now()
      const start = t - (t % windowMs)
      const id = `${policy.name}:${key}`
      let w = windows.get(id)
      if (!w || w.start < start - windowMs) w = { start, current: 0, previous: 0 }
      else if (w.start < start) w = { start, current: 0, previous: w.current }
      const weight = 1 - (t - start) / windowMs
      const used = Math.floor(w.previous * weight) + w.current
      const allowed = used < policy.limit
      if (allowed) w.current++
      windows.delete(id)
      windows.set(id, w)
      if (windows.size > maxKeys) windows.delete(windows.keys().next().value as string)
      return {
        allowed,
        limit: policy.limit,
        remaining: Math.max(0, policy.limit - used - (allowed ? 1 : 0)),
        reset: start + windowMs,
      }
    },
    async health() {
      return { status: 'ok', keys: windows.size, detail: 'in process memory (not shared between processes)' }
    },
  }
}
