// Workers KV under Miniflare (workerd's own KV implementation, driven from Node through
// Miniflare's binding proxy; calls are made one at a time, see packages/testing/src/databases.ts).
//
// What Miniflare's KV does with TTLs: it honours `expirationTtl` (it stores now + TTL and an
// expired key reads as missing), and it refuses one below 60 s as Cloudflare does. Its clock is
// the real one; only an internal, untyped control API (`_enableControlEndpoints`,
// `_getInternalDurableObjectNamespace`, the `enableFakeTimers`/`advanceFakeTime` control ops
// Miniflare's own tests use) can replace it, and a namespace that received a control op also
// lowers its value limit to 1 KiB. So the contract runs on the real clock (a short TTL is raised,
// not refused), and expiry is checked on a second namespace with the fake clock.
import { compatibilityDate } from '@glam/testing/runtimes'
import type { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheContract } from './contract.ts'
import { createKvCache, type KvNamespaceLike, kvMinTtlSeconds } from './kv.ts'

/** The binding as Miniflare hands it to Node, with `list` to read stored expirations. */
interface KvBinding extends KvNamespaceLike {
  list(options: { prefix: string }): Promise<{ keys: { name: string; expiration?: number }[] }>
}
interface ControlStub {
  fetch(url: string, init: { cf: unknown }): Promise<{ json(): Promise<unknown> }>
}
interface InternalMiniflare {
  _getInternalDurableObjectNamespace(
    plugin: string,
    service: string,
    className: string,
  ): Promise<{ idFromName(name: string): unknown; get(id: unknown): ControlStub }>
}

/** One call at a time through the proxy (see the note at the top). */
function oneAtATime(kv: KvBinding): KvBinding {
  let chain: Promise<unknown> = Promise.resolve()
  const queue = <T>(step: () => Promise<T>): Promise<T> => {
    const next = chain.then(step, step)
    chain = next.catch(() => undefined)
    return next
  }
  return {
    get: (key, type) => queue(() => kv.get(key, type)),
    put: (key, value, options) => queue(() => kv.put(key, value, options)),
    delete: (key) => queue(() => kv.delete(key)),
    list: (options) => queue(() => kv.list(options)),
  }
}

/** A binding whose every call fails, as KV does when it is unavailable (or over its limits). */
const failingKv: KvNamespaceLike = {
  get: async () => {
    throw new Error('KV GET failed: 503 Service Unavailable')
  },
  put: async () => {
    throw new Error('KV PUT failed: 503 Service Unavailable')
  },
  delete: async () => {
    throw new Error('KV DELETE failed: 503 Service Unavailable')
  },
}

let mf: Miniflare
let kv: KvBinding
let clocked: KvBinding
let control: (name: string, ...args: unknown[]) => Promise<unknown>

beforeAll(async () => {
  const miniflare = await import('miniflare')
  // Before the instance is built: its KV objects then answer control ops (fake timers).
  type Internal = { _enableControlEndpoints?: () => void; default?: Internal }
  const internal = miniflare as unknown as Internal
  const enable = internal._enableControlEndpoints ?? internal.default?._enableControlEndpoints
  if (!enable) throw new Error('this Miniflare has no _enableControlEndpoints: see the note at the top')
  enable()
  mf = new miniflare.Miniflare({
    modules: true,
    script: 'export default {}',
    compatibilityDate,
    kvNamespaces: ['CACHE', 'CLOCKED'],
  })
  kv = oneAtATime((await mf.getKVNamespace('CACHE')) as unknown as KvBinding)
  clocked = oneAtATime((await mf.getKVNamespace('CLOCKED')) as unknown as KvBinding)
  const objects = await (mf as unknown as InternalMiniflare)._getInternalDurableObjectNamespace(
    'kv',
    'kv:ns',
    'KVNamespaceObject',
  )
  const stub = objects.get(objects.idFromName('CLOCKED'))
  control = async (name, ...args) => {
    const res = await stub.fetch('http://placeholder/', { cf: { miniflare: { controlOp: { name, args } } } })
    return res.json()
  }
})
afterAll(async () => {
  await mf?.dispose()
})

cacheContract(
  'Workers KV (Miniflare)',
  async () => ({
    cache: createKvCache(kv),
    unreachable: async () => createKvCache(failingKv),
    close: async () => undefined,
  }),
  { minTtlSeconds: kvMinTtlSeconds, outage: true },
)

describe('Workers KV cache', () => {
  const prefix = () => `kv-test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`

  it('sends whole-second TTLs of at least 60 s, and none for no TTL', async () => {
    const sent: { key: string; options?: { expirationTtl?: number } }[] = []
    const recording: KvNamespaceLike = {
      get: (key, type) => kv.get(key, type),
      put: (key, value, options) => {
        sent.push({ key, options })
        return kv.put(key, value, options)
      },
      delete: (key) => kv.delete(key),
    }
    const cache = createKvCache(recording)
    const p = prefix()
    await cache.set(`${p}one`, 'v', { ttlSeconds: 1 })
    await cache.set(`${p}sixty`, 'v', { ttlSeconds: 60 })
    await cache.set(`${p}fraction`, 'v', { ttlSeconds: 61.2 })
    await cache.set(`${p}forever`, 'v')
    expect(sent.map((s) => s.options?.expirationTtl)).toEqual([60, 60, 62, undefined])
    // What Miniflare stored: expirations of now + 60 s and + 62 s, none for the last.
    const { keys } = await kv.list({ prefix: p })
    const expiration = Object.fromEntries(keys.map((k) => [k.name.slice(p.length), k.expiration]))
    const now = Date.now() / 1000
    expect(expiration.one).toBeGreaterThan(now + 55)
    expect(expiration.one).toBeLessThanOrEqual(now + 61)
    // 2 s apart (3 if a second ticked between the two puts).
    expect(expiration.fraction! - expiration.one!).toBeGreaterThanOrEqual(2)
    expect(expiration.fraction! - expiration.one!).toBeLessThanOrEqual(3)
    expect(expiration.forever).toBeUndefined()
  })

  it('Miniflare refuses a TTL below 60 s, as Cloudflare does (hence the raise)', async () => {
    await expect(kv.put(`${prefix()}short`, 'v', { expirationTtl: 30 })).rejects.toThrow(/at least 60/)
  })

  it('on a fake clock: a 1 s TTL lives 60 s, a 90 s TTL 90 s, and no TTL stays', async () => {
    // Whole seconds: KV stores expirations in seconds.
    await control('enableFakeTimers', 1_000_000_000_000)
    try {
      const cache = createKvCache(clocked)
      await cache.set('one', 'a', { ttlSeconds: 1 })
      await cache.set('ninety', 'b', { ttlSeconds: 90 })
      await cache.set('forever', 'c')
      await control('advanceFakeTime', 59_000)
      expect(await cache.get('one')).toBe('a')
      await control('advanceFakeTime', 1_000)
      expect(await cache.get('one')).toBeNull()
      expect(await cache.get('ninety')).toBe('b')
      await control('advanceFakeTime', 30_000)
      expect(await cache.get('ninety')).toBeNull()
      await control('advanceFakeTime', 365 * 24 * 3600 * 1000)
      expect(await cache.get('forever')).toBe('c')
    } finally {
      await control('disableFakeTimers')
    }
  })

  it('a failing KV: get misses and logs once, set and delete reject, health says down', async () => {
    const { createMemoryLogger } = await import('@glam/core')
    const { logger, records } = createMemoryLogger()
    const cache = createKvCache(failingKv, { logger })
    expect(await cache.get('a')).toBeNull()
    expect(await cache.get('b')).toBeNull()
    await expect(cache.set('a', 'v')).rejects.toThrow(/KV PUT failed/)
    await expect(cache.delete('a')).rejects.toThrow(/KV DELETE failed/)
    expect(await cache.health!()).toMatchObject({ status: 'down', detail: expect.stringContaining('503') })
    expect(records().filter((r) => r.event === 'cache.kv.unavailable')).toHaveLength(1)
  })
})
