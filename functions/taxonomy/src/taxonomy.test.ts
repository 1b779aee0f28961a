// /api/taxonomy and /api/category-mappings on the whole app (SQLite, the shipped taxonomy loaded at
// start): search and lookups for catalogue readers, mappings written by staff that place the
// shop's products again, another customer's shop answering like a missing one, bad input in the
// house error shape.
import { importFeed } from '@glam/catalog/import'
import { taxonomyResolver } from '@glam/catalog/taxonomy'
import { demo } from '@glam/db'
import { jsonCall } from '@glam/testing/json-call'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

type Json = Record<string, unknown> & { items?: Record<string, unknown>[] }

describe('the taxonomy and category mappings over HTTP', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'staff' | 'client' | 'influencer', string>
  let shopId: string
  let otherShopId: string

  const request = jsonCall<Json>(() => t.app)
  const call = async (...args: Parameters<typeof request>) => {
    const { status, body } = await request(...args)
    return { status, body }
  }
  const placed = async () =>
    Object.fromEntries((await t.repos.catalog.products(shopId)).map((p) => [p.sku, p.taxonomyId]))

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    tokens = await demoTokens(t, ['staff', 'client', 'influencer'])
    const created = await t.repos.shops.create({
      name: 'Demo Beauty Outlet',
      origins: ['https://outlet.demo.example'],
      customerId: demo.customerId,
    })
    shopId = created.shop.id
    const other = await t.repos.customers.create({ name: 'Brand B' })
    otherShopId = (
      await t.repos.shops.create({ name: 'Shop B', origins: ['https://b.example'], customerId: other.id })
    ).shop.id
    const feed = [
      'id,title,link,image_link,price,availability,google_product_category,product_type',
      'L1,Rouge 1,https://o.example/l1,https://o.example/l1.jpg,9.90 EUR,in stock,,Make-up > Lippen',
      'L2,Rouge 2,https://o.example/l2,https://o.example/l2.jpg,9.90 EUR,in stock,,Make-up>Lippen',
      'N1,Lack,https://o.example/n1,https://o.example/n1.jpg,5.90 EUR,in stock,Nagellack,Make-up > Nägel',
      'G1,Lack 2,https://o.example/g1,https://o.example/g1.jpg,5.90 EUR,in stock,2683,Make-up > Nägel',
      'P1,Puder,https://o.example/p1,https://o.example/p1.jpg,7.90 EUR,in stock,Health & Beauty > Personal Care > Cosmetics,',
    ].join('\n')
    await importFeed({
      repos: t.repos,
      shopId,
      source: 'outlet.csv',
      bytes: [Buffer.from(feed)],
      taxonomyOf: await taxonomyResolver(t.repos, shopId),
    })
  })

  it('searches the taxonomy in English and German, browses from the top, looks up a category', async () => {
    const en = await call('/api/taxonomy?q=LIPSTICK&limit=3', tokens.client)
    expect(en.status).toBe(200)
    expect(en.body.version).toBe('2021-09-21')
    expect(en.body.items![0]).toEqual({
      id: 3021,
      parentId: 2645,
      depth: 6,
      nameEn: 'Lipstick',
      pathEn: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup > Lipstick',
      nameDe: 'Lippenstift',
      pathDe: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Lippen > Lippenstift',
    })
    expect(en.body.items!.length).toBeLessThanOrEqual(3)
    const de = await call('/api/taxonomy?q=nagellack&lang=de', tokens.staff)
    expect(de.body.items!.map((c) => c.id)).toContain(2683)
    expect((await call('/api/taxonomy?q=2683', tokens.client)).body.items!.map((c) => c.id)).toEqual([2683])
    expect((await call('/api/taxonomy?limit=100', tokens.client)).body.items).toHaveLength(21)

    const one = await call('/api/taxonomy/2683', tokens.client)
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({ id: 2683, nameEn: 'Nail Polishes', children: [] })
    expect((one.body.ancestors as { id: number }[]).map((a) => a.id)).toEqual([469, 2915, 473, 478])
    const top = await call('/api/taxonomy/469', tokens.client)
    expect(top.body.ancestors).toEqual([])
    expect((top.body.children as { nameEn: string }[]).map((c) => c.nameEn)).toEqual([
      'Health Care',
      'Jewelry Cleaning & Care',
      'Personal Care',
    ])
  })

  it('answers bad taxonomy requests with the house error shape, and only to catalogue readers', async () => {
    for (const query of ['?lang=fr', '?limit=0', '?limit=101', '?q=', '?shop=x']) {
      const res = await call(`/api/taxonomy${query}`, tokens.client)
      expect(res.status, query).toBe(400)
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.any(String) } })
    }
    expect((await call('/api/taxonomy/lipstick', tokens.client)).body).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    })
    expect(await call('/api/taxonomy/99999999', tokens.client)).toEqual({
      status: 404,
      body: {
        error: {
          code: 'NOT_FOUND',
          message: 'No taxonomy category 99999999.',
          requestId: expect.any(String),
        },
      },
    })
    expect((await call('/api/taxonomy?q=lip', tokens.influencer)).status).toBe(403)
    expect((await call('/api/taxonomy?q=lip')).status).toBe(401)
  })

  it("lists a shop's unplaced category texts, and places its products when staff map one", async () => {
    expect(await placed()).toEqual({ L1: null, L2: null, N1: null, G1: 2683, P1: 473 })
    const unmapped = await call(`/api/category-mappings/unmapped?shop=${shopId}`, tokens.client)
    expect(unmapped.status).toBe(200)
    expect(unmapped.body.items).toEqual([
      { category: 'Make-up > Lippen', field: 'productType', products: 1 },
      { category: 'Make-up > Nägel', field: 'productType', products: 1 },
      { category: 'Make-up>Lippen', field: 'productType', products: 1 },
      { category: 'Nagellack', field: 'category', products: 1 },
    ])

    const mapping = { shopId, category: ' make-up>LIPPEN ', taxonomyId: 3021 }
    expect((await call('/api/category-mappings', tokens.client, 'PUT', mapping)).status).toBe(403)
    const put = await call('/api/category-mappings', tokens.staff, 'PUT', mapping)
    expect(put).toEqual({
      status: 200,
      body: {
        shopId,
        category: 'make-up > LIPPEN',
        taxonomyId: 3021,
        pathEn: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup > Lipstick',
        pathDe: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Lippen > Lippenstift',
        remapped: 2,
      },
    })
    const nails = await call('/api/category-mappings', tokens.staff, 'PUT', {
      shopId,
      category: 'Nagellack',
      taxonomyId: 2683,
    })
    expect(nails.body.remapped).toBe(1)
    expect(await placed()).toEqual({ L1: 3021, L2: 3021, N1: 2683, G1: 2683, P1: 473 })
    expect((await call(`/api/category-mappings/unmapped?shop=${shopId}`, tokens.client)).body.items).toEqual(
      [],
    )

    const listed = await call(`/api/category-mappings?shop=${shopId}`, tokens.client)
    expect(listed.body.items).toEqual([
      expect.objectContaining({ category: 'Nagellack', taxonomyId: 2683, updatedAt: expect.any(String) }),
      expect.objectContaining({ category: 'make-up > LIPPEN', taxonomyId: 3021, pathDe: expect.any(String) }),
    ])

    const gone = await call('/api/category-mappings', tokens.staff, 'DELETE', {
      shopId,
      category: 'Make-up > Lippen',
    })
    expect(gone).toEqual({ status: 200, body: { shopId, category: 'Make-up > Lippen', remapped: 2 } })
    expect(await placed()).toMatchObject({ L1: null, L2: null, N1: 2683 })
    expect(
      (await call('/api/category-mappings', tokens.staff, 'DELETE', { shopId, category: 'Make-up > Lippen' }))
        .body,
    ).toMatchObject({ error: { code: 'NOT_FOUND', message: 'This shop has no mapping for this category.' } })
  })

  it("answers another customer's shop exactly like a missing one, and refuses bad mapping input", async () => {
    const missing = '01900000-0000-7000-8000-00000000dead'
    for (const path of ['/api/category-mappings?shop=', '/api/category-mappings/unmapped?shop=']) {
      const theirs = await call(`${path}${otherShopId}`, tokens.client)
      const none = await call(`${path}${missing}`, tokens.client)
      expect(theirs.status).toBe(404)
      expect(theirs.body.error).toEqual({ ...(none.body.error as object), requestId: expect.any(String) })
      expect((await call(`${path}${otherShopId}`, tokens.staff)).status).toBe(200)
    }
    expect((await call('/api/category-mappings', tokens.client)).body).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    })
    const put = (body: unknown) => call('/api/category-mappings', tokens.staff, 'PUT', body)
    expect((await put({ shopId, category: 'X', taxonomyId: 99999999 })).body).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'No taxonomy category 99999999.' },
    })
    expect((await put({ shopId: missing, category: 'X', taxonomyId: 2683 })).body).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'No such shop.' },
    })
    for (const bad of [
      { shopId, category: '   ', taxonomyId: 2683 },
      { shopId, category: 'x'.repeat(501), taxonomyId: 2683 },
      { shopId, category: 'X', taxonomyId: '2683' },
      { shopId, category: 'X', taxonomyId: 2683, extra: true },
      { shopId, taxonomyId: 2683 },
    ]) {
      const res = await put(bad)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: expect.any(Array) } })
    }
    expect((await put('{"shopId":')).body).toMatchObject({ error: { code: 'MALFORMED_JSON' } })
    const text = await t.app.request('/api/category-mappings', {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokens.staff}`, 'content-type': 'text/plain' },
      body: 'x',
    })
    expect(text.status).toBe(415)
  })
})
