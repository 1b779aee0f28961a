import { connect, createServer, type Server, type Socket } from 'node:net'
import { type Cache, createMemoryLogger, GlamError } from '@glam/core'
import { hasRedisServer, type RunningRedis, startRedis } from '@glam/testing/redis'
import { freePort } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheContract } from './contract.ts'
import { createRedisCache, type RedisCache, type RedisCacheOptions } from './redis.ts'

const available = requireTool(hasRedisServer(), 'redis-server (Debian package redis-server)')
const namespace = () => `test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * A TCP relay in front of Redis that a test can cut (connections dropped, port closed: Redis is
 * down for the client) and restore on the same port.
 */
async function startRelay(target: number) {
  const port = await freePort()
  const sockets = new Set<Socket>()
  let server: Server | undefined
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect({ host: '127.0.0.1', port: target })
        for (const [socket, peer] of [
          [client, upstream],
          [upstream, client],
        ] as const) {
          sockets.add(socket)
          socket.on('error', () => socket.destroy())
          socket.on('close', () => {
            sockets.delete(socket)
            peer.destroy()
          })
          socket.pipe(peer)
        }
      })
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
  const cut = async () => {
    const closed = new Promise((r) => (server?.listening ? server.close(r) : r(null)))
    for (const s of sockets) s.destroy()
    await closed
  }
  await listen()
  return {
    url: `redis://127.0.0.1:${port}`,
    cut,
    async restore() {
      if (!server?.listening) await listen()
    },
    stop: cut,
  }
}

describe.skipIf(!available)('Redis cache', () => {
  let redis: RunningRedis
  let raw: Redis
  const open: RedisCache[] = []
  const redisCache = (options: Partial<RedisCacheOptions> = {}) => {
    const cache = createRedisCache({ url: redis.url, ...options })
    open.push(cache)
    return cache
  }

  beforeAll(async () => {
    redis = await startRedis()
    raw = new Redis(redis.url, { protocol: 2, disableClientInfo: true })
  })
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()))
    await raw?.quit()
    await redis?.stop()
  })

  cacheContract(
    'Redis (ioredis, RESP2)',
    async () => {
      const ns = namespace()
      const made: RedisCache[] = []
      const cache = (options: Partial<RedisCacheOptions> = {}) => {
        const c = createRedisCache({ url: redis.url, namespace: ns, ...options })
        made.push(c)
        return c
      }
      return {
        cache: cache(),
        sibling: async () => cache(),
        otherNamespace: async () => cache({ namespace: namespace() }),
        unreachable: async () => cache({ url: `redis://127.0.0.1:${await freePort()}` }),
        close: async () => {
          await Promise.all(made.map((c) => c.close()))
        },
      }
    },
    { shared: true, namespaces: true, outage: true },
  )

  it('stores `namespace + key`, with the TTL as PX milliseconds and no TTL as persistent', async () => {
    const ns = namespace()
    const cache = redisCache({ namespace: ns })
    expect(cache.namespace).toBe(ns)
    await cache.set('link:v2:0:summer/lena', 'a', { ttlSeconds: 30 })
    await cache.set('forever', 'b')
    await cache.set('fraction', 'c', { ttlSeconds: 0.25 })
    expect((await raw.keys(`${ns}*`)).sort()).toEqual(
      [`${ns}forever`, `${ns}fraction`, `${ns}link:v2:0:summer/lena`].sort(),
    )
    const pttl = await raw.pttl(`${ns}link:v2:0:summer/lena`)
    expect(pttl).toBeGreaterThan(29_000)
    expect(pttl).toBeLessThanOrEqual(30_000)
    expect(await raw.pttl(`${ns}forever`)).toBe(-1)
    expect(await raw.pttl(`${ns}fraction`)).toBeLessThanOrEqual(250)
    // A set without a TTL makes an expiring key persistent again.
    await cache.set('link:v2:0:summer/lena', 'a2')
    expect(await raw.pttl(`${ns}link:v2:0:summer/lena`)).toBe(-1)
    // Nothing outside the namespace is touched, and the default namespace is glam:cache:.
    await raw.set('forever', 'someone else')
    await cache.delete('forever')
    expect(await raw.get('forever')).toBe('someone else')
    await raw.del('forever')
    expect(createRedisCache({ url: redis.url }).namespace).toBe('glam:cache:')
  })

  it('stores values as UTF-8 bytes', async () => {
    const ns = namespace()
    const cache = redisCache({ namespace: ns })
    await cache.set('k', 'grüß 👋\u0000')
    expect(await raw.getBuffer(`${ns}k`)).toEqual(Buffer.from('grüß 👋\u0000', 'utf8'))
  })

  it('200 parallel sets and gets on one connection (auto-pipelined) all land', async () => {
    const cache = redisCache({ namespace: namespace() })
    const keys = Array.from({ length: 200 }, (_, i) => `p:${i}`)
    await Promise.all(keys.map((k) => cache.set(k, `v-${k}`, { ttlSeconds: 60 })))
    const values = await Promise.all(keys.map((k) => cache.get(k)))
    expect(values).toEqual(keys.map((k) => `v-${k}`))
  })

  it('health reports PING latency and the address without the password', async () => {
    // The test server's default user takes any password; the point is where it shows.
    const withPassword = redisCache({ url: redis.url.replace('redis://', 'redis://default:hunter2@') })
    expect(JSON.stringify(await withPassword.health())).not.toContain('hunter2')
    const closed = redisCache({ url: `redis://user:hunter2@127.0.0.1:${await freePort()}` })
    const down = await closed.health()
    expect(down).toMatchObject({ status: 'down', detail: expect.stringContaining('ECONNREFUSED') })
    expect(JSON.stringify(down)).not.toContain('hunter2')
    const ok = await redisCache().health()
    expect(ok).toMatchObject({ status: 'ok', latencyMs: expect.any(Number), namespace: 'glam:cache:' })
    expect(ok.detail).toContain(`127.0.0.1:${redis.port}`)
  })

  it('Redis going away: misses and fast failures, one warning, and recovery when it is back', async () => {
    const relay = await startRelay(redis.port)
    const { logger, records } = createMemoryLogger()
    const ns = namespace()
    const cache = redisCache({ url: relay.url, namespace: ns, logger })
    try {
      await cache.set('k', 'before', { ttlSeconds: 60 })
      expect(await cache.get('k')).toBe('before')
      await relay.cut()
      const started = performance.now()
      for (let i = 0; i < 5; i++) expect(await cache.get('k')).toBeNull()
      const failed = cache.set('k', 'during')
      await expect(failed).rejects.toBeInstanceOf(GlamError)
      await expect(failed).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 })
      await expect(cache.delete('k')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
      expect(performance.now() - started).toBeLessThan(2000)
      const health = await cache.health()
      expect(health).toMatchObject({ status: 'down' })
      expect(health.detail).toMatch(/unreachable: \w+/)
      // The error a client could see names no host; the cause does.
      const error = await cache.set('k', 'x').catch((e: GlamError) => e)
      expect((error as GlamError).message).not.toContain('127.0.0.1')
      expect(String(((error as GlamError).cause as Error).message)).toContain('127.0.0.1')
      const warnings = records().filter((r) => r.event === 'cache.redis.unavailable')
      expect(warnings).toHaveLength(1)
      // Back: ioredis reconnects by itself; the value written before is there again.
      await relay.restore()
      const back = performance.now()
      while ((await cache.get('k')) !== 'before') {
        expect(performance.now() - back).toBeLessThan(5000)
        await sleep(100)
      }
      // Nothing queued during the outage is sent late: the failed set stays failed.
      await sleep(300)
      expect(await raw.get(`${ns}k`)).toBe('before')
      expect(await cache.health()).toMatchObject({ status: 'ok' })
      await cache.set('k', 'after')
      expect(await raw.get(`${ns}k`)).toBe('after')
      expect(records().map((r) => r.event)).toContain('cache.redis.recovered')
    } finally {
      await cache.close()
      await relay.stop()
    }
  })

  it('a Redis that hangs (CLIENT PAUSE): misses and failures within the deadline, then back', async () => {
    const ns = namespace()
    const cache = redisCache({ namespace: ns, timeoutMs: 300 })
    await cache.set('k', 'before')
    // Redis takes connections and commands but answers none for 3 s (a stall, a slow script).
    await raw.call('CLIENT', 'PAUSE', '3000', 'ALL')
    const started = performance.now()
    expect(await cache.get('k')).toBeNull()
    expect(performance.now() - started).toBeLessThan(1000)
    await expect(cache.set('other', 'v')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    await expect(cache.delete('k')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    expect(await cache.health()).toMatchObject({ status: 'down' })
    expect(performance.now() - started).toBeLessThan(2000)
    while ((await cache.get('k')) === null) {
      expect(performance.now() - started).toBeLessThan(10_000)
      await sleep(100)
    }
    expect(await cache.health()).toMatchObject({ status: 'ok' })
  })

  it('close ends the connection; a closed cache misses and refuses writes; close twice is fine', async () => {
    const cache = redisCache({ namespace: namespace() })
    await cache.set('k', 'v')
    await cache.close()
    await cache.close()
    expect(await cache.get('k')).toBeNull()
    await expect(cache.set('k', 'v')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    expect(await cache.health()).toMatchObject({ status: 'down' })
    // Never used: close does not connect.
    await createRedisCache({ url: `redis://127.0.0.1:${await freePort()}` }).close()
  })
})

describe('Redis cache options', () => {
  it.each([
    ['a non-redis URL', { url: 'http://localhost:6379' }],
    ['a URL that is not one', { url: 'localhost' }],
    ['a namespace with spaces', { url: 'redis://127.0.0.1:1', namespace: 'a b' }],
    ['an empty namespace', { url: 'redis://127.0.0.1:1', namespace: '' }],
    ['a zero timeout', { url: 'redis://127.0.0.1:1', timeoutMs: 0 }],
    ['a fractional timeout', { url: 'redis://127.0.0.1:1', timeoutMs: 1.5 }],
  ] satisfies [string, RedisCacheOptions][])('refuses %s', (_, options) => {
    expect(() => createRedisCache(options)).toThrow(TypeError)
  })

  it('is a Cache', () => {
    const cache: Cache = createRedisCache({ url: 'redis://127.0.0.1:1' })
    expect(cache.adapter).toBe('redis')
  })
})
