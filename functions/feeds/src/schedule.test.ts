// The feeds-due job: 52 feeds scheduled for the same minute all run, each once, never more than
// GLAM_FEED_CONCURRENCY at a time; two containers running the job at once still run each once;
// a transient fetch failure is retried.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runDueFeeds } from './jobs.container.ts'

describe('feeds-due', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let server: Server
  let origin = ''
  const hits = new Map<string, number>()
  let inFlight = 0
  let most = 0
  let failFirst = new Set<string>()
  const csv = (i: number) =>
    `id,title,link,image_link,price,availability\nS${i}-1,Serum ${i},https://shop.example/${i},https://shop.example/${i}.jpg,9.90 EUR,in stock\n`
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? ''
      hits.set(path, (hits.get(path) ?? 0) + 1)
      inFlight++
      most = Math.max(most, inFlight)
      setTimeout(() => {
        inFlight--
        if (failFirst.has(path)) {
          failFirst.delete(path)
          res.writeHead(503)
          return res.end()
        }
        res.writeHead(200, { 'content-type': 'text/csv' })
        res.end(csv(Number(/\d+/.exec(path)?.[0])))
      }, 20)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    origin = `127.0.0.1:${(server.address() as AddressInfo).port}`
    t = await createTestAppWithDatabase({
      env: { GLAM_FETCH_ALLOW_HOSTS: origin, GLAM_FEED_CONCURRENCY: '4' },
    })
    for (let i = 0; i < 52; i++)
      await t.repos.catalog.createFeed({
        shopId: `shop-${i}`,
        name: `Feed ${i}`,
        url: `http://${origin}/feed/${i}.csv`,
        schedule: '* * * * *',
      })
    await t.repos.catalog.createFeed({
      shopId: 'shop-x',
      name: 'On request only',
      url: `http://${origin}/feed/999.csv`,
    })
  })
  afterAll(() => server?.close())
  const ctx = () => ({ platform: t.platform, signal: new AbortController().signal, progress: () => {} })

  it('runs all 52 due feeds once, at most 4 at a time, and none again before the next tick', async () => {
    const summary = await runDueFeeds(ctx())
    expect(summary).toMatchObject({ due: 52, IMPORTED: 52, busy: 0, skipped: 0 })
    expect(hits.size).toBe(52)
    expect([...hits.values()].every((n) => n === 1)).toBe(true)
    expect(most).toBeLessThanOrEqual(4)
    expect(most).toBeGreaterThan(1)
    expect(await runDueFeeds(ctx())).toMatchObject({ due: 0 })
    expect(hits.size).toBe(52)
  })

  it('runs each feed once when two containers run the job at the same minute', async () => {
    t.clock.set('2026-06-01T10:01:30.000Z')
    hits.clear()
    const [a, b] = await Promise.all([runDueFeeds(ctx()), runDueFeeds(ctx())])
    expect(a.due + b.due).toBe(104)
    expect([...hits.values()]).toHaveLength(52)
    expect([...hits.values()].every((n) => n === 1)).toBe(true)
  })

  it('retries a transient failure and records one run', async () => {
    t.clock.set('2026-06-01T10:02:30.000Z')
    hits.clear()
    failFirst = new Set(['/feed/7.csv'])
    await runDueFeeds(ctx(), { retryDelaysMs: [10, 10] })
    expect(hits.get('/feed/7.csv')).toBe(2)
    const runs = await t.repos.catalog.runs({ shopId: 'shop-7' })
    expect(runs).toHaveLength(3)
    expect(runs[0]).toMatchObject({ status: 'applied' })
  })
})
