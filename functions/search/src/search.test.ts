// /api/search on the whole app (containers): products a feed run imports are found at once,
// those the next run drops leave the results when it ends, variants collapse, bad input is a
// clear 400, staff manage synonyms, GraphQL answers the same, the index can be checked.
import { demo } from '@glam/db'
import { checkSearchIndex, loadTaxonomyIndex, searchDocument, syncSearchIndex } from '@glam/search/sync'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

const header =
  'id,title,description,link,image_link,price,sale_price,availability,brand,gtin,item_group_id,google_product_category'
const row = (cells: (string | number)[]) =>
  cells.map((c) => (String(c).includes(',') ? `"${c}"` : String(c))).join(',')
const product = (
  id: string,
  title: string,
  price: string,
  extra: Partial<
    Record<'sale' | 'availability' | 'brand' | 'gtin' | 'group' | 'category' | 'description', string>
  > = {},
) =>
  row([
    id,
    title,
    extra.description ?? '',
    `https://shop.example/${id}`,
    `https://shop.example/${id}.jpg`,
    price,
    extra.sale ?? '',
    extra.availability ?? 'in stock',
    extra.brand ?? 'Nordlicht',
    extra.gtin ?? '',
    extra.group ?? '',
    extra.category ?? '',
  ])

const first = [
  header,
  product('S1', 'Glow Serum 30 ml', '34.90 EUR', {
    brand: 'Lumière',
    description: 'Vitamin C serum, dewy glow',
    category: '567',
  }),
  product('S2', 'Hyaluron Serum Feuchtigkeit', '24.90 EUR', { sale: '19.90 EUR', category: '567' }),
  product('L1', 'Lippenstift Matt Kirschrot', '15.00 EUR', {
    brand: 'Crème de Lune',
    group: 'LIP',
    category: '3021',
  }),
  product('L2', 'Lippenstift Matt Nude', '15.00 EUR', {
    brand: 'Crème de Lune',
    group: 'LIP',
    availability: 'out of stock',
    category: '3021',
  }),
  product('L3', 'Lippenstift Matt Rosé', '16.00 EUR', {
    brand: 'Crème de Lune',
    group: 'LIP',
    category: '3021',
  }),
  product('C1', 'Feuchtigkeitscreme Sensitiv 50 ml', '18.90 EUR', { category: '567' }),
  product('H1', 'Haaröl Argan Pflege', '9.90 EUR', { brand: 'Öko Natur' }),
].join('\n')

describe('/api/search', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'staff' | 'client', string>
  let feedId: string
  const call = (path: string, token?: string, init: RequestInit = {}) =>
    t.app.request(path, {
      ...init,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        'content-type': 'application/json',
        ...init.headers,
      },
    })
  const search = async (query: string) => {
    const res = await call(`/api/search?${query}`)
    expect(res.status).toBe(200)
    return (await res.json()) as {
      total: number
      hits: {
        productId: string
        title: string
        link: string
        variants: number
        highlight: string
        priceMinor: number
        salePriceMinor: number | null
      }[]
      facets: Record<string, { value: string; count: number; id?: string }[]>
      nextCursor: string | null
    }
  }
  const upload = async (body: string) => {
    const res = await call(`/api/feeds/${feedId}/import`, tokens.staff, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv' },
    })
    expect(res.status).toBe(200)
    return res.json() as Promise<{ outcome: string; counts: Record<string, number> }>
  }

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    tokens = await demoTokens(t, ['staff', 'client'])
    const created = await call('/api/feeds', tokens.staff, {
      method: 'POST',
      body: JSON.stringify({ shopId: demo.shopId, name: 'Search feed' }),
    })
    expect(created.status).toBe(201)
    feedId = ((await created.json()) as { id: string }).id
    const report = await upload(first)
    expect(report.outcome).toBe('IMPORTED')
  })

  it('finds what the feed run imported, before the run answered', async () => {
    const serum = await search('q=serum')
    expect(serum.hits.map((h) => h.title).sort()).toEqual(['Glow Serum 30 ml', 'Hyaluron Serum Feuchtigkeit'])
    const glow = serum.hits.find((h) => h.title.startsWith('Glow'))!
    expect(glow.link).toMatch(/^\/p\/glow-serum-30-ml-[0-9a-f-]{36}$/)
    expect(glow.highlight).toBe('Glow <mark>Serum</mark> 30 ml')
    expect((await search('q=serum&locale=en')).hits[0]!.link).toMatch(/^\/en\/p\//)
    // A typo, a transposition, a compound part and a folded umlaut.
    expect((await search('q=serun')).total).toBe(2)
    expect((await search('q=sreum')).total).toBe(2)
    expect((await search('q=stift')).total).toBe(1)
    expect((await search('q=haaroel')).total).toBe(1)
  })

  it('collapses the item group into one hit and counts facets the same way', async () => {
    const lip = await search('q=lippenstift')
    expect(lip.total).toBe(1)
    expect(lip.hits[0]!.variants).toBe(3)
    expect(lip.facets.brand).toEqual([{ value: 'Crème de Lune', count: 1 }])
    const all = await search('q=')
    expect(all.total).toBe(5)
    const category = all.facets.category!.find((c) => c.id === '567')
    expect(category).toMatchObject({ value: 'Hautpflege', count: 3 })
    const sale = await search('q=serum&price_max=2000')
    expect(sale.hits.map((h) => h.salePriceMinor)).toEqual([1990])
  })

  it('pages with an opaque cursor, and refuses one it did not give', async () => {
    const page1 = await search('q=&limit=2&sort=price_asc')
    expect(page1.hits).toHaveLength(2)
    const page2 = await search(`q=&limit=2&sort=price_asc&cursor=${page1.nextCursor}`)
    const page3 = await search(`q=&limit=2&sort=price_asc&cursor=${page2.nextCursor}`)
    expect(page3.nextCursor).toBeNull()
    const prices = [...page1.hits, ...page2.hits, ...page3.hits].map((h) => h.salePriceMinor ?? h.priceMinor)
    expect(prices).toEqual([...prices].sort((a, b) => a - b))
    const bad = await call('/api/search?q=serum&cursor=not-a-cursor')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_CURSOR')
  })

  it('answers bad parameters with a clear 400 naming the field', async () => {
    for (const [query, field] of [
      ['q=x&sort=cheapest', 'sort'],
      ['q=x&limit=1000', 'limit'],
      ['q=x&price_min=abc', 'price_min'],
      ['q=x&price_min=500&price_max=100', 'price_min'],
      ['q=x&availability=maybe', 'availability'],
      ['q=x&locale=fr', 'locale'],
      ['q=x&category=lipstick', 'category'],
      [`q=${'x'.repeat(300)}`, 'q'],
      ['q=x&unknown=1', ''],
    ] as const) {
      const res = await call(`/api/search?${query}`)
      expect(res.status, query).toBe(400)
      const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } }
      expect(body.error.code).toBe('VALIDATION_FAILED')
      if (field) expect(JSON.stringify(body.error.details), query).toContain(field)
    }
    expect((await call('/api/search/suggest')).status).toBe(400)
    expect((await call('/api/search/facets/colour')).status).toBe(400)
  })

  it('suggests as one types, and searches facet values by prefix', async () => {
    const res = await call('/api/search/suggest?q=glo')
    expect(res.status).toBe(200)
    const s = (await res.json()) as { products: { title: string; link: string }[]; brands: unknown[] }
    expect(s.products.map((p) => p.title)).toEqual(['Glow Serum 30 ml'])
    const brands = await call('/api/search/facets/brand?prefix=cr')
    expect(await brands.json()).toEqual({ facet: 'brand', values: [{ value: 'Crème de Lune', count: 1 }] })
  })

  it('drops what the next run deactivates as soon as the run has answered', async () => {
    const withoutGlow = first
      .split('\n')
      .filter((l) => !l.startsWith('S1,'))
      .join('\n')
    const started = Date.now()
    const report = await upload(withoutGlow)
    expect(report.counts.deactivated).toBe(1)
    expect((await search('q=glow')).total).toBe(0)
    expect(Date.now() - started).toBeLessThan(5000)
    // Deactivated products are for staff only, and their answers stay out of shared caches.
    expect((await call('/api/search?q=glow&include_inactive=true')).status).toBe(401)
    expect((await call('/api/search/facets/brand?q=glow&include_inactive=1')).status).toBe(401)
    expect((await call('/api/search?q=glow&include_inactive=true', tokens.client)).status).toBe(403)
    const staff = await call('/api/search?q=glow&include_inactive=true', tokens.staff)
    expect(staff.headers.get('cache-control')).toBe('private, no-store')
    expect(((await staff.json()) as { total: number }).total).toBe(1)
    const brands = await call('/api/search/facets/brand?q=glow&include_inactive=true', tokens.staff)
    expect(((await brands.json()) as { values: unknown[] }).values).toHaveLength(1)
    const check = await checkSearchIndex({ repos: t.repos, search: t.platform.search! })
    expect(check).toMatchObject({ missing: 0, stale: 0, extra: 0 })
  })

  it('lets staff manage synonyms, which the next search uses', async () => {
    expect((await search('q=cherry')).total).toBe(0)
    const denied = await call('/api/search/synonyms', tokens.client, {
      method: 'POST',
      body: JSON.stringify({ locale: 'de', terms: ['lippenstift', 'lipstick'] }),
    })
    expect(denied.status).toBe(403)
    expect((await call('/api/search/synonyms', undefined, { method: 'POST', body: '{}' })).status).toBe(401)
    const bad = await call('/api/search/synonyms', tokens.staff, {
      method: 'POST',
      body: JSON.stringify({ locale: 'de', terms: ['Crème', 'creme'] }),
    })
    expect(bad.status).toBe(400)
    const created = await call('/api/search/synonyms', tokens.staff, {
      method: 'POST',
      body: JSON.stringify({ locale: 'de', terms: ['kirschrot', 'cherry'] }),
    })
    expect(created.status).toBe(201)
    const group = (await created.json()) as { id: string }
    expect((await search('q=cherry')).total).toBe(1)
    expect((await search('q=cherry&locale=en')).total).toBe(0)
    const updated = await call(`/api/search/synonyms/${group.id}`, tokens.staff, {
      method: 'PUT',
      body: JSON.stringify({ terms: ['haaröl', 'hair oil'] }),
    })
    expect(updated.status).toBe(200)
    expect((await search('q=hair oil')).total).toBe(1)
    const list = (await (await call('/api/search/synonyms?locale=de', tokens.staff)).json()) as {
      items: unknown[]
    }
    expect(list.items).toHaveLength(1)
    expect((await call(`/api/search/synonyms/${group.id}`, tokens.staff, { method: 'DELETE' })).status).toBe(
      200,
    )
    expect((await call(`/api/search/synonyms/${group.id}`, tokens.staff, { method: 'DELETE' })).status).toBe(
      404,
    )
    const audit = await t.repos.audit.forTarget('search_synonyms', group.id)
    expect(audit.map((a) => a.action).sort()).toEqual([
      'search_synonyms.created',
      'search_synonyms.deleted',
      'search_synonyms.updated',
    ])
  })

  it('answers the same through GraphQL, without a login', async () => {
    const res = await call('/graphql', undefined, {
      method: 'POST',
      body: JSON.stringify({
        query: `{ search(q: "serum", limit: 5) { total hits { title link variants } facets { brand { value count } price { from to count } } }
                  suggest(q: "lipp") { products { title } categories { value } } }`,
      }),
    })
    const body = (await res.json()) as {
      data: { search: { total: number }; suggest: { products: { title: string }[] } }
      errors?: unknown
    }
    expect(body.errors).toBeUndefined()
    expect(body.data.search.total).toBe(1)
    expect(body.data.suggest.products[0]!.title).toMatch(/^Lippenstift/)
    const bad = await call('/graphql', undefined, {
      method: 'POST',
      body: JSON.stringify({ query: '{ search(sort: "cheapest") { total } }' }),
    })
    const badBody = (await bad.json()) as { errors: { extensions: { code: string } }[] }
    expect(badBody.errors[0]!.extensions.code).toBe('VALIDATION_FAILED')
    const inactive = { query: '{ search(q: "serum", includeInactive: true) { total } }' }
    const anonymous = await call('/graphql', undefined, { method: 'POST', body: JSON.stringify(inactive) })
    const anonymousBody = (await anonymous.json()) as { errors: { extensions: { code: string } }[] }
    expect(anonymousBody.errors[0]!.extensions.code).toBe('UNAUTHORIZED')
    const staff = await call('/graphql', tokens.staff, { method: 'POST', body: JSON.stringify(inactive) })
    const staffBody = (await staff.json()) as { data: { search: { total: number } }; errors?: unknown }
    expect(staffBody.errors).toBeUndefined()
    expect(staffBody.data.search.total).toBeGreaterThanOrEqual(body.data.search.total)
  })

  it('limits searches per client address', async () => {
    const limited = await createTestAppWithDatabase({ env: { GLAM_SEARCH_RATE_LIMIT: '100' } })
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await limited.app.request('/api/search?q=serum')).status)
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
    const res = await limited.app.request('/api/search/suggest?q=se')
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('shows staff the index, and rebuilds it from the catalogue', async () => {
    const status = await call('/api/search/status', tokens.staff)
    expect(status.status).toBe(200)
    expect(await status.json()).toMatchObject({ adapter: 'fts5-libsql', documents: 7, active: 6 })
    expect((await call('/api/search/status')).status).toBe(401)
    // A document whose product is gone from SQL; searches while the rebuild runs.
    const index = t.platform.search!
    const [row] = await t.repos.products.changedSince(null, 1)
    const ghost = searchDocument(row!, await loadTaxonomyIndex(t.repos))
    await index.upsert([{ ...ghost, productId: 'ghost-0001', sku: 'GHOST', groupKey: 'p:ghost-0001' }])
    const during: Promise<number>[] = []
    const report = await syncSearchIndex(
      { repos: t.repos, search: index },
      {
        full: true,
        batch: 2,
        onProgress: () => {
          during.push(index.search({ q: 'serum', locale: 'de' }).then((r) => r.total))
        },
      },
    )
    expect(report).toMatchObject({ indexed: 7, active: 6, inactive: 1, removed: 1 })
    // The index was never empty: every search during the rebuild found the serum.
    expect(during.length).toBeGreaterThan(2)
    for (const total of await Promise.all(during)) expect(total).toBeGreaterThanOrEqual(1)
    expect((await search('q=serum')).total).toBe(1)
    expect((await index.entries('ghost', 1)).map((e) => e.productId)).not.toContain('ghost-0001')
  })

  it("leaves a paused shop's products out, and shows a shop's new name, from the next sync", async () => {
    const sync = () => syncSearchIndex({ repos: t.repos, search: t.platform.search! })
    const patch = async (body: object) => {
      const res = await call(`/api/shops/${demo.shopId}`, tokens.staff, {
        method: 'PATCH',
        body: JSON.stringify(body),
      })
      expect(res.status).toBe(200)
    }
    const before = await search('q=serum')
    expect(before.total).toBe(1)
    const name = before.facets.shop![0]!.value
    await patch({ status: 'paused' })
    await sync()
    expect((await search('q=serum')).total).toBe(0)
    expect(await checkSearchIndex({ repos: t.repos, search: t.platform.search! })).toMatchObject({ stale: 0 })
    await patch({ status: 'active', name: 'Glam Demo Beauty' })
    await sync()
    const after = await search('q=serum')
    expect(after.total).toBe(1)
    expect(after.facets.shop).toEqual([{ value: 'Glam Demo Beauty', count: 1, id: demo.shopId }])
    await patch({ name })
    await sync()
  })

  it('reads the whole catalogue when a run asks an empty index to catch up from its start', async () => {
    const search = t.platform.search!
    const before = (await search.stats()).documents
    await search.clear()
    expect((await search.stats()).watermark).toBe(0)
    const report = await syncSearchIndex({ repos: t.repos, search }, { since: Date.now() })
    expect(report.indexed).toBe(before)
    expect((await search.stats()).documents).toBe(before)
  })
})
