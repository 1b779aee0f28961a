// POST /api/feeds/validate on the whole app (containers): the report for any outcome, who may
// call it, bad options answered with the house error shape, nothing written.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { importFeed } from '@glam/catalog/import'
import { demo } from '@glam/db'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const csv = [
  'id,title,link,image_link,price,availability',
  'v1,Velvet Lipstick,https://shop.example/v1,https://shop.example/v1.jpg,24.90 EUR,in stock',
  'v2,,https://shop.example/v2,https://shop.example/v2.jpg,24.90 EUR,in stock',
].join('\n')

describe('POST /api/feeds/validate', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'staff' | 'client' | 'influencer', string>
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    tokens = await demoTokens(t, ['staff', 'client', 'influencer'])
  })
  const post = (body: BodyInit, query = '', token?: string) =>
    t.app.request(`/api/feeds/validate${query}`, {
      method: 'POST',
      body,
      headers: {
        authorization: `Bearer ${token ?? tokens.staff}`,
        'content-type': 'application/octet-stream',
      },
    })

  it('answers the report, reasons and row numbers included, and writes nothing', async () => {
    const before = await t.database.db.select().from(t.database.t.products)
    const res = await post(csv)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const report = (await res.json()) as Record<string, unknown>
    expect(report).toMatchObject({
      outcome: 'IMPORTED_WITH_ERRORS',
      counts: { rowsRead: 2, valid: 1, invalid: 1, created: 0 },
      invalidByReason: { MISSING_TITLE: 1 },
      invalid: [{ row: 2, id: 'v2', reason: 'MISSING_TITLE' }],
      feed: { format: 'csv', mapping: 'google' },
    })
    expect(await t.database.db.select().from(t.database.t.products)).toEqual(before)
  })

  it('reads gzip and takes the format and mapping from the query', async () => {
    const res = await post(gzipSync(Buffer.from(csv.replace(/,/g, '\t'))), '?format=tsv&mapping=google')
    expect(await res.json()).toMatchObject({
      outcome: 'IMPORTED_WITH_ERRORS',
      feed: { format: 'tsv', packing: 'gzip' },
    })
  })

  it('reports a broken document as FEED_REJECTED with a 200 (a finding, not a failed request)', async () => {
    const res = await post('<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>1</g:id>')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      outcome: 'FEED_REJECTED',
      feedErrors: [{ reason: 'PARSE_ERROR', line: 1 }],
    })
  })

  it('lets staff and clients validate, not influencers or strangers, and refuses unknown options', async () => {
    expect((await post(csv, '', tokens.client)).status).toBe(200)
    const influencer = await post(csv, '', tokens.influencer)
    expect(influencer.status).toBe(403)
    const stranger = await t.app.request('/api/feeds/validate', { method: 'POST', body: csv })
    expect(stranger.status).toBe(401)
    const bad = await post(csv, '?format=xlsx')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })
})

describe('feed runs and products over HTTP', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'staff' | 'client' | 'influencer', string>
  const rows = (n: number) =>
    `id,title,link,image_link,price,availability\n${Array.from({ length: n }, (_, i) => `H-${i},Serum ${i},https://shop.example/h${i},https://shop.example/h${i}.jpg,12.00 EUR,in stock`).join('\n')}\n`
  const as = (token: string, method = 'GET') => ({ method, headers: { authorization: `Bearer ${token}` } })
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    tokens = await demoTokens(t, ['staff', 'client', 'influencer'])
  })

  it('shows a run with its report, lists the products, and lets staff release a held run', async () => {
    const first = await importFeed({
      repos: t.repos,
      shopId: demo.shopId,
      source: 'h.csv',
      bytes: [Buffer.from(rows(10))],
    })
    const run = await t.app.request(`/api/feed-runs/${first.runId}`, as(tokens.client))
    expect(run.status).toBe(200)
    expect(await run.json()).toMatchObject({
      id: first.runId,
      status: 'applied',
      outcome: 'IMPORTED',
      report: { counts: { created: 10 } },
    })
    expect((await t.app.request(`/api/feed-runs/${first.runId}`, as(tokens.influencer))).status).toBe(403)
    expect(
      (await t.app.request(`/api/feed-runs/${first.runId}/release`, as(tokens.staff, 'POST'))).status,
    ).toBe(409)
    expect(
      (await t.app.request(`/api/feed-runs/${first.runId}/release`, as(tokens.client, 'POST'))).status,
    ).toBe(403)

    const products = await t.app.request(`/api/products?shop=${demo.shopId}&limit=4`, as(tokens.client))
    const page = (await products.json()) as { items: Record<string, unknown>[]; nextCursor: string | null }
    expect(page.items).toHaveLength(4)
    expect(page.items[0]).toEqual({
      id: expect.any(String),
      shopId: demo.shopId,
      sku: expect.stringMatching(/^H-\d$/),
      title: expect.stringMatching(/^Serum \d$/),
      brand: null,
      priceMinor: 1200,
      salePriceMinor: null,
      currency: 'EUR',
      availability: 'in_stock',
      gtin: null,
      link: expect.stringMatching(/^https:\/\/shop\.example\/h\d$/),
      imageUrl: expect.stringMatching(/\.jpg$/),
      condition: 'new',
      status: 'active',
      category: null,
      taxonomyId: null,
    })
    const next = await t.app.request(
      `/api/products?shop=${demo.shopId}&cursor=${page.nextCursor}`,
      as(tokens.client),
    )
    expect(((await next.json()) as { items: unknown[] }).items).toHaveLength(6)
    const one = await t.app.request(`/api/products?shop=${demo.shopId}&sku=H-3`, as(tokens.staff))
    expect(((await one.json()) as { items: { sku: string }[] }).items.map((p) => p.sku)).toEqual(['H-3'])
    expect((await t.app.request('/api/products', as(tokens.client))).status).toBe(400)
    expect((await t.app.request('/api/products?shop=nope', as(tokens.client))).status).toBe(404)

    const held = await importFeed({
      repos: t.repos,
      shopId: demo.shopId,
      source: 'h.csv',
      bytes: [Buffer.from(rows(5))],
    })
    expect(held.outcome).toBe('HELD_FOR_REVIEW')
    const released = await t.app.request(`/api/feed-runs/${held.runId}/release`, as(tokens.staff, 'POST'))
    expect(await released.json()).toMatchObject({ status: 'applied', report: { counts: { deactivated: 5 } } })
    const inactive = await t.app.request(
      `/api/products?shop=${demo.shopId}&status=inactive`,
      as(tokens.staff),
    )
    expect(((await inactive.json()) as { items: unknown[] }).items).toHaveLength(5)
  })
})

describe('registered feeds: created, imported from their URL with conditional GETs, or uploaded', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'staff' | 'client', string>
  let server: Server
  let origin = ''
  let hits = 0
  const body = `id,title,link,image_link,price,availability\nU-1,Mascara,https://shop.example/u1,https://shop.example/u1.jpg,9.90 EUR,in stock\nU-2,Kajal,https://shop.example/u2,https://shop.example/u2.jpg,4.90 EUR,in stock\n`
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' })
        return res.end()
      }
      res.writeHead(200, { 'content-type': 'text/csv', etag: '"v1"' })
      res.end(body)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    origin = `127.0.0.1:${(server.address() as AddressInfo).port}`
    t = await createTestAppWithDatabase({ env: { GLAM_FETCH_ALLOW_HOSTS: origin } })
    tokens = await demoTokens(t, ['staff', 'client'])
  })
  afterAll(() => server?.close())
  const call = (path: string, token: string, init: RequestInit = {}) =>
    t.app.request(path, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    })

  it('registers a feed, imports it, and answers a 304 with a run that changed nothing', async () => {
    const created = await call('/api/feeds', tokens.staff, {
      method: 'POST',
      body: JSON.stringify({
        shopId: demo.shopId,
        name: 'Main feed',
        url: `http://${origin}/feed.csv`,
        schedule: '0 */6 * * *',
      }),
    })
    expect(created.status).toBe(201)
    const feed = (await created.json()) as { id: string }
    const first = await call(`/api/feeds/${feed.id}/import`, tokens.staff, { method: 'POST' })
    expect(await first.json()).toMatchObject({ outcome: 'IMPORTED', counts: { created: 2 } })
    const second = await call(`/api/feeds/${feed.id}/import`, tokens.staff, { method: 'POST' })
    expect(await second.json()).toMatchObject({
      outcome: 'IMPORTED',
      feed: { notModified: true },
      counts: { unchanged: 2, created: 0, updated: 0 },
    })
    expect(hits).toBe(2)
    const runs = (await (await call(`/api/feeds/${feed.id}/runs`, tokens.client)).json()) as {
      items: { status: string }[]
    }
    expect(runs.items.map((r) => r.status)).toEqual(['applied', 'applied'])
    const list = (await (await call(`/api/feeds?shop=${demo.shopId}`, tokens.client)).json()) as {
      items: { name: string }[]
    }
    expect(list.items.map((f) => f.name)).toContain('Main feed')
  })

  it('imports an uploaded body, and refuses a second run while one holds the lease', async () => {
    const feed = await t.repos.catalog.createFeed({ shopId: demo.shopId, name: 'Uploads' })
    const uploaded = await call(`/api/feeds/${feed.id}/import`, tokens.staff, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv' },
    })
    const up = await uploaded.json()
    if (!('outcome' in (up as object)))
      console.log(
        'DEBUG',
        t.logLines
          .filter((l) => l.includes('"error"'))
          .slice(-1)
          .join('')
          .slice(0, 1500),
      )
    expect(up).toMatchObject({ outcome: 'IMPORTED', counts: { valid: 2 } })
    expect(await t.repos.leases.take({ name: `feeds/${feed.id}`, holder: 'elsewhere', ttlMs: 60_000 })).toBe(
      true,
    )
    const busy = await call(`/api/feeds/${feed.id}/import`, tokens.staff, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv' },
    })
    expect(busy.status).toBe(409)
    expect(await busy.json()).toMatchObject({ error: { code: 'FEED_RUN_IN_PROGRESS' } })
    const noUrl = await t.repos.catalog.createFeed({ shopId: demo.shopId, name: 'No URL' })
    expect(
      await (await call(`/api/feeds/${noUrl.id}/import`, tokens.staff, { method: 'POST' })).json(),
    ).toMatchObject({
      outcome: 'FEED_REJECTED',
      feedErrors: [{ reason: 'FETCH_FAILED' }],
    })
  })

  it('refuses private URLs, bad schedules, other shops and callers who may not write', async () => {
    const post = (input: Record<string, unknown>, token = tokens.staff) =>
      call('/api/feeds', token, {
        method: 'POST',
        body: JSON.stringify({ shopId: demo.shopId, name: 'x', ...input }),
      })
    expect((await post({ url: 'http://169.254.169.254/latest' })).status).toBe(400)
    expect((await post({ url: 'ftp://shop.example/feed.csv' })).status).toBe(400)
    expect((await post({ url: 'https://shop.example/feed.csv', schedule: 'every day' })).status).toBe(400)
    expect((await post({ shopId: 'nope', url: 'https://shop.example/feed.csv' })).status).toBe(404)
    expect((await post({ url: 'https://shop.example/feed.csv' }, tokens.client)).status).toBe(403)
  })
})
