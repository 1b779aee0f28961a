import { describe, expect, it } from 'vitest'
import { cacheContract } from './contract.ts'
import { createMemoryCache } from './memory.ts'

cacheContract('memory (lru-cache, test clock)', async () => {
  let now = 0
  return {
    cache: createMemoryCache({ now: () => now }),
    advance: async (ms) => {
      now += ms
    },
    close: async () => undefined,
  }
})

// The real clock too: the TTL test then waits for a real second, as on Redis.
cacheContract('memory (lru-cache, real clock)', async () => ({
  cache: createMemoryCache(),
  close: async () => undefined,
}))

describe('memory cache', () => {
  it('forgets the least recently used entries beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 })
    await cache.set('a', '1')
    await cache.set('b', '2')
    expect(await cache.get('a')).toBe('1')
    await cache.set('c', '3')
    expect(await cache.get('b')).toBeNull()
    expect(await cache.get('a')).toBe('1')
    expect(await cache.get('c')).toBe('3')
    expect(await cache.health!()).toMatchObject({ status: 'ok', entries: 2, maxEntries: 2 })
  })

  it('is an entry until the TTL has passed, to the millisecond, on a clock that starts at 0', async () => {
    let now = 0
    const cache = createMemoryCache({ now: () => now })
    await cache.set('k', 'v', { ttlSeconds: 1.5 })
    now = 1500
    expect(await cache.get('k')).toBe('v')
    now = 1501
    expect(await cache.get('k')).toBeNull()
  })

  it('refuses a maxEntries that is not a positive integer', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => createMemoryCache({ maxEntries })).toThrow(TypeError)
    }
  })
})
