// Links naming products, on every SQL engine (SQLite, D1 with its 100 bound parameters a
// statement, MariaDB): the product a link names, and the links a product change touches.

import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { demo, seedDemoData } from './demo.ts'
import { newId } from './ids.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'links naming products on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    let clock = new Date('2026-06-01T10:00:00.000Z')

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
      await seedDemoData(repos)
    })
    afterAll(() => database?.close())

    it('reads the product a link names: its shop, status and availability', async () => {
      await repos.products.upsertMany([
        {
          shopId: demo.shopId,
          sku: 'LIP-1',
          title: 'Lipstick',
          brand: null,
          url: 'https://shop.example/lipstick',
          imageUrl: null,
          priceMinor: 1999,
          currency: 'EUR',
          availability: 'backorder',
          attributes: null,
        },
      ])
      const { id } = (await repos.products.bySku(demo.shopId, 'LIP-1'))!
      expect(await repos.links.product(id)).toEqual({
        id,
        shopId: demo.shopId,
        status: 'active',
        availability: 'backorder',
      })
      expect(await repos.links.product(newId())).toBeNull()
      const link = await repos.links.create({
        slug: 'named',
        destination: 'https://shop.example/lipstick',
        customerId: demo.customerId,
        productId: id,
      })
      expect((await repos.links.bySlug('named'))!.productId).toBe(id)
      await repos.links.update(link.id, { productId: null })
      expect((await repos.links.get(link.id))!.productId).toBeNull()
    })

    it('touches exactly the links naming changed products, in batches past the bound-parameter limit', async () => {
      const products = Array.from({ length: 250 }, () => newId())
      // 120 links over the first 120 products, two more on product 0, and one on another product.
      const named = products.slice(0, 120).map((productId, i) => ({ slug: `p-${i}`, productId }))
      named.push({ slug: 'p-0b', productId: products[0]! }, { slug: 'p-0c', productId: products[0]! })
      const base = { destination: 'https://shop.example/', customerId: demo.customerId }
      await repos.links.createMany([
        ...named.map((l) => ({ ...base, ...l })),
        { ...base, slug: 'other', productId: newId() },
        { ...base, slug: 'plain' },
      ])
      const before = await repos.links.lastChange()
      clock = new Date('2026-06-01T10:05:00.000Z')
      // Every id passed twice, in a different order: each link once.
      const touched = await repos.links.touchNamingProducts([...products, ...products.toReversed()])
      expect(touched.sort()).toEqual(named.map((l) => l.slug).sort())
      expect(await repos.links.lastChange()).toBe(clock.getTime())
      expect(before).toBeLessThan(clock.getTime())
      expect((await repos.links.bySlug('p-119'))!.updatedAt).toEqual(clock)
      expect((await repos.links.bySlug('other'))!.updatedAt.getTime()).toBe(before)
      expect((await repos.links.bySlug('plain'))!.updatedAt.getTime()).toBe(before)
      expect(await repos.links.touchNamingProducts([])).toEqual([])
      expect(await repos.links.touchNamingProducts(products.slice(200))).toEqual([])
    })
  },
)
