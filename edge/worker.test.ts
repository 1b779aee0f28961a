// The module worker under Miniflare (workerd): scheduled() runs, and a broken configuration
// answers 503 with a code instead of crashing the isolate.
import { demo } from '@glam/db'
import { startWorkerdRuntime } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

describe('the edge worker', () => {
  it('runs the edge-safe jobs of a cron trigger through scheduled(), recorded in D1', async () => {
    const worker = await startWorkerdRuntime()
    try {
      const result = await worker.scheduled('* * * * *')
      expect(result.outcome).toBe('ok')
      const d1 = (await worker.d1()) as unknown as {
        prepare(q: string): { all(): Promise<{ results: Record<string, unknown>[] }> }
      }
      const { results } = await d1.prepare('select job, status, "trigger" from job_runs').all()
      expect(results).toEqual([
        { job: 'health-probe', status: 'succeeded', trigger: 'edge-cron' },
        { job: 'search-sync', status: 'succeeded', trigger: 'edge-cron' },
        { job: 'newsletter-sends', status: 'succeeded', trigger: 'edge-cron' },
        { job: 'alerts-send', status: 'succeeded', trigger: 'edge-cron' },
        { job: 'portal-sitemaps', status: 'succeeded', trigger: 'edge-cron' },
      ])
      await expect.poll(() => worker.output.join('\n')).toContain('"scheduled.done"')
    } finally {
      await worker.stop()
    }
  })

  it("keeps portal pages in the data centre's Cache API until the cron purges a changed product's", async () => {
    const worker = await startWorkerdRuntime()
    try {
      // The worker seeds its demo data (the demo shop) before its first request.
      expect((await fetch(`${worker.url}/healthz`)).status).toBe(200)
      const d1 = (await worker.d1()) as unknown as {
        prepare(q: string): { bind(...values: unknown[]): { run(): Promise<unknown> } }
      }
      // Two products of the demo shop, as a feed run five minutes ago left them (feeds run in
      // containers: written here directly).
      const ids = ['0195f000-0000-7000-8000-00000000e001', '0195f000-0000-7000-8000-00000000e002']
      for (const [i, id] of ids.entries())
        await d1
          .prepare(
            `insert into products (id, shop_id, sku, title, brand, url, price_minor, currency, availability, seen_at, created_at, updated_at)
             values (?2, ?3, ?4, ?5, ?6, ?7, 1990, 'EUR', 'in_stock', ?1, ?1, ?1)`,
          )
          .bind(
            Date.now() - 5 * 60_000,
            id,
            demo.shopId,
            `EDGE-${i}`,
            `Kantenglanz Serum ${i}`,
            `Marke ${i}`,
            `https://shop.example/e${i}`,
          )
          .run()
      expect((await worker.scheduled('* * * * *')).outcome).toBe('ok')
      const search = await fetch(`${worker.url}/api/search?q=kantenglanz`)
      const hits = ((await search.json()) as { hits: { productId: string; link: string }[] }).hits
      const hit = hits.find((h) => h.productId === ids[0])
      const other = hits.find((h) => h.productId === ids[1])
      expect(hit && other).toBeDefined()
      const cacheOf = async (path: string) => {
        const res = await fetch(`${worker.url}${path}`, { headers: { accept: 'text/html' } })
        return {
          state: res.headers.get('x-glam-cache'),
          html: await res.text(),
          etag: res.headers.get('etag'),
        }
      }
      expect((await cacheOf(hit!.link)).state).toBe('miss')
      expect((await cacheOf(other!.link)).state).toBe('miss')
      const kept = await cacheOf(hit!.link)
      expect(kept.state).toBe('hit')
      expect(kept.etag).toMatch(/^"[0-9a-f]{40}"$/)
      await d1
        .prepare(
          'update products set price_minor = 4242, sale_price_minor = null, updated_at = ? where id = ?',
        )
        .bind(Date.now(), hit!.productId)
        .run()
      expect((await cacheOf(hit!.link)).html).not.toContain('42,42')
      // The next minute's tick (a job runs once per tick).
      expect((await worker.scheduled('* * * * *', new Date(Date.now() + 60_000))).outcome).toBe('ok')
      // The purge reaches this isolate within a second (it reads the record from KV at most that often).
      await expect
        .poll(async () => (await cacheOf(hit!.link)).html, { timeout: 5000, interval: 300 })
        .toContain('42,42')
      expect((await cacheOf(other!.link)).state).toBe('hit')
    } finally {
      await worker.stop()
    }
  })

  it('refuses to serve with an invalid production configuration, naming no secret', async () => {
    const worker = await startWorkerdRuntime({ GLAM_ENV: 'production' })
    try {
      const res = await fetch(`${worker.url}/healthz`)
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({
        error: { code: 'SERVICE_UNAVAILABLE', message: 'Invalid configuration.' },
      })
      await expect.poll(() => worker.output.join('\n')).toContain('GLAM_SECRET is required in production')
    } finally {
      await worker.stop()
    }
  })
})
