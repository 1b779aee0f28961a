// The demo shop's feeds: valid Google Merchant XML and CSV with ETags, and imported into the demo
// shop's catalogue as `npm start` does (XML first, then the CSV, which changes nothing).
import { validateFeed } from '@glam/catalog'
import { demo } from '@glam/db'
import { startDemoShop } from '@glam/demo-shop'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importDemoFeeds } from './demo-feeds.ts'

describe('the demo shop’s feeds', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let shop: Awaited<ReturnType<typeof startDemoShop>>
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    shop = await startDemoShop({ port: 0, glamUrl: 'http://127.0.0.1:3000', publicKey: demo.shopPublicKey })
  })
  afterAll(async () => {
    await shop?.close()
    await t?.platform.close?.()
  })

  it('publishes its four products as Google Merchant XML and CSV, valid, with ETags', async () => {
    for (const path of ['/feeds/products.xml', '/feeds/products.csv']) {
      const res = await fetch(`${shop.url}${path}`)
      expect(res.status).toBe(200)
      const etag = res.headers.get('etag')!
      const body = new Uint8Array(await res.arrayBuffer())
      const report = await validateFeed([body], { fileName: path })
      expect(report).toMatchObject({
        outcome: 'IMPORTED',
        counts: { rowsRead: 4, valid: 4 },
        feed: { mapping: 'google' },
      })
      expect((await fetch(`${shop.url}${path}`, { headers: { 'if-none-match': etag } })).status).toBe(304)
    }
  })

  it('imports them into the demo shop’s catalogue', async () => {
    await importDemoFeeds(t.platform, shop.url)
    const products = await t.repos.catalog.products(demo.shopId)
    expect(products.map((p) => [p.sku, p.priceMinor, p.status])).toEqual([
      ['CLAY-MASK-75', 2990, 'active'],
      ['GLOW-SERUM-30', 3490, 'active'],
      ['LIP-OIL-ROSE', 1850, 'active'],
      ['SPF50-FLUID', 2400, 'active'],
    ])
    const runs = await t.repos.catalog.runs({ shopId: demo.shopId })
    expect(
      runs.map((r) => [r.status, (r.report as { counts: { created: number; unchanged: number } }).counts]),
    ).toEqual([
      ['applied', expect.objectContaining({ created: 0, unchanged: 4 })],
      ['applied', expect.objectContaining({ created: 4, unchanged: 0 })],
    ])
    expect(t.logLines.some((l) => l.includes('demo_feeds.imported'))).toBe(true)
    // Registered, so the scheduler runs them again; a second start registers nothing new.
    expect((await t.repos.catalog.feeds(demo.shopId)).map((f) => [f.url, f.schedule])).toEqual([
      [`${shop.url}/feeds/products.xml`, '*/30 * * * *'],
      [`${shop.url}/feeds/products.csv`, '*/30 * * * *'],
    ])
    await importDemoFeeds(t.platform, shop.url)
    expect(await t.repos.catalog.feeds(demo.shopId)).toHaveLength(2)
  })
})
