// HTTP suite of the shopper portal, run on Node, workerd and Deno by the conformance harness:
// the home page and the search in both languages, a 404 that helps, robots.txt; every page
// cacheable at the edge with an ETag, and a conditional request answered 304; a page kept by
// the page cache (the Cache API on workerd, an LRU elsewhere) answered again from it.
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const html = { accept: 'text/html' }
const admin = { authorization: 'Bearer glam_dev_admin' }

export const portalSuite = defineHttpSuite({
  name: 'portal',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'the home page in German at /, in English at /en, cached with an ETag (304 on a match)',
      async run(t) {
        await t.fetch('/api/search/sync', { method: 'POST', headers: admin })
        const de = await t.fetch('/', { headers: html })
        expect(de.status).toBe(200)
        expect(de.headers.get('content-type')).toMatch(/^text\/html/)
        expect(de.headers.get('cache-control')).toMatch(/s-maxage=\d+, stale-while-revalidate=\d+/)
        const body = await de.text()
        expect(body).toContain('<html lang="de">')
        expect(body).toMatch(/<link rel="alternate" hreflang="en" href="[^"]+\/en">/)
        const tag = de.headers.get('etag')
        expect(tag).toBeTruthy()
        const again = await t.fetch('/', { headers: { ...html, 'if-none-match': tag! } })
        expect(again.status).toBe(304)
        const en = await t.fetch('/en', { headers: html })
        expect(en.status).toBe(200)
        expect(await en.text()).toContain('<html lang="en">')
      },
    },
    {
      name: 'the search page answers in both languages; an unknown page is a 404 that helps; robots.txt',
      async run(t) {
        const search = await t.fetch('/suche?q=serum', { headers: html })
        expect(search.status).toBe(200)
        expect(await search.text()).toContain('Ergebnisse für „serum“')
        const en = await t.fetch('/en/search?q=serum', { headers: html })
        expect(await en.text()).toContain('Results for “serum”')
        const missing = await t.fetch('/p/nope', { headers: html })
        expect(missing.status).toBe(404)
        expect(await missing.text()).toContain('<search')
        const robots = await t.fetch('/robots.txt')
        expect(robots.status).toBe(200)
        expect(await robots.text()).toContain('Disallow: /api/')
      },
    },
    {
      name: 'a page is kept: the next request is a hit with the same bytes, ETag and an Age; a signed-in request is not',
      async run(t) {
        // A page of its own (the cache keys pages by the parameters they read: an unknown one is not one).
        const path = `/suche?q=serum&price_max=${90_000 + Math.floor(Math.random() * 9_999)}`
        const first = await t.fetch(path, { headers: html })
        expect(first.status).toBe(200)
        expect(first.headers.get('x-glam-cache')).toBe('miss')
        const body = await first.text()
        const again = await t.fetch(path, { headers: html })
        expect(again.headers.get('x-glam-cache')).toBe('hit')
        expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
        expect(Number(again.headers.get('age'))).toBeGreaterThanOrEqual(0)
        expect(again.headers.get('cache-tag')).toBe(first.headers.get('cache-tag'))
        expect(await again.text()).toBe(body)
        const revalidated = await t.fetch(path, {
          headers: { ...html, 'if-none-match': first.headers.get('etag')! },
        })
        expect(revalidated.status).toBe(304)
        // Each answer is its own request (Node answers these before Hono: the same page, a new id).
        const third = await t.fetch(path, { headers: html })
        expect(third.headers.get('x-glam-cache')).toBe('hit')
        expect(third.headers.get('x-request-id')).toBeTruthy()
        expect(third.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
        expect(third.headers.get('content-security-policy')).toBe(
          first.headers.get('content-security-policy'),
        )
        expect(await third.text()).toBe(body)
        const signedIn = await t.fetch(path, { headers: { ...html, ...admin } })
        expect(signedIn.status).toBe(200)
        expect(signedIn.headers.get('x-glam-cache')).toBeNull()
      },
    },
  ],
})
