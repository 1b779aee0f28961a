// The REST backend on workerd: bundled the way wrangler bundles the worker, run under Miniflare,
// talking to the local Upstash-shaped endpoint in front of a real Redis.

import { hasRedisServer, type RunningRedis, startRedis } from '@glam/testing/redis'
import { startFixtureWorker } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import { startUpstashRest, type UpstashRestServer } from '@glam/testing/upstash-rest'
import type { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const available = requireTool(hasRedisServer(), 'redis-server (Debian package redis-server)')

describe.skipIf(!available)('Upstash REST rate limiter on workerd', () => {
  let redis: RunningRedis
  let rest: UpstashRestServer
  let mf: Miniflare
  let worker: Awaited<ReturnType<typeof startFixtureWorker>> | undefined

  beforeAll(async () => {
    redis = await startRedis()
    rest = await startUpstashRest({ redisUrl: redis.url })
    worker = await startFixtureWorker('packages/ratelimit/src/workerd-fixture.ts', {
      REST_URL: rest.url,
      REST_TOKEN: rest.token,
    })
    mf = worker.mf
  })
  afterAll(async () => {
    await worker?.stop()
    await rest?.stop()
    await redis?.stop()
  })

  it('50 parallel calls against 5 per hour allow exactly 5, and health is ok', async () => {
    const res = await mf.dispatchFetch(`http://worker/?key=burst-${Date.now()}&calls=50`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ adapter: 'upstash-rest', allowed: 5, health: { status: 'ok' } })
    expect(rest.stats.pipelines + rest.stats.commands).toBeGreaterThan(0)
  })
})
