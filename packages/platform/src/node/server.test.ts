import { spawnSync } from 'node:child_process'
import { createMemoryLogger } from '@glam/core'
import { collectClaiming } from '@glam/testing/forged-collect'
import { createTestApp, testConfig } from '@glam/testing/platform'
import { repoRoot, startNodeRuntime } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'
import { createNodePlatform } from './platform.ts'
import { startNodeServer } from './server.ts'

describe('the Node server', () => {
  it('on shutdown stops accepting, finishes in-flight requests and background work', async () => {
    const config = testConfig({ PORT: '0', HOST: '127.0.0.1' })
    const { logger, records } = createMemoryLogger('info')
    const server = await startNodeServer(config, createNodePlatform(config, { logger }))
    const base = `http://127.0.0.1:${server.port}`
    const scheduled = await fetch(`${base}/dev/background?ms=300`, { method: 'POST' })
    expect(scheduled.status).toBe(202)
    const slow = fetch(`${base}/dev/slow?ms=400`)
    await new Promise((r) => setTimeout(r, 50))
    const stopping = server.shutdown('test')
    await new Promise((r) => setTimeout(r, 50))
    await expect(fetch(`${base}/healthz`, { headers: { connection: 'close' } })).rejects.toThrow()
    const res = await slow
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ slept: 400 })
    await stopping
    const events = records().map((r) => r.event)
    expect(events).toContain('dev.background.done')
    expect(events.indexOf('dev.background.done')).toBeLessThan(events.indexOf('server.stopped'))
    expect(records().find((r) => r.event === 'server.stopped')).toMatchObject({
      requestsFinished: true,
      backgroundFinished: true,
    })
  })

  it('exits 0 on SIGTERM after answering the request in flight', async () => {
    const running = await startNodeRuntime()
    const slow = fetch(`${running.url}/dev/slow?ms=500`)
    await new Promise((r) => setTimeout(r, 100))
    running.child.kill('SIGTERM')
    const res = await slow
    expect(res.status).toBe(200)
    const code = await new Promise((r) =>
      running.child.exitCode !== null ? r(running.child.exitCode) : running.child.once('exit', r),
    )
    expect(code).toBe(0)
    expect(running.output.join('\n')).toContain('"server.stopped"')
  })

  it('refuses to start in production without GLAM_SECRET, naming it', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'packages/platform/src/node/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        GLAM_ENV: 'production',
        GLAM_SECRET: '',
        GLAM_PUBLIC_URL: 'https://glam.example',
        PORT: '0',
      },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/GLAM_SECRET is required in production/)
  })

  it('does not mount debug routes in production', async () => {
    const { app } = createTestApp({
      env: {
        GLAM_ENV: 'production',
        GLAM_SECRET: 's'.repeat(40),
        GLAM_MASTER_KEY: 'm'.repeat(40),
        GLAM_PUBLIC_URL: 'https://glam.example',
        MAILGUN_API_KEY: 'key-test',
        MAILGUN_DOMAIN: 'mg.glam.example',
        MAILGUN_WEBHOOK_SIGNING_KEY: 'whsk-production-test-0123456789',
        MAIL_FROM: 'Glam <no-reply@glam.example>',
        UPSTASH_REDIS_REST_URL: 'https://upstash.invalid',
        UPSTASH_REDIS_REST_TOKEN: 'AYtest0123456789token',
      },
    })
    expect((await app.request('/dev/crash')).status).toBe(404)
    expect((await app.request('/healthz')).status).toBe(200)
  })
})

describe('client addresses on the Node server', () => {
  const collect = collectClaiming
  const serve = (env: Record<string, string>) =>
    startNodeServer(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        GLAM_SCHEDULER: 'false',
        GLAM_EVENTS: 'memory',
        GLAM_COLLECT_PER_IP_PER_MINUTE: '3',
        ...env,
      }),
    )

  it('a forged X-Forwarded-For (or X-Real-IP, CF-Connecting-IP) does not reset a per-IP limit', async () => {
    const server = await serve({})
    try {
      const base = `http://127.0.0.1:${server.port}`
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push(await collect(base, `198.51.100.${i + 1}`))
      expect(statuses).toEqual([202, 202, 202, 429, 429])
    } finally {
      await server.shutdown('test')
    }
  })

  it('behind a proxy in GLAM_TRUSTED_PROXIES the forwarded address is the client', async () => {
    const server = await serve({ GLAM_TRUSTED_PROXIES: '127.0.0.1' })
    try {
      const base = `http://127.0.0.1:${server.port}`
      const distinct: number[] = []
      for (let i = 0; i < 5; i++) distinct.push(await collect(base, `198.51.100.${i + 1}`))
      expect(distinct).toEqual([202, 202, 202, 202, 202])
      const same: number[] = []
      for (let i = 0; i < 4; i++) same.push(await collect(base, '203.0.113.9'))
      expect(same).toEqual([202, 202, 202, 429])
    } finally {
      await server.shutdown('test')
    }
  })
})
