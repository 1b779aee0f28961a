/**
 * The search port's contract: one suite, run on every engine by its `*.test.ts` (FTS5 on libsql
 * in a file and in memory; the ClickHouse engine will join). A small beauty catalogue in German
 * and English with variants, sale prices, every availability and an inactive product; each case
 * says what a shopper would expect.
 *
 * ```ts
 * searchContract('fts5 (libsql, memory)', async () => {
 *   const engine = await createFts5Search({ executor: await openLibsql(':memory:') })
 *   return { engine, close: () => engine.close!() }
 * })
 * ```
 */
import type { SearchDocument, SearchEngine, SearchQuery } from '@glam/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

export interface SearchSubject {
  engine: SearchEngine
  close(): Promise<void>
}

const t0 = Date.parse('2026-10-01T00:00:00Z')
const day = 86_400_000

/** Lipstick and Skin Care with their paths, as the Google product taxonomy has them. */
const lipstick = {
  id: 3021,
  path: [469, 2915, 473, 477, 2645, 3021],
  en: 'Health & Beauty > Personal Care > Cosmetics > Makeup > Lip Makeup > Lipstick',
  de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up > Lippen > Lippenstift',
}
const skin = {
  id: 567,
  path: [469, 2915, 473, 567],
  en: 'Health & Beauty > Personal Care > Cosmetics > Skin Care',
  de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Hautpflege',
}

let n = 0
function doc(
  p: Partial<SearchDocument> & { title: string },
  category: typeof lipstick | null = skin,
): SearchDocument {
  n++
  const productId = p.productId ?? `p${String(n).padStart(3, '0')}`
  return {
    productId,
    shopId: 'shop-a',
    shopName: 'Shop A',
    sku: `SKU-${n}`,
    groupKey: `p:${productId}`,
    brand: 'Nordlicht',
    description: null,
    shopCategory: null,
    categoryId: category?.id ?? null,
    categoryPath: category ? { en: category.en, de: category.de } : null,
    categoryPathIds: category?.path ?? [],
    priceMinor: 1999,
    salePriceMinor: null,
    currency: 'EUR',
    availability: 'in_stock',
    active: true,
    imageUrl: `https://cdn.example/${productId}.jpg`,
    url: `https://shop.example/${productId}`,
    gtin: null,
    firstSeenAt: t0 + n * day,
    updatedAt: t0 + n * day,
    ...p,
  }
}

export const contractCatalogue = (): SearchDocument[] => {
  n = 0
  return [
    doc({
      productId: 'serum-glow',
      title: 'Glow Serum 30 ml',
      brand: 'Lumière',
      description: 'Vitamin C serum for a dewy glow.',
      priceMinor: 3490,
    }),
    doc({
      productId: 'serum-hyal',
      title: 'Hyaluron Serum Feuchtigkeit',
      brand: 'Nordlicht',
      description: 'Intensive Feuchtigkeit mit Hyaluronsäure.',
      priceMinor: 2490,
      salePriceMinor: 1990,
    }),
    doc(
      {
        productId: 'lip-red',
        title: 'Lippenstift Matt Kirschrot',
        brand: 'Crème de Lune',
        groupKey: 'g:shop-a:LIP1',
        priceMinor: 1500,
      },
      lipstick,
    ),
    doc(
      {
        productId: 'lip-nude',
        title: 'Lippenstift Matt Nude',
        brand: 'Crème de Lune',
        groupKey: 'g:shop-a:LIP1',
        priceMinor: 1500,
        availability: 'out_of_stock',
      },
      lipstick,
    ),
    doc(
      {
        productId: 'lip-rose',
        title: 'Lippenstift Matt Rosé',
        brand: 'Crème de Lune',
        groupKey: 'g:shop-a:LIP1',
        priceMinor: 1600,
      },
      lipstick,
    ),
    doc(
      {
        productId: 'lipstick-en',
        title: 'Velvet Lipstick Cherry Red',
        brand: 'Maison Élan',
        shopId: 'shop-b',
        shopName: 'Shop B',
        priceMinor: 2900,
      },
      lipstick,
    ),
    doc({
      productId: 'creme-day',
      title: 'Tagescreme mit Sheabutter',
      brand: 'Nordlicht',
      description: 'Leichte Pflege mit etwas Hyaluron für jeden Tag.',
      priceMinor: 1250,
    }),
    doc({
      productId: 'creme-face',
      title: 'Crème Visage Hydratante',
      brand: 'Maison Élan',
      shopId: 'shop-b',
      shopName: 'Shop B',
      priceMinor: 4500,
    }),
    doc({
      productId: 'moist',
      title: 'Feuchtigkeitscreme Sensitiv 50 ml',
      brand: 'Nordlicht',
      priceMinor: 1890,
    }),
    doc({
      productId: 'oil-hair',
      title: 'Haaröl Argan Pflege',
      brand: 'Öko Natur',
      priceMinor: 990,
      availability: 'preorder',
    }),
    doc({ productId: 'fuss', title: 'Fußcreme Intensiv', brand: 'Öko Natur', priceMinor: 690 }),
    doc({
      productId: 'shampoo',
      title: 'Shampoo Volumen',
      brand: 'Öko Natur',
      priceMinor: 590,
      active: false,
    }),
    doc(
      {
        productId: 'mascara',
        title: 'Wimperntusche Volumen Schwarz',
        brand: 'Lumière',
        priceMinor: 1290,
        availability: 'backorder',
      },
      null,
    ),
    doc({
      productId: 'spf',
      title: 'Sonnenschutz Spray LSF 50',
      brand: 'Sol',
      priceMinor: 12500,
      gtin: '4006000000017',
      groupKey: 'gtin:4006000000017',
    }),
    doc({
      productId: 'spf-b',
      title: 'Sonnenschutz Spray LSF 50 (Shop B)',
      brand: 'Sol',
      shopId: 'shop-b',
      shopName: 'Shop B',
      priceMinor: 11900,
      gtin: '4006000000017',
      groupKey: 'gtin:4006000000017',
    }),
  ]
}

export function searchContract(name: string, make: () => Promise<SearchSubject>) {
  describe(`search contract: ${name}`, () => {
    let subject: SearchSubject
    let engine: SearchEngine
    const ids = async (q: string, extra: Partial<SearchQuery> = {}) =>
      (await engine.search({ q, locale: 'de', limit: 50, ...extra })).hits.map((h) => h.productId)

    beforeAll(async () => {
      subject = await make()
      engine = subject.engine
      await engine.clear()
      await engine.upsert(contractCatalogue())
    })
    afterAll(async () => subject?.close())

    it('finds exact words, in title, brand and description', async () => {
      expect(await ids('serum')).toEqual(expect.arrayContaining(['serum-glow', 'serum-hyal']))
      expect(await ids('nordlicht tagescreme')).toEqual(['creme-day'])
      expect(await ids('hyaluronsäure')).toEqual(['serum-hyal'])
    })

    it('ranks a title match above a description match', async () => {
      expect(await ids('hyaluron')).toEqual(['serum-hyal', 'creme-day'])
      expect(await ids('feuchtigkeit')).toEqual(expect.arrayContaining(['serum-hyal', 'moist']))
    })

    it('splits German compounds: Lippenstift by `stift` and `lippen stift`, Feuchtigkeitscreme by `creme`', async () => {
      expect(await ids('stift')).toContainEqual(expect.stringMatching(/^lip-(red|nude|rose)$/))
      expect(await ids('lippen stift')).toContainEqual(expect.stringMatching(/^lip-(red|nude|rose)$/))
      expect(await ids('creme')).toEqual(expect.arrayContaining(['moist', 'creme-day', 'creme-face', 'fuss']))
    })

    it('folds diacritics: Crème/creme, ß/ss, ä/ae and a', async () => {
      expect(await ids('creme visage')).toEqual(['creme-face'])
      expect(await ids('crème visage')).toEqual(['creme-face'])
      expect(await ids('fusscreme')).toEqual(['fuss'])
      expect(await ids('fußcreme')).toEqual(['fuss'])
      expect(await ids('haaroel')).toEqual(['oil-hair'])
      expect(await ids('haarol')).toEqual(['oil-hair'])
      expect(await ids('rose lippenstift')).toEqual(['lip-rose'])
    })

    it('stems plurals in the query locale', async () => {
      expect(await ids('lipsticks', { locale: 'en' })).toContain('lipstick-en')
      expect(await ids('lippenstifte')).toContainEqual(expect.stringMatching(/^lip-(red|nude|rose)$/))
    })

    it('forgives one typo from 5 letters, two from 9, none below', async () => {
      expect(await ids('serun')).toEqual(expect.arrayContaining(['serum-glow', 'serum-hyal']))
      expect(await ids('sreum')).toEqual(expect.arrayContaining(['serum-glow', 'serum-hyal']))
      expect(await ids('feuchtigkeitscrme')).toContain('moist')
      expect(await ids('wimperntsuhce')).toContain('mascara')
      expect(await ids('glwo', { prefix: false })).toEqual([])
    })

    it('matches the last word as a prefix (typeahead), the others as words', async () => {
      expect(await ids('glo')).toEqual(['serum-glow'])
      expect(await ids('wimpern')).toEqual(['mascara'])
      expect(await ids('glo', { prefix: false })).toEqual([])
    })

    it('collapses variants into one hit, with counts that match', async () => {
      const result = await engine.search({ q: 'lippenstift', locale: 'de' })
      const lip = result.hits.filter((h) => ['lip-red', 'lip-nude', 'lip-rose'].includes(h.productId))
      expect(lip).toHaveLength(1)
      expect(lip[0]!.variants).toBe(3)
      expect(result.total).toBe(result.hits.length)
      expect(result.facets.brand).toContainEqual({ value: 'Crème de Lune', count: 1 })
      // One group can be in stock and out of stock at once: a facet counts it under each.
      const availability = Object.fromEntries(result.facets.availability.map((f) => [f.value, f.count]))
      expect(availability.in_stock).toBe(2)
      expect(availability.out_of_stock).toBe(1)
      // The same GTIN in two shops is one product.
      const spf = await engine.search({ q: 'sonnenschutz', locale: 'de' })
      expect(spf.total).toBe(1)
      expect(spf.hits[0]!.variants).toBe(2)
    })

    it('counts facets on the matches, each ignoring its own filter', async () => {
      const all = await engine.search({ q: '', locale: 'de', limit: 100 })
      expect(all.total).toBe(11)
      const brands = Object.fromEntries(all.facets.brand.map((f) => [f.value, f.count]))
      expect(brands).toMatchObject({
        Nordlicht: 3,
        'Öko Natur': 2,
        Lumière: 2,
        'Crème de Lune': 1,
        'Maison Élan': 2,
        Sol: 1,
      })
      const picked = await engine.search({ q: '', locale: 'de', filters: { brand: ['Nordlicht'] } })
      expect(picked.total).toBe(3)
      // The brand facet still offers the other brands (pick several); the others narrow.
      expect(picked.facets.brand.length).toBe(all.facets.brand.length)
      expect(picked.facets.shop).toEqual([{ value: 'Shop A', count: 3, id: 'shop-a' }])
      const cat = all.facets.category.find((c) => c.id === String(lipstick.id))
      expect(cat).toMatchObject({ value: 'Lippenstift', count: 2 })
      const en = await engine.search({ q: '', locale: 'en', limit: 1 })
      expect(en.facets.category.find((c) => c.id === String(lipstick.id))?.value).toBe('Lipstick')
      const price = all.facets.price
      expect(price.reduce((a, p) => a + p.count, 0)).toBeGreaterThanOrEqual(all.total)
      expect(price[0]).toEqual({ from: null, to: 1000, count: 2 })
      // A range is [from, to): its filter (price_max inclusive) is priceMax = to - 1.
      for (const r of price) {
        const filters = {
          ...(r.from !== null && { priceMin: r.from }),
          ...(r.to !== null && { priceMax: r.to - 1 }),
        }
        expect((await engine.search({ q: '', locale: 'de', filters })).total).toBe(r.count)
      }
    })

    it('counts a category with its subcategories’ products, as its filter finds them', async () => {
      const makeup = {
        id: 477,
        path: [469, 2915, 473, 477],
        en: 'Health & Beauty > Personal Care > Cosmetics > Makeup',
        de: 'Gesundheit & Schönheit > Körperpflege > Kosmetika > Make-up',
      }
      await engine.upsert([doc({ productId: 'makeup-set', title: 'Basics Set', brand: 'Nordlicht' }, makeup)])
      try {
        const all = await engine.search({ q: '', locale: 'de' })
        const filtered = await engine.search({ q: '', locale: 'de', filters: { category: [477] } })
        // The set and the two lipstick groups (a group once, however many variants).
        expect(filtered.total).toBe(3)
        expect(all.facets.category.find((c) => c.id === '477')).toMatchObject({ value: 'Make-up', count: 3 })
        expect(all.facets.category.find((c) => c.id === String(lipstick.id))?.count).toBe(2)
        const values = await engine.facetValues({ facet: 'category', q: '', locale: 'de', prefix: 'make' })
        expect(values).toEqual([{ value: 'Make-up', count: 3, id: '477' }])
        // Picked, the category facet still counts every category (its own filter left out).
        const picked = filtered.facets.category.find((c) => c.id === '477')
        expect(picked?.count).toBe(3)
      } finally {
        await engine.remove(['makeup-set'])
      }
    })

    it('filters by brand (any of several), category with descendants, price paid, availability and shop', async () => {
      expect(
        (await engine.search({ q: '', locale: 'de', filters: { brand: ['nordlicht', 'SOL'] } })).total,
      ).toBe(4)
      expect(
        (await engine.search({ q: '', locale: 'de', filters: { brand: ['Creme de Lune'] } })).total,
      ).toBe(1)
      expect(await ids('', { filters: { category: [477] } })).toEqual(expect.arrayContaining(['lipstick-en']))
      expect((await engine.search({ q: '', locale: 'de', filters: { category: [477] } })).total).toBe(2)
      // The sale price is the price paid: 19.90, not 24.90.
      expect(await ids('serum', { filters: { priceMax: 2000 } })).toEqual(['serum-hyal'])
      expect(await ids('', { filters: { priceMin: 10000, priceMax: 12500 } })).toHaveLength(1)
      expect(await ids('', { filters: { availability: ['preorder', 'backorder'] } })).toEqual(
        expect.arrayContaining(['oil-hair', 'mascara']),
      )
      expect((await engine.search({ q: '', locale: 'de', filters: { shop: ['shop-b'] } })).total).toBe(3)
      expect(await ids('nonexistentword')).toEqual([])
    })

    it('sorts by price, either way, and by newest', async () => {
      const asc = (await engine.search({ q: 'creme', locale: 'de', sort: 'price_asc' })).hits.map(
        (h) => h.salePriceMinor ?? h.priceMinor,
      )
      expect(asc).toEqual([...asc].sort((a, b) => a - b))
      const desc = (await engine.search({ q: 'creme', locale: 'de', sort: 'price_desc' })).hits.map(
        (h) => h.salePriceMinor ?? h.priceMinor,
      )
      expect(desc).toEqual([...desc].sort((a, b) => b - a))
      const newest = await ids('', { sort: 'newest', limit: 3 })
      expect(newest[0]).toBe('spf-b')
    })

    it('pages with offsets until the last page', async () => {
      const first = await engine.search({ q: '', locale: 'de', limit: 4 })
      expect(first.nextOffset).toBe(4)
      const second = await engine.search({ q: '', locale: 'de', limit: 4, offset: 4 })
      const third = await engine.search({ q: '', locale: 'de', limit: 4, offset: 8 })
      expect(third.nextOffset).toBeNull()
      const seen = [...first.hits, ...second.hits, ...third.hits].map((h) => h.productId)
      expect(new Set(seen).size).toBe(11)
    })

    it('highlights the matched words, escaping the rest', async () => {
      const [hit] = (await engine.search({ q: 'glow', locale: 'de' })).hits
      expect(hit!.highlight).toBe('<mark>Glow</mark> Serum 30 ml')
    })

    it('leaves inactive products out unless asked, and drops deactivated ones at once', async () => {
      expect(await ids('shampoo')).toEqual([])
      expect(await ids('shampoo', { filters: { includeInactive: true } })).toEqual(['shampoo'])
      const [glow] = contractCatalogue().filter((d) => d.productId === 'serum-glow')
      await engine.upsert([{ ...glow!, active: false, updatedAt: glow!.updatedAt + 1 }])
      expect(await ids('glow serum')).toEqual([])
      await engine.upsert([{ ...glow!, updatedAt: glow!.updatedAt + 2 }])
      expect(await ids('glow serum')).toEqual(['serum-glow'])
      await engine.remove(['serum-glow', 'not-there'])
      // No product has `glow` any more: the search drops that word and answers the other serum.
      expect(await ids('glow serum')).toEqual(['serum-hyal'])
      expect((await engine.suggest({ q: 'glo', locale: 'de' })).products).toEqual([])
      await engine.upsert([glow!])
      expect(await ids('glow serum')).toEqual(['serum-glow'])
    })

    it('never replaces a product with an older version of it (two updates crossing)', async () => {
      const [hyal] = contractCatalogue().filter((d) => d.productId === 'serum-hyal')
      const newer = { ...hyal!, title: 'Hyaluron Serum Zephyrix', updatedAt: hyal!.updatedAt + 10 }
      await engine.upsert([newer])
      await engine.upsert([{ ...hyal!, title: 'Hyaluron Serum Quokkalin', updatedAt: hyal!.updatedAt + 5 }])
      expect(await ids('zephyrix')).toEqual(['serum-hyal'])
      expect(await ids('quokkalin')).toEqual([])
      const [entry] = await engine.entries('serum-hyak', 1)
      expect(entry).toMatchObject({ productId: 'serum-hyal', updatedAt: newer.updatedAt })
      // The same version again is written (a reindex): back to the catalogue's title.
      await engine.upsert([{ ...hyal!, updatedAt: newer.updatedAt }])
      expect(await ids('zephyrix')).toEqual([])
      expect(await ids('hyaluron serum feuchtigkeit')).toEqual(['serum-hyal'])
    })

    it('suggests products, brands and categories as one types', async () => {
      const s = await engine.suggest({ q: 'lum', locale: 'de' })
      expect(s.brands).toEqual([{ value: 'Lumière', count: 2 }])
      const glo = await engine.suggest({ q: 'glo', locale: 'de' })
      expect(glo.products.map((p) => p.productId)).toEqual(['serum-glow'])
      expect(glo.products[0]!.highlight).toContain('<mark>')
      const lip = await engine.suggest({ q: 'lippen', locale: 'de' })
      expect(lip.categories.map((c) => c.value)).toContain('Lippenstift')
      expect((await engine.suggest({ q: 'lip', locale: 'en' })).categories.map((c) => c.value)).toContain(
        'Lipstick',
      )
    })

    it("searches a facet's values by prefix, most frequent first", async () => {
      const brands = await engine.facetValues({ facet: 'brand', q: '', locale: 'de', prefix: 'n' })
      expect(brands).toEqual([
        { value: 'Nordlicht', count: 3 },
        { value: 'Öko Natur', count: 2 },
      ])
      const inCreme = await engine.facetValues({ facet: 'brand', q: 'creme', locale: 'de' })
      expect(inCreme[0]).toEqual({ value: 'Nordlicht', count: 2 })
      expect(await engine.facetValues({ facet: 'brand', q: '', locale: 'de', prefix: 'de lu' })).toEqual([
        { value: 'Crème de Lune', count: 1 },
      ])
    })

    it('expands staff synonyms, single words and phrases', async () => {
      const synonyms = [
        ['wimperntusche', 'mascara'],
        ['lippenstift', 'lip stick'],
      ]
      expect(await ids('mascara', { synonyms })).toEqual(['mascara'])
      expect(await ids('mascara')).toEqual([])
      expect(
        (await ids('lip stick', { synonyms, locale: 'de' })).some((id) =>
          ['lip-red', 'lip-rose'].includes(id),
        ),
      ).toBe(true)
    })

    it('takes any text without breaking: FTS syntax, quotes, long and empty input', async () => {
      for (const q of [
        '"',
        'NOT serum',
        'serum OR',
        'a AND b',
        '*',
        'NEAR(a b)',
        '(((',
        "l'oréal",
        'x'.repeat(500),
        '  ',
      ])
        await expect(engine.search({ q, locale: 'de' })).resolves.toMatchObject({ total: expect.any(Number) })
      expect(await ids('NOT serum')).toEqual(expect.arrayContaining(['serum-glow']))
    })

    it('says what it holds and where the update got to', async () => {
      const stats = await engine.stats()
      expect(stats.documents).toBe(15)
      expect(stats.active).toBe(14)
      await engine.setWatermark(12345)
      expect((await engine.stats()).watermark).toBe(12345)
      const entries = await engine.entries('', 100)
      expect(entries.map((e) => e.productId)).toEqual([...entries.map((e) => e.productId)].sort())
      expect(entries.find((e) => e.productId === 'shampoo')?.active).toBe(false)
    })
  })
}
