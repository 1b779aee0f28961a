import { createMemoryLogger, GlamError } from '@glam/core'
import { hasRedisServer, type RunningRedis, startRedis } from '@glam/testing/redis'
import { requireTool } from '@glam/testing/strict'
import { startUpstashRest, type UpstashRestServer } from '@glam/testing/upstash-rest'
import { Redis as UpstashRedis } from '@upstash/redis/cloudflare'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeRateLimiterContract } from './contract.ts'
import { createMemoryRateLimiter } from './memory.ts'
import type { PolicyRateLimiter } from './policy.ts'
import { createRedisRateLimiter, type RedisRateLimiter, stripScriptFlags } from './redis.ts'
import { createUpstashRestRateLimiter } from './upstash-rest.ts'

const prefix = () => `test:${process.pid}:${Math.random().toString(36).slice(2, 8)}`

const memory = createMemoryRateLimiter()
describeRateLimiterContract('memory', () => ({ limiter: memory }))

describe('memory backend', () => {
  it('forgets the least recently used keys beyond maxKeys', async () => {
    const limiter = createMemoryRateLimiter({ maxKeys: 2, now: () => 0 })
    const policy = { name: 'lru', limit: 1, windowSeconds: 60 }
    await limiter.limit('a', policy)
    await limiter.limit('b', policy)
    await limiter.limit('c', policy)
    expect(await limiter.health()).toMatchObject({ keys: 2 })
    expect((await limiter.limit('a', policy)).allowed).toBe(true)
    expect((await limiter.limit('c', policy)).allowed).toBe(false)
  })
})

const available = requireTool(hasRedisServer(), 'redis-server (Debian package redis-server)')

describe.skipIf(!available)('shared backends', () => {
  let redis: RunningRedis
  let rest: UpstashRestServer
  const open: RedisRateLimiter[] = []
  const redisLimiter = (options: Partial<Parameters<typeof createRedisRateLimiter>[0]> = {}) => {
    const limiter = createRedisRateLimiter({ url: redis.url, ...options })
    open.push(limiter)
    return limiter
  }
  const restLimiter = (options: Partial<Parameters<typeof createUpstashRestRateLimiter>[0]> = {}) =>
    createUpstashRestRateLimiter({ url: rest.url, token: rest.token, ...options })
  const subjects: Record<string, PolicyRateLimiter> = {}
  const siblings: Record<string, PolicyRateLimiter> = {}

  beforeAll(async () => {
    redis = await startRedis()
    rest = await startUpstashRest({ redisUrl: redis.url })
    const shared = prefix()
    subjects.redis = redisLimiter({ prefix: shared })
    siblings.redis = redisLimiter({ prefix: shared })
    const viaRest = prefix()
    // The contract checks what is counted (200 parallel calls, exactly 5 allowed), not latency:
    // the REST fixture and the test share one process, and on a loaded CI machine 200 queued
    // HTTP calls can outlast the 1 s production deadline (tested on its own below).
    subjects.rest = restLimiter({ prefix: viaRest, timeoutMs: 10_000 })
    siblings.rest = restLimiter({ prefix: viaRest, base64: false, timeoutMs: 10_000 })
  })
  afterAll(async () => {
    await Promise.all(open.map((l) => l.close()))
    await rest?.stop()
    await redis?.stop()
  })

  describeRateLimiterContract('Redis (ioredis, RESP2)', () => ({
    limiter: subjects.redis!,
    sibling: siblings.redis!,
  }))
  describeRateLimiterContract('Upstash REST → Redis', () => ({
    limiter: subjects.rest!,
    sibling: siblings.rest!,
  }))

  it('the REST fixture speaks what @upstash/redis sends: commands, pipelines, transactions, base64', async () => {
    const before = { ...rest.stats }
    for (const base64 of [true, false]) {
      const client = new UpstashRedis({
        url: rest.url,
        token: rest.token,
        enableTelemetry: false,
        enableAutoPipelining: false,
        responseEncoding: base64 ? 'base64' : false,
      })
      const key = `${prefix()}:fixture`
      expect(await client.set(key, 'grüß dich 👋')).toBe('OK')
      expect(await client.get(key)).toBe('grüß dich 👋')
      expect(await client.multi().incr(`${key}:n`).incr(`${key}:n`).exec()).toEqual([1, 2])
      const [got, length] = await client.pipeline().get(key).strlen(key).exec()
      expect([got, length]).toEqual(['grüß dich 👋', Buffer.byteLength('grüß dich 👋')])
      await expect(client.evalsha('0'.repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/)
    }
    expect(rest.stats.commands).toBeGreaterThan(before.commands)
    expect(rest.stats.transactions).toBe(before.transactions + 2)
    expect(rest.stats.pipelines).toBeGreaterThan(before.pipelines)
  })

  it('Redis 7.0 refuses the library scripts as shipped; stripped, they run', async () => {
    const client = new Redis(redis.url, { protocol: 2, disableClientInfo: true })
    const script = '#!lua flags=allow-key-locking\n  return 42\n'
    await expect(client.eval(script, 0)).rejects.toThrow(/flag/i)
    expect(await client.eval(stripScriptFlags(script), 0)).toBe(42)
    expect(stripScriptFlags('return 1')).toBe('return 1')
    await client.quit()
  })

  it('stores hashed keys only: no address reaches Redis', async () => {
    const limiter = redisLimiter({ prefix: 'hashed', keySecret: 'k'.repeat(32) })
    await limiter.limit('lena@example.com', { name: 'login-email', limit: 3, windowSeconds: 60 })
    const client = new Redis(redis.url, { protocol: 2, disableClientInfo: true })
    const stored = await client.keys('hashed:*')
    await client.quit()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatch(/^hashed:login-email:sw:[\w-]{24}:\d+$/)
    expect(stored[0]).not.toContain('example')
  })

  it('the REST fixture refuses a wrong token, and the limiter answers 503 without leaking it', async () => {
    const { logger, lines } = createMemoryLogger()
    const limiter = createUpstashRestRateLimiter({ url: rest.url, token: 'wrong-token-123', logger })
    const refused = limiter.limit('who', { name: 'x', limit: 1, windowSeconds: 1 })
    await expect(refused).rejects.toBeInstanceOf(GlamError)
    await expect(refused).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 })
    expect(rest.stats.unauthorized).toBeGreaterThan(0)
    expect(lines.join('\n')).toContain('ratelimit.unavailable')
    expect(lines.join('\n')).not.toMatch(/wrong-token|who/)
    expect(await limiter.health()).toMatchObject({ status: 'down' })
  })

  it('a Redis that does not answer: 503 within the deadline, or a logged pass with failOpen', async () => {
    const { logger, records } = createMemoryLogger()
    // A port nobody listens on (the harness's server is already up on another).
    const down = `redis://127.0.0.1:${redis.port === 1 ? 2 : 1}`
    const closed = createRedisRateLimiter({ url: down, timeoutMs: 300, logger })
    open.push(closed)
    const started = performance.now()
    await expect(closed.limit('k', { name: 'p', limit: 1, windowSeconds: 1 })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(await closed.health()).toMatchObject({ status: 'down' })
    const lenient = createRedisRateLimiter({ url: down, timeoutMs: 300, failOpen: true, logger })
    open.push(lenient)
    expect(await lenient.limit('k', { name: 'p', limit: 1, windowSeconds: 1 })).toMatchObject({
      allowed: true,
    })
    expect(records().map((r) => r.event)).toContain('ratelimit.unavailable.passed')
  })
})

describe('factories check their options when built', () => {
  it.each([
    ['a non-redis URL', () => createRedisRateLimiter({ url: 'http://localhost:6379' })],
    ['a URL that is not one', () => createRedisRateLimiter({ url: 'localhost' })],
    ['a zero timeout', () => createRedisRateLimiter({ url: 'redis://127.0.0.1:1', timeoutMs: 0 })],
    ['a bad prefix', () => createRedisRateLimiter({ url: 'redis://127.0.0.1:1', prefix: 'a b' })],
    ['a short key secret', () => createRedisRateLimiter({ url: 'redis://127.0.0.1:1', keySecret: 'x' })],
    [
      'a REST URL without http',
      () => createUpstashRestRateLimiter({ url: 'redis://x', token: 't'.repeat(20) }),
    ],
    ['a missing token', () => createUpstashRestRateLimiter({ url: 'https://x.upstash.io', token: '' })],
    ['maxKeys of 0', () => createMemoryRateLimiter({ maxKeys: 0 })],
  ])('refuses %s', (_, build) => {
    expect(build).toThrow(TypeError)
  })
})
