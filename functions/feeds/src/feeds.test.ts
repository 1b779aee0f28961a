// POST /api/feeds/validate on the whole app (containers): the report for any outcome, who may
// call it, bad options answered with the house error shape, nothing written.
import { gzipSync } from 'node:zlib'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

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
