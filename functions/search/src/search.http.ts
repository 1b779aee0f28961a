// HTTP suite of product search, run on Node, workerd (the SEARCH_DB D1 binding) and Deno by the
// conformance harness: the index catches up with the (demo) catalogue on request, answers a
// search with its facets and a suggestion, and refuses bad parameters the same way everywhere.
import { expectError } from '@glam/testing/expect-error'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }

export const searchSuite = defineHttpSuite({
  name: 'search',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'the index syncs on request and answers a search with facets and a suggestion',
      async run(t) {
        const sync = await t.fetch('/api/search/sync', { method: 'POST', headers: admin })
        expect(sync.status).toBe(200)
        expect(await sync.json()).toMatchObject({ indexed: expect.any(Number) })
        const status = await t.fetch('/api/search/status', { headers: admin })
        expect(status.status).toBe(200)
        expect(await status.json()).toMatchObject({
          adapter: expect.stringMatching(/^fts5-/),
          documents: expect.any(Number),
        })
        const res = await t.fetch('/api/search?q=serum&locale=en')
        expect(res.status).toBe(200)
        expect(res.headers.get('cache-control')).toBe('public, max-age=5')
        const body = (await res.json()) as {
          total: number
          hits: unknown[]
          facets: Record<string, unknown[]>
        }
        expect(body.total).toBe(body.hits.length)
        expect(Object.keys(body.facets).sort()).toEqual([
          'availability',
          'brand',
          'category',
          'price',
          'shop',
        ])
        const suggest = await t.fetch('/api/search/suggest?q=glo')
        expect(suggest.status).toBe(200)
        expect(await suggest.json()).toMatchObject({
          products: expect.any(Array),
          brands: [],
          categories: [],
        })
      },
    },
    {
      name: 'bad parameters answer 400 naming the field; staff routes and inactive products want a login',
      async run(t) {
        await expectError(await t.fetch('/api/search?q=x&sort=cheapest'), 400, 'VALIDATION_FAILED')
        await expectError(await t.fetch('/api/search?q=x&cursor=nope'), 400, 'INVALID_CURSOR')
        await expectError(await t.fetch('/api/search/suggest'), 400, 'VALIDATION_FAILED')
        await expectError(await t.fetch('/api/search/status'), 401, 'UNAUTHORIZED')
        // Deactivated products are for staff, and their answers stay out of shared caches.
        await expectError(await t.fetch('/api/search?q=x&include_inactive=true'), 401, 'UNAUTHORIZED')
        const staff = await t.fetch('/api/search?q=x&include_inactive=true', { headers: admin })
        expect(staff.status).toBe(200)
        expect(staff.headers.get('cache-control')).toBe('private, no-store')
      },
    },
  ],
})
