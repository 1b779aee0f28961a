// The portal on the whole app (containers): pages from a feed's products in German and
// English, structured for search engines, cached with ETags; the buy button goes through a
// shortlink with channel `portal` and records its click; bad input and unknown pages get a page
// that helps; whatever a feed sends is escaped everywhere.
import { pagePurgeKey } from '@glam/core'
import { demo } from '@glam/db'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'
import { purgeChangedPages } from './purge.ts'

const header =
  'id,title,description,link,image_link,price,sale_price,availability,brand,gtin,item_group_id,google_product_category'
const row = (cells: string[]) =>
  cells.map((c) => (/[",]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')
const product = (id: string, title: string, price: string, extra: Record<string, string> = {}) =>
  row([
    id,
    title,
    extra.description ?? '',
    extra.link ?? `https://shop.example/${id}`,
    extra.image ?? `https://shop.example/${id}.jpg`,
    price,
    extra.sale ?? '',
    extra.availability ?? 'in stock',
    extra.brand ?? 'Nordlicht',
    '',
    extra.group ?? '',
    extra.category ?? '567',
  ])

const xssTitle = '<script>alert("title")</script> Nachtcreme'
const xssDescription = 'Reichhaltig. <img src=x onerror=alert(1)> Für die Nacht.'
const feed = [
  header,
  product('S1', 'Glow Serum 30 ml', '34.90 EUR', {
    brand: 'Lumière',
    description: 'Vitamin C serum, dewy glow',
  }),
  product('S2', 'Hyaluron Serum Feuchtigkeit', '24.90 EUR', { sale: '19.90 EUR' }),
  product('L1', 'Lippenstift Matt Kirschrot', '15.00 EUR', { brand: 'Crème de Lune', category: '3021' }),
  product('L2', 'Lippenstift Matt Nude', '15.00 EUR', { brand: 'Crème de Lune', category: '3021' }),
  product('X1', xssTitle, '12.00 EUR', { brand: '<b>Evil</b> & Co', description: xssDescription }),
].join('\n')

describe('the portal', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let staff: string
  let feedId: string
  const importFeed = async (text: string) => {
    const run = await t.app.request(`/api/feeds/${feedId}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'text/csv' },
      body: text,
    })
    const report = (await run.json()) as { outcome: string }
    expect(report, JSON.stringify(report).slice(0, 2000)).toMatchObject({ outcome: 'IMPORTED' })
  }
  /** What the portal-sitemaps job does first each minute, a minute on. */
  const runPurge = async () => {
    t.clock.advance(60_000)
    const report = await purgeChangedPages(t.platform)
    t.clock.advance(1000)
    return report
  }
  const get = (path: string, headers: Record<string, string> = {}) =>
    t.app.request(path, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' })
  const page = async (path: string, status = 200) => {
    const res = await get(path)
    expect(res.status, path).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    return { res, html: await res.text() }
  }
  const linkOf = async (q: string) => {
    const res = await t.app.request(`/api/search?q=${encodeURIComponent(q)}`)
    const body = (await res.json()) as { hits: { productId: string; link: string; title: string }[] }
    return body.hits[0]!
  }
  const jsonLd = (html: string) =>
    [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!))

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    ;({ staff } = await demoTokens(t, ['staff']))
    const call = (path: string, init: RequestInit) =>
      t.app.request(path, { ...init, headers: { authorization: `Bearer ${staff}`, ...init.headers } })
    const created = await call('/api/feeds', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shopId: demo.shopId, name: 'Portal feed' }),
    })
    ;({ id: feedId } = (await created.json()) as { id: string })
    await importFeed(feed)
  })

  it('serves the home page in German at / and in English under /en, cached with an ETag', async () => {
    const { res, html } = await page('/')
    expect(html).toContain('<html lang="de">')
    expect(html).toContain('Glow Serum 30 ml')
    expect(html).toContain('hreflang="en" href="http://localhost:3000/en"')
    expect(html).toContain('rel="canonical" href="http://localhost:3000/"')
    expect(res.headers.get('cache-control')).toMatch(/s-maxage=\d+.*stale-while-revalidate=\d+/)
    const tag = res.headers.get('etag')
    expect(tag).toBeTruthy()
    expect((await get('/', { 'if-none-match': tag! })).status).toBe(304)
    const en = await page('/en')
    expect(en.html).toContain('<html lang="en">')
    expect(en.html).toContain('New in')
    // The developer landing page moved to /about.
    expect((await page('/about')).html).toContain('id="ports"')
  })

  it('renders a product page with its price, JSON-LD, breadcrumbs and the canonical address', async () => {
    const hit = await linkOf('hyaluron serum')
    const { html } = await page(hit.link)
    expect(html).toContain('<h1>Hyaluron Serum Feuchtigkeit</h1>')
    expect(html).toContain('19,90')
    expect(html).toContain('<del>24,90')
    const [productLd, crumbs] = jsonLd(html)
    expect(productLd).toMatchObject({
      '@type': 'Product',
      name: 'Hyaluron Serum Feuchtigkeit',
      offers: {
        '@type': 'Offer',
        price: '19.90',
        priceCurrency: 'EUR',
        availability: 'https://schema.org/InStock',
      },
    })
    expect(crumbs['@type']).toBe('BreadcrumbList')
    expect(html).toContain(`rel="canonical" href="http://localhost:3000${hit.link}"`)
    expect(html).toContain(`hreflang="en" href="http://localhost:3000/en${hit.link}"`)
    // A wrong slug redirects to the one address; English lives under /en.
    const moved = await get(`/p/old-name-${hit.productId}`)
    expect(moved.status).toBe(301)
    expect(moved.headers.get('location')).toBe(hit.link)
    const en = await page(`/en${hit.link}`)
    expect(en.html).toContain('Buy at the shop')
  })

  it('buys through a shortlink with channel portal: the shop gets its click id, the click its channel', async () => {
    const hit = await linkOf('glow serum')
    const { html } = await page(hit.link)
    expect(html).toContain(`href="${hit.link}/buy"`)
    const buy = await get(`${hit.link}/buy`)
    expect(buy.status).toBe(302)
    expect(buy.headers.get('cache-control')).toBe('private, no-store')
    const slug = `pp-${hit.productId}`
    expect(buy.headers.get('location')).toBe(`/${slug}`)
    const link = await t.repos.links.bySlug(slug)
    expect(link).toMatchObject({ channel: 'portal', productId: hit.productId, shopId: demo.shopId })
    const events = (
      t.platform.events as unknown as { events: { table: string; slug?: string; channel?: string }[] }
    ).events
    const before = events.length
    const click = await get(`/${slug}`)
    expect(click.status).toBe(302)
    const shop = new URL(click.headers.get('location')!)
    expect(shop.origin + shop.pathname).toBe('https://shop.example/S1')
    expect(shop.searchParams.get('glam_cid')).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    const clicks = events.slice(before).filter((e) => e.table === 'clicks')
    expect(clicks).toEqual([expect.objectContaining({ slug, channel: 'portal' })])
    // The second buy reuses the link.
    expect((await get(`${hit.link}/buy`)).headers.get('location')).toBe(`/${slug}`)
  })

  it('searches with facets, a typo and sorting, and helps when nothing is found', async () => {
    const typo = await page('/suche?q=lipenstift')
    expect(typo.html).toContain('Lippenstift Matt Kirschrot')
    expect(typo.html).toContain('<meta name="robots" content="noindex, follow">')
    const brandFacet = /href="(\/suche\?q=lipenstift&amp;brand=Cr[^"]+)"/.exec(typo.html)
    expect(brandFacet).not.toBeNull()
    const filtered = await page(brandFacet![1]!.replaceAll('&amp;', '&'))
    expect(filtered.html).toContain('aria-current="true"')
    const sorted = await page('/suche?q=serum&sort=price_asc')
    expect(sorted.html.indexOf('Hyaluron')).toBeLessThan(sorted.html.indexOf('Glow Serum'))
    const none = await page('/suche?q=xyzzyqqq')
    expect(none.html).toContain('Keine Treffer für „xyzzyqqq“')
    const en = await page('/en/search?q=serum')
    expect(en.html).toContain('Results for “serum”')
    // Bad parameters: a page that says what is wrong, not a JSON error.
    const bad = await page('/suche?q=serum&price_min=abc', 400)
    expect(bad.html).toContain('role="alert"')
    // Unknown parameters (campaign tags) are ignored.
    await page('/suche?q=serum&utm_source=newsletter')
  })

  it('lists a category and a brand with facets and breadcrumbs', async () => {
    const hit = await linkOf('lippenstift kirschrot')
    const { html } = await page(hit.link)
    const category = /<a href="(\/c\/[^"]+lippenstift)">/.exec(html)
    expect(category).not.toBeNull()
    const list = await page(category![1]!)
    expect(list.html).toContain('<h1>Lippenstift</h1>')
    expect(list.html).toContain('Lippenstift Matt Nude')
    expect(list.html).not.toContain('Glow Serum')
    expect(jsonLd(list.html)[0]['@type']).toBe('BreadcrumbList')
    const brand = await page('/b/creme-de-lune')
    expect(brand.html).toContain('<h1>Crème de Lune</h1>')
    expect(brand.html).toContain('Lippenstift Matt Nude')
    expect(brand.html).not.toContain('Glow Serum')
  })

  it('answers unknown pages with a 404 that helps, and a product that is gone with 410', async () => {
    for (const path of [
      '/p/nope',
      '/p/x-00000000-0000-7000-8000-000000000000',
      '/en/nothing',
      '/c/nowhere',
      '/b/Bad_Brand',
    ])
      expect((await page(path, 404)).html).toContain('<search')
    const hit = await linkOf('hyaluron serum')
    await page(hit.link)
    await t.repos.shops.update(demo.shopId, { status: 'paused' })
    try {
      // The kept page goes with the job's purge: pausing a shop changes its products.
      await runPurge()
      const gone = await page(hit.link, 410)
      expect(gone.html).toContain('nicht mehr im Sortiment')
      expect((await get(`${hit.link}/buy`)).status).toBe(410)
    } finally {
      await t.repos.shops.update(demo.shopId, { status: 'active' })
      await runPurge()
    }
    await page(hit.link)
  })

  it('keeps pages until a feed run changes them, then purges exactly the pages that show it', async () => {
    await runPurge()
    const serum = await linkOf('hyaluron serum')
    const lipstick = await linkOf('lippenstift nude')
    const paths = [serum.link, lipstick.link, '/', '/b/nordlicht', '/b/creme-de-lune', '/suche?q=serum']
    for (const path of paths) {
      const first = await get(path)
      expect(first.status, path).toBe(200)
      expect(first.headers.get('x-glam-cache'), path).toBe('miss')
    }
    t.clock.advance(5000)
    for (const path of paths) {
      const again = await get(path)
      expect(again.headers.get('x-glam-cache'), path).toBe('hit')
      expect(again.headers.get('age'), path).toBe('5')
    }
    // Campaign tags do not make another copy.
    expect(
      (await get(`${lipstick.link}?utm_source=instagram&utm_campaign=summer`)).headers.get('x-glam-cache'),
    ).toBe('hit')
    expect((await get('/suche?utm_medium=story&q=serum')).headers.get('x-glam-cache')).toBe('hit')
    const kept = await get(serum.link)
    expect(await kept.text()).toContain('19,90')
    expect((await get(serum.link, { 'if-none-match': kept.headers.get('etag')! })).status).toBe(304)

    // One product's sale price changes in the next feed run; until the job runs, the page stays.
    await importFeed(feed.replace(',19.90 EUR,', ',17.90 EUR,'))
    expect(await (await get(serum.link)).text()).toContain('19,90')
    const report = await runPurge()
    expect(report).toMatchObject({ changed: 1, all: false })
    const fresh = await get(serum.link)
    expect(fresh.headers.get('x-glam-cache')).toBe('miss')
    expect(await fresh.text()).toContain('17,90')
    const cacheOf = async (path: string) => (await get(path)).headers.get('x-glam-cache')
    // Its brand's page, the home page and the search pages showed it too; the lipstick's did not.
    expect(await cacheOf('/b/nordlicht')).toBe('miss')
    expect(await cacheOf('/')).toBe('miss')
    expect(await cacheOf('/suche?q=serum')).toBe('miss')
    expect(await cacheOf(lipstick.link)).toBe('hit')
    expect(await cacheOf('/b/creme-de-lune')).toBe('hit')
    // A purge record someone broke is read as no purges: pages are still answered, then kept again.
    await t.platform.cache.set(pagePurgeKey, '{not json')
    t.clock.advance(2000)
    expect((await get(lipstick.link)).status).toBe(200)
    // Nothing changed since: the next run may read the change again (its minute's overlap), the one after reads nothing.
    await runPurge()
    expect(await runPurge()).toMatchObject({ changed: 0, tags: 0 })
  })

  it('never keeps a private answer, a signed-in request or a bad query', async () => {
    const hit = await linkOf('glow serum')
    for (let i = 0; i < 2; i++) {
      const buy = await get(`${hit.link}/buy`)
      expect(buy.headers.get('x-glam-cache')).not.toBe('hit')
      const signedIn = await get(hit.link, { authorization: `Bearer ${staff}` })
      expect(signedIn.status).toBe(200)
      expect(signedIn.headers.get('x-glam-cache')).toBeNull()
      const bad = await get('/suche?q=serum&price_min=abc')
      expect(bad.status).toBe(400)
      expect(bad.headers.get('x-glam-cache')).toBe('miss')
    }
  })

  it('escapes what a feed sends on every page', async () => {
    const hit = await linkOf('nachtcreme')
    const pages = [hit.link, '/', '/suche?q=nachtcreme', '/b/b-evil-b-co', `/en${hit.link}`]
    for (const path of pages) {
      const { html } = await page(path)
      expect(html, path).not.toContain('<script>alert')
      expect(html, path).not.toContain('<img src=x')
      expect(html, path).not.toContain('<b>Evil')
    }
    const { html } = await page(hit.link)
    expect(html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Nachtcreme')
    // The catalogue keeps a description's text (its HTML taken apart by a parser): no tag survives.
    expect(html).toContain('Reichhaltig.')
    expect(html).not.toContain('onerror')
    expect(jsonLd(html)[0].name).toBe(xssTitle)
    expect(html).not.toMatch(/<script type="application\/ld\+json">[^<]*<\/script>[\s\S]*<script>/)
  })

  it('writes sitemaps: an index of gzip files, each German address with its English twin', async () => {
    const index = await t.app.request('/sitemap.xml')
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toMatch(/^application\/xml/)
    const files = [...(await index.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map(
      (m) => new URL(m[1]!).pathname,
    )
    expect(files).toEqual(['/sitemaps/products-1.xml.gz'])
    const gz = await t.app.request(files[0]!)
    expect(gz.headers.get('content-type')).toBe('application/gzip')
    const xml = await new Response(gz.body!.pipeThrough(new DecompressionStream('gzip'))).text()
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset /)
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname)
    const hit = await linkOf('glow serum')
    expect(locs).toContain(hit.link)
    expect(locs).toContain('/')
    expect(xml).toContain(`hreflang="en" href="http://localhost:3000/en${hit.link}"`)
    expect(xml).not.toContain('<script')
    // Every offered product once (the feed's 5 and the demo catalogue's), the home page too.
    const { writeSitemaps } = await import('./sitemap.ts')
    expect(await writeSitemaps(t.platform)).toMatchObject({ skipped: expect.any(String) })
    const small = await writeSitemaps(t.platform, { force: true, perFile: 2 })
    expect(small.urls).toBe(locs.length)
    expect(small.files).toBe(Math.ceil(locs.length / 2))
    const many = await (await t.app.request('/sitemap.xml')).text()
    expect([...many.matchAll(/<sitemap>/g)]).toHaveLength(small.files)
    // Back to one file: the others are removed.
    await writeSitemaps(t.platform, { force: true })
    expect((await t.app.request('/sitemaps/products-2.xml.gz')).status).toBe(404)
    expect((await t.app.request('/sitemaps/../secrets')).status).toBe(404)
  })

  it('tells robots where to go', async () => {
    const res = await t.app.request('/robots.txt')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toContain('Disallow: /api/')
    expect(text).toContain('Disallow: /p/*/buy')
    expect(text).toContain('Sitemap: http://localhost:3000/sitemap.xml')
  })
})

describe('the portal with GLAM_PORTAL_PAGE_CACHE=false', () => {
  it('renders every request (the Cache-Control still lets a CDN keep the page)', async () => {
    const t = await createTestAppWithDatabase({ env: { GLAM_PORTAL_PAGE_CACHE: 'false' } })
    for (let i = 0; i < 2; i++) {
      const res = await t.app.request('/', { headers: { accept: 'text/html' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-glam-cache')).toBeNull()
      expect(res.headers.get('cache-control')).toMatch(/s-maxage=/)
    }
  })
})

describe('the portal with its page cache off', () => {
  it('renders every request with the same strong ETag, the SHA-1 of its bytes, and answers 304 on a match', async () => {
    const t = await createTestAppWithDatabase({ env: { GLAM_PORTAL_PAGE_CACHE: 'false' } })
    try {
      const get = (headers: Record<string, string> = {}) =>
        t.app.request('/en', { headers: { accept: 'text/html', ...headers } })
      const first = await get()
      const bytes = new Uint8Array(await first.arrayBuffer())
      const sha1 = Buffer.from(await crypto.subtle.digest('SHA-1', bytes)).toString('hex')
      expect(first.status).toBe(200)
      expect(first.headers.get('x-glam-cache')).toBeNull()
      expect(first.headers.get('etag')).toBe(`"${sha1}"`)
      const again = await get()
      expect(again.headers.get('etag')).toBe(`"${sha1}"`)
      expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes)
      const unchanged = await get({ 'if-none-match': `"${sha1}"` })
      expect(unchanged.status).toBe(304)
      expect(await unchanged.text()).toBe('')
      // A page that is not found carries no ETag (nothing to revalidate).
      const missing = await t.app.request('/p/nope', { headers: { accept: 'text/html' } })
      expect(missing.status).toBe(404)
      expect(missing.headers.get('etag')).toBeNull()
    } finally {
      await t.platform.close?.()
    }
  })
})
