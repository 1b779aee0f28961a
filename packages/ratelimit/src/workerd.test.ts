// The REST backend on workerd: bundled the way wrangler bundles the worker, run under Miniflare,
// talking to the local Upstash-shaped endpoint in front of a real Redis.

import { rmSync } from 'node:fs'
import { hasRedisServer, type RunningRedis, startRedis } from '@glam/testing/redis'
import { bundleWorker, compatibilityDate, repoRoot } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import { startUpstashRest, type UpstashRestServer } from '@glam/testing/upstash-rest'
import type { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const available = requireTool(hasRedisServer(), 'redis-server (Debian package redis-server)')

describe.skipIf(!available)('Upstash REST rate limiter on workerd', () => {
  let redis: RunningRedis
  let rest: UpstashRestServer
  let mf: Miniflare
  let scriptPath = ''

  beforeAll(async () => {
    redis = await startRedis()
    rest = await startUpstashRest({ redisUrl: redis.url })
    scriptPath = await bundleWorker(
      'packages/ratelimit/src/workerd-fixture.ts',
      `dist/ratelimit-workerd/worker-${process.pid}.js`,
    )
    const { Miniflare } = await import('miniflare')
    mf = new Miniflare({
      modules: true,
      scriptPath,
      modulesRoot: repoRoot,
      compatibilityDate,
      compatibilityFlags: ['nodejs_compat'],
      bindings: { REST_URL: rest.url, REST_TOKEN: rest.token },
    })
    await mf.ready
  })
  afterAll(async () => {
    await mf?.dispose()
    if (scriptPath) rmSync(scriptPath, { force: true })
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
