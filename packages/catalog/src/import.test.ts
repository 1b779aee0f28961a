// Feed runs into the catalogue on every SQL engine (SQLite, D1, MariaDB): broken, empty and
// shrunken feeds leave it exactly as it was, row by row; a good one deactivates what it lost; an
// identical one changes nothing; a held run is released or discarded by staff.

import type { SqlDatabase } from '@glam/db'
import { createRepositories, type Repositories } from '@glam/db/repositories/index'
import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { discardRun, importFeed, releaseRun } from './import.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const header = 'id,title,link,image_link,price,sale_price,availability,gtin'
const line = (i: number, price = '24.90 EUR', availability = 'in stock') =>
  `P-${i},Velvet Lipstick ${i},https://shop.example/p/${i},https://shop.example/i/${i}.jpg,${price},,${availability},`
const csv = (ids: number[], change: (i: number) => string = (i) => line(i)) =>
  `${header}\n${ids.map(change).join('\n')}\n`
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i)
const bytes = (text: string) => [new TextEncoder().encode(text)]

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'feed runs on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    let clock = new Date('2026-06-01T10:00:00.000Z')
    const shopId = 'shop-feeds-1'
    const run = (text: string, options = {}) =>
      importFeed({
        repos,
        shopId,
        source: 'test.csv',
        bytes: bytes(text),
        options: { fileName: 'feed.csv', ...options },
      })
    /** The catalogue as rows, without the timestamps a run moves. */
    const snapshot = async () => (await repos.catalog.products(shopId)).map((p) => ({ ...p }))

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
    })
    afterAll(() => database?.close())

    it('imports a good feed: every row created, a run recorded with its report', async () => {
      const report = await run(csv(range(20)))
      expect(report.outcome).toBe('IMPORTED')
      expect(report.counts).toMatchObject({
        rowsRead: 20,
        valid: 20,
        created: 20,
        updated: 0,
        unchanged: 0,
        deactivated: 0,
      })
      const products = await repos.catalog.products(shopId)
      expect(products).toHaveLength(20)
      expect(products[0]).toMatchObject({
        sku: 'P-1',
        priceMinor: 2490,
        currency: 'EUR',
        status: 'active',
        condition: 'new',
      })
      expect(await repos.catalog.run(report.runId)).toMatchObject({
        status: 'applied',
        outcome: 'IMPORTED',
        validRows: 20,
      })
    })

    it('changes nothing on a second identical run', async () => {
      const before = await snapshot()
      clock = new Date('2026-06-01T11:00:00.000Z')
      const report = await run(csv(range(20)))
      expect(report.counts).toMatchObject({ created: 0, updated: 0, unchanged: 20, deactivated: 0 })
      const after = await snapshot()
      expect(after.map(({ seenAt, ...p }) => p)).toEqual(before.map(({ seenAt, ...p }) => p))
      expect(after.every((p) => p.seenAt.getTime() === clock.getTime())).toBe(true)
    })

    it('leaves the catalogue exactly as it was after a truncated XML, a header-only CSV and a feed that lost 40%', async () => {
      const before = await snapshot()
      const xml = `<?xml version="1.0"?><rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>P-1</g:id><title>Changed</title><link>https://shop.example/p/1</link><g:image_link>https://shop.example/i/1.jpg</g:image_link><g:price>1.00 EUR</g:price><g:availability>in stock</g:availability></item><item><g:id>P-2</g:id>`
      const truncated = await run(xml, { fileName: 'feed.xml' })
      expect(truncated.outcome).toBe('FEED_REJECTED')
      const empty = await run(`${header}\n`)
      expect(empty.outcome).toBe('EMPTY_FEED')
      // 12 of 20 rows, some of them with new prices: held, nothing applied.
      const shrunk = await run(csv(range(12), (i) => line(i, '9.90 EUR')))
      expect(shrunk.outcome).toBe('HELD_FOR_REVIEW')
      expect(shrunk.counts).toMatchObject({ valid: 12, updated: 12, deactivated: 8 })
      expect((await repos.catalog.run(shrunk.runId))?.status).toBe('held')
      expect(await snapshot()).toEqual(before)
      for (const r of [truncated, empty]) expect((await repos.catalog.run(r.runId))?.status).toBe('rejected')
      expect(await discardRun(repos, shrunk.runId)).toBe(true)
      expect((await repos.catalog.run(shrunk.runId))?.status).toBe('discarded')
      expect(await snapshot()).toEqual(before)
    })

    it('deactivates what a good feed no longer has, records price drops and back in stock', async () => {
      clock = new Date('2026-06-01T12:00:00.000Z')
      // 16 of 20 (a 20% drop, under the 30% hold), P-1 cheaper, P-2 out of stock, P-3 in stock again later.
      const first = await run(
        csv(range(16), (i) =>
          i === 1 ? line(i, '19.90 EUR') : i === 2 ? line(i, '24.90 EUR', 'out of stock') : line(i),
        ),
      )
      expect(first.outcome).toBe('IMPORTED')
      expect(first.counts).toMatchObject({ created: 0, updated: 2, unchanged: 14, deactivated: 4 })
      expect(first.changes).toEqual({ priceDrops: 1, backInStock: 0 })
      const products = await repos.catalog.products(shopId)
      expect(products.filter((p) => p.status === 'inactive').map((p) => p.sku)).toEqual([
        'P-17',
        'P-18',
        'P-19',
        'P-20',
      ])
      const again = await run(csv(range(16)))
      expect(again.changes).toEqual({ priceDrops: 0, backInStock: 1 })
      const p2 = products.find((p) => p.sku === 'P-2')!
      expect((await repos.catalog.priceHistory(p2.id)).map((h) => h.availability)).toEqual([
        'in_stock',
        'out_of_stock',
        'in_stock',
      ])
      // A product that comes back is active again.
      const back = await run(csv(range(20)))
      expect(back.counts).toMatchObject({ updated: 4, unchanged: 16, deactivated: 0 })
    })

    it('applies a held run when staff release it', async () => {
      const held = await run(csv(range(10)))
      expect(held.outcome).toBe('HELD_FOR_REVIEW')
      const released = await releaseRun(repos, held.runId)
      if (released === 'stale') throw new Error('a held run with no newer run is not stale')
      expect(released?.outcome).toBe('IMPORTED')
      expect(released?.counts).toMatchObject({ deactivated: 10 })
      expect((await repos.catalog.products(shopId)).filter((p) => p.status === 'active')).toHaveLength(10)
      expect(await releaseRun(repos, held.runId)).toBeNull()
    })

    it('refuses to release a held run once a newer run of the feed was applied', async () => {
      expect((await run(csv(range(20)))).outcome).toBe('IMPORTED')
      const held = await run(csv(range(10)))
      expect(held.outcome).toBe('HELD_FOR_REVIEW')
      const newer = await run(csv(range(20)))
      expect(newer.outcome).toBe('IMPORTED')
      const before = await repos.catalog.products(shopId)
      expect(await releaseRun(repos, held.runId)).toBe('stale')
      expect(await repos.catalog.products(shopId)).toEqual(before)
      expect((await repos.catalog.run(held.runId))?.status).toBe('held')
    })

    it('keeps ids case-sensitive and the first row of a duplicated id', async () => {
      const other = 'shop-feeds-2'
      const text = `${header}\nAbc,First,https://s.example/1,https://s.example/1.jpg,1.00 EUR,,in stock,\nabc,Lower,https://s.example/2,https://s.example/2.jpg,2.00 EUR,,in stock,\nAbc,Second,https://s.example/3,https://s.example/3.jpg,3.00 EUR,,in stock,\n`
      const report = await importFeed({ repos, shopId: other, source: 'dup.csv', bytes: bytes(text) })
      expect(report.counts).toMatchObject({ valid: 2, invalid: 1, created: 2 })
      expect((await repos.catalog.products(other)).map((p) => [p.sku, p.title])).toEqual([
        ['Abc', 'First'],
        ['abc', 'Lower'],
      ])
    })

    it('stamps each chunk of a run, and its deactivations, with the time they were written', async () => {
      // A clock that moves on every reading: a long run, chunk by chunk.
      let tick = Date.parse('2026-06-02T08:00:00.000Z')
      const now = () => {
        tick += 1000
        return new Date(tick)
      }
      const ticking = createRepositories({ database, now, masterKey })
      const other = 'shop-feeds-3'
      const importRun = (n: number, title: string) =>
        importFeed({
          repos: ticking,
          shopId: other,
          source: 'long.csv',
          bytes: bytes(csv(range(n)).replaceAll('Velvet', title)),
        })
      expect((await importRun(120, 'Matte')).outcome).toBe('IMPORTED')
      const started = tick
      // Every row changed, and 10 of 120 gone (under the hold): deactivated after the chunks were written.
      const report = await importRun(110, 'Glossy')
      expect(report.counts).toMatchObject({ updated: 110, deactivated: 10 })
      const products = await ticking.catalog.products(other)
      const stamps = (status: string) =>
        products.filter((p) => p.status === status).map((p) => p.updatedAt.getTime())
      const [active, inactive] = [stamps('active'), stamps('inactive')]
      expect(inactive).toHaveLength(10)
      expect(Math.min(...active)).toBeGreaterThan(started)
      expect(Math.min(...inactive)).toBeGreaterThan(Math.max(...active))
    })
  },
)
