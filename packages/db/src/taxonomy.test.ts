// The taxonomy repository on every SQL engine: SQLite (libsql), D1 (Miniflare, 100 parameters a
// statement) and a real MariaDB (case-insensitive collation).

import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { newId } from './ids.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'
import type { TaxonomyRow } from './repositories/taxonomy.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const at = new Date('2026-06-01T10:00:00.000Z')

const row = (id: number, parentId: number | null, pathEn: string, pathDe: string | null): TaxonomyRow => ({
  id,
  parentId,
  depth: pathEn.split(' > ').length,
  nameEn: pathEn.split(' > ').at(-1)!,
  pathEn,
  nameDe: pathDe?.split(' > ').at(-1) ?? null,
  pathDe,
})

const beauty = [
  row(469, null, 'Health & Beauty', 'Gesundheit & Schönheit'),
  row(2915, 469, 'Health & Beauty > Personal Care', 'Gesundheit & Schönheit > Körperpflege'),
  row(
    477,
    2915,
    'Health & Beauty > Personal Care > Cosmetics',
    'Gesundheit & Schönheit > Körperpflege > Kosmetika',
  ),
  row(478, 477, 'Health & Beauty > Personal Care > Cosmetics > Nail Care', null),
  row(2683, 478, 'Health & Beauty > Personal Care > Cosmetics > Nail Care > Nail Polishes', null),
  row(
    2571,
    477,
    'Health & Beauty > Personal Care > Cosmetics > Makeup',
    'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up',
  ),
  row(9001, 469, 'Health & Beauty > 100% Natural_Care', null),
]
// Enough rows that D1 needs many statements (12 rows of 8 columns each).
const filler = Array.from({ length: 300 }, (_, i) =>
  row(100_000 + i, 469, `Health & Beauty > Filler ${i}`, null),
)

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'taxonomy on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    const shopId = newId()

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => at, masterKey })
    })
    afterAll(() => database?.close())

    it('loads a version once, and replaces it (removed ids included) when the version differs', async () => {
      expect(await repos.taxonomy.version()).toBeNull()
      expect(await repos.taxonomy.load([...beauty, ...filler], 'v1')).toEqual({ loaded: true })
      expect(await repos.taxonomy.load([...beauty, ...filler], 'v1')).toEqual({ loaded: false })
      expect(await repos.taxonomy.version()).toBe('v1')
      expect((await repos.taxonomy.paths()).length).toBe(beauty.length + filler.length)

      const renamed = beauty.map((r) =>
        r.id === 9001 ? { ...r, nameDe: 'Natürlich', pathDe: 'X > Natürlich' } : r,
      )
      expect(await repos.taxonomy.load(renamed, 'v2')).toEqual({ loaded: true })
      expect(await repos.taxonomy.version()).toBe('v2')
      expect((await repos.taxonomy.paths()).length).toBe(beauty.length)
      expect(await repos.taxonomy.get(100_000)).toBeNull()
      expect(await repos.taxonomy.get(9001)).toMatchObject({ nameDe: 'Natürlich', version: 'v2' })
      await repos.taxonomy.load(beauty, 'v3')
    })

    it('answers a category, its children and its ancestors (top first)', async () => {
      expect(await repos.taxonomy.get(477)).toEqual({ ...beauty[2], version: 'v3' })
      expect((await repos.taxonomy.children(477)).map((c) => c.id)).toEqual([2571, 478])
      expect((await repos.taxonomy.ancestors(2683)).map((c) => c.id)).toEqual([469, 2915, 477, 478])
      expect(await repos.taxonomy.ancestors(469)).toEqual([])
      expect(await repos.taxonomy.ancestors(1)).toEqual([])
    })

    it('searches names and paths case-insensitively, name matches first, LIKE characters literally', async () => {
      const ids = async (q: string, lang: 'en' | 'de' = 'en', limit = 10) =>
        (await repos.taxonomy.search(q, lang, limit)).map((c) => c.id)
      expect(await ids('NAIL')).toEqual([478, 2683])
      expect(await ids('cosmetics')).toEqual([477, 2571, 478, 2683])
      expect(await ids('cosmetics', 'en', 2)).toEqual([477, 2571])
      expect(await ids('kosmetika > make', 'de')).toEqual([2571])
      expect(await ids('Nail', 'de')).toEqual([])
      expect(await ids('100%')).toEqual([9001])
      // `_` literally: not the `l c` of every Personal Care.
      expect(await ids('l_c')).toEqual([9001])
      expect(await ids('2683')).toEqual([2683])
    })

    it('finds a category by its English or German path, any case and spacing', async () => {
      expect((await repos.taxonomy.byPath('health & beauty>personal care > COSMETICS'))?.id).toBe(477)
      expect((await repos.taxonomy.byPath(' Gesundheit & Schönheit > Körperpflege '))?.id).toBe(2915)
      expect(await repos.taxonomy.byPath('Health & Beauty > Cosmetics')).toBeNull()
    })

    it('keeps one mapping per shop category, whatever the case, and deletes it', async () => {
      await repos.taxonomy.setMapping(shopId, ' Lippen>Lippenstift ', 2571)
      await repos.taxonomy.setMapping(shopId, 'Nägel', 2683)
      await repos.taxonomy.setMapping(shopId, 'LIPPEN > Lippenstift', 477)
      expect(await repos.taxonomy.mappings(shopId)).toEqual([
        {
          category: 'LIPPEN > Lippenstift',
          taxonomyId: 477,
          pathEn: beauty[2]!.pathEn,
          pathDe: beauty[2]!.pathDe,
          updatedAt: at,
        },
        { category: 'Nägel', taxonomyId: 2683, pathEn: beauty[4]!.pathEn, pathDe: null, updatedAt: at },
      ])
      expect(await repos.taxonomy.mappings(newId())).toEqual([])
      expect(await repos.taxonomy.deleteMapping(shopId, 'lippen > lippenstift')).toBe(true)
      expect(await repos.taxonomy.deleteMapping(shopId, 'lippen > lippenstift')).toBe(false)
      expect((await repos.taxonomy.mappings(shopId)).map((m) => m.category)).toEqual(['Nägel'])
    })

    it('lists what is unmapped with counts, and remaps only the products of that category', async () => {
      const { db, t } = database
      const product = (sku: string, category: string | null, productType: string | null, extra = {}) => ({
        id: newId(),
        shopId,
        sku,
        title: sku,
        url: `https://shop.example/${sku}`,
        priceMinor: 100,
        currency: 'EUR',
        availability: 'in_stock' as const,
        seenAt: at,
        category,
        productType,
        ...extra,
      })
      await db
        .insert(t.products)
        .values([
          product('a', null, 'Lippen > Lippenstift'),
          product('b', null, 'Lippen>Lippenstift'),
          product('c', 'Kosmetik', 'Lippen > Lippenstift'),
          product('d', '2683', 'Nägel', { taxonomyId: 2683 }),
          product('e', null, 'Lippen > Lippenstift', { status: 'inactive' }),
          product('f', null, 'Augen'),
          product('g', null, ''),
        ])
      expect(await repos.taxonomy.unmapped(shopId, 10)).toEqual([
        { category: 'Lippen > Lippenstift', field: 'productType', products: 2 },
        { category: 'Augen', field: 'productType', products: 1 },
        { category: 'Kosmetik', field: 'category', products: 1 },
        { category: 'Lippen>Lippenstift', field: 'productType', products: 1 },
      ])
      expect(await repos.taxonomy.unmapped(shopId, 1)).toHaveLength(1)

      const lips = (category: string | null, productType: string | null) =>
        category === 'Kosmetik' ? 477 : productType?.replace(/\s/g, '') === 'Lippen>Lippenstift' ? 2571 : null
      expect(await repos.taxonomy.remap(shopId, 'lippen > LIPPENSTIFT', lips)).toBe(4)
      expect(await repos.taxonomy.remap(shopId, 'Lippen > Lippenstift', lips)).toBe(0)
      const placed = async () =>
        Object.fromEntries((await repos.catalog.products(shopId)).map((p) => [p.sku, p.taxonomyId]))
      expect(await placed()).toEqual({ a: 2571, b: 2571, c: 477, d: 2683, e: 2571, f: null, g: null })
      expect(await repos.taxonomy.remap(shopId, 'Lippen > Lippenstift', () => null)).toBe(4)
      expect(await placed()).toMatchObject({ a: null, b: null, c: null, d: 2683, e: null })
      expect(await repos.taxonomy.remap(shopId, 'Kosmetik', lips)).toBe(1)
      expect(await placed()).toMatchObject({ a: null, c: 477 })
    })
  },
)
