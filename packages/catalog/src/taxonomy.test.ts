// The taxonomy files as rows, the shipped files loaded once, and the resolver a feed run places
// products with (on SQLite: the repository itself is tested on every engine in @glam/db).

import type { SqlDatabase } from '@glam/db'
import { createRepositories, type Repositories } from '@glam/db/repositories/index'
import { testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureTaxonomy, shippedTaxonomy } from './shipped-taxonomy.ts'
import { parseTaxonomy, remapCategory, taxonomyResolver } from './taxonomy.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'

describe('parseTaxonomy', () => {
  const english = [
    '# Google_Product_Taxonomy_Version: 2021-09-21',
    '1 - Animals & Pet Supplies',
    '2 - Animals & Pet Supplies > Pet Supplies',
    '',
    '# a comment',
    '3 - Animals & Pet Supplies>Pet Supplies >  Bird Supplies',
  ].join('\n')
  const german = '# Google_Product_Taxonomy_Version: 2015-02-19\r\n1 - Tiere & Tierbedarf\r\n'

  it('reads `<id> - <path>` lines into rows with parents from the path, German names where there are', () => {
    expect(parseTaxonomy(english, german)).toEqual({
      version: '2021-09-21',
      rows: [
        {
          id: 1,
          parentId: null,
          depth: 1,
          nameEn: 'Animals & Pet Supplies',
          pathEn: 'Animals & Pet Supplies',
          nameDe: 'Tiere & Tierbedarf',
          pathDe: 'Tiere & Tierbedarf',
        },
        expect.objectContaining({ id: 2, parentId: 1, depth: 2, nameEn: 'Pet Supplies', nameDe: null }),
        expect.objectContaining({
          id: 3,
          parentId: 2,
          depth: 3,
          nameEn: 'Bird Supplies',
          pathEn: 'Animals & Pet Supplies > Pet Supplies > Bird Supplies',
        }),
      ],
    })
  })

  it('refuses a file without a version, a line of another shape and a category without its parent', () => {
    expect(() => parseTaxonomy('1 - A')).toThrow(/no `# Google_Product_Taxonomy_Version:` line/)
    expect(() => parseTaxonomy('# Version: 1\n1 - A\nA > B')).toThrow(/line 3 is not `<id> - <path>`: A > B/)
    expect(() => parseTaxonomy('# Version: 1\n1 - A\n2 - B > C')).toThrow(
      /category 2 \(B > C\) has no parent B/,
    )
  })

  it('has every shipped category, German where the 2015 file had it', () => {
    const { version, rows } = shippedTaxonomy()
    expect(version).toBe('2021-09-21')
    expect(rows).toHaveLength(5595)
    expect(rows.filter((r) => r.parentId === null)).toHaveLength(21)
    expect(rows.filter((r) => r.pathDe === null)).toHaveLength(168)
    expect(rows.find((r) => r.id === 3021)).toEqual({
      id: 3021,
      parentId: 2645,
      depth: 6,
      nameEn: 'Lipstick',
      pathEn: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup > Lipstick',
      nameDe: 'Lippenstift',
      pathDe: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Lippen > Lippenstift',
    })
  })
})

describe('the taxonomy resolver', () => {
  let database: SqlDatabase
  let repos: Repositories
  const shopId = 'shop-taxonomy-1'

  beforeAll(async () => {
    database = await testEngines()[0]!.open()
    repos = createRepositories({ database, now: () => new Date('2026-06-01T10:00:00Z'), masterKey })
  })
  afterAll(() => database?.close())

  it('loads the shipped taxonomy once per version', async () => {
    expect(await ensureTaxonomy(repos)).toEqual({ version: '2021-09-21', loaded: true })
    expect(await ensureTaxonomy(repos)).toEqual({ version: '2021-09-21', loaded: false })
    expect(await repos.taxonomy.version()).toBe('2021-09-21')
  })

  it('takes a known id, then an English or German path, then the mapping of the category, then of the product type', async () => {
    await repos.taxonomy.setMapping(shopId, 'Lippen', 3021)
    await repos.taxonomy.setMapping(shopId, 'Nagellack', 2683)
    await repos.taxonomy.setMapping(shopId, '99999999', 477)
    const resolve = await taxonomyResolver(repos, shopId)
    expect(resolve('2683', 'Lippen')).toBe(2683)
    expect(resolve(' 3021 ', null)).toBe(3021)
    expect(resolve('health & beauty>personal care >  cosmetics', 'Lippen')).toBe(473)
    expect(
      resolve('Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Lippen > Lippenstift', null),
    ).toBe(3021)
    expect(resolve('NAGELLACK', 'Lippen')).toBe(2683)
    expect(resolve('99999999', null)).toBe(477)
    expect(resolve('Beauty', 'lippen ')).toBe(3021)
    expect(resolve(null, 'Lippen')).toBe(3021)
    expect(resolve('', '')).toBeNull()
    expect(resolve('Beauty', 'Augen')).toBeNull()
    expect(resolve(null, null)).toBeNull()
  })

  it('reads the mappings when built, not per row, and the paths once per process', async () => {
    const resolve = await taxonomyResolver(repos, shopId)
    await repos.taxonomy.deleteMapping(shopId, 'Lippen')
    expect(resolve(null, 'Lippen')).toBe(3021)
    expect((await taxonomyResolver(repos, shopId))(null, 'Lippen')).toBeNull()
    const paths = repos.taxonomy.paths
    repos.taxonomy.paths = () => Promise.reject(new Error('read again'))
    try {
      expect((await taxonomyResolver(repos, 'another-shop'))('2683', null)).toBe(2683)
    } finally {
      repos.taxonomy.paths = paths
    }
  })

  it("places a shop's products again after its mapping changed", async () => {
    const { db, t } = database
    const at = new Date('2026-06-01T10:00:00Z')
    const product = (sku: string, category: string | null, productType: string | null) => ({
      id: crypto.randomUUID(),
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
    })
    await db
      .insert(t.products)
      .values([
        product('a', null, 'Augen > Mascara'),
        product('b', '2683', 'augen>mascara'),
        product('c', null, 'Lippen'),
      ])
    await repos.taxonomy.setMapping(shopId, 'Augen > Mascara', 2571)
    expect(await remapCategory(repos, shopId, 'Augen > Mascara')).toBe(2)
    const placed = async () =>
      Object.fromEntries((await repos.catalog.products(shopId)).map((p) => [p.sku, p.taxonomyId]))
    // b's own category comes before the shop's mapping of its product type.
    expect(await placed()).toEqual({ a: 2571, b: 2683, c: null })
    await repos.taxonomy.deleteMapping(shopId, 'augen > mascara')
    expect(await remapCategory(repos, shopId, 'Augen > Mascara')).toBe(1)
    expect(await placed()).toEqual({ a: null, b: 2683, c: null })
  })
})
