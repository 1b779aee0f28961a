import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import {
  catalogueCsv,
  catalogueCsvColumns,
  catalogueNow,
  type GeneratedProduct,
  generateCatalogue,
} from './catalogue.ts'
import { brands } from './catalogue-brands.ts'
import { catalogueLines } from './catalogue-lines.ts'
import { catalogueCategories } from './catalogue-taxonomy.ts'
import { productTypes } from './catalogue-types.ts'

const sample = [...generateCatalogue({ size: 20_000, seed: 7 })]
const share = (test: (p: GeneratedProduct) => boolean) => sample.filter(test).length / sample.length

function taxonomy(file: string): Map<number, string> {
  const text = readFileSync(new URL(`../../../catalog/data/${file}`, import.meta.url), 'utf8')
  const paths = new Map<number, string>()
  for (const line of text.split('\n')) {
    const match = /^(\d+) - (.+)$/.exec(line.trim())
    if (match) paths.set(Number(match[1]), match[2]!)
  }
  return paths
}

function gtinValid(gtin: string): boolean {
  const digits = [...gtin].map(Number)
  const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0)
  return (10 - (sum % 10)) % 10 === digits[12]
}

describe('generateCatalogue', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = [...generateCatalogue({ size: 20_000, seed: 7 })]
    expect(again).toEqual(sample)
    const other = [...generateCatalogue({ size: 200, seed: 8 })]
    expect(other.map((p) => p.title)).not.toEqual(sample.slice(0, 200).map((p) => p.title))
  })

  it('yields exactly size documents with unique ids and valid, unique GTINs', () => {
    expect([...generateCatalogue({ size: 0 })]).toEqual([])
    expect([...generateCatalogue({ size: 3 })]).toHaveLength(3)
    expect(sample).toHaveLength(20_000)
    expect(new Set(sample.map((p) => p.productId)).size).toBe(sample.length)
    expect(sample[0]!.productId).toBe('p-7-0')
    const gtins = sample.flatMap((p) => (p.gtin ? [p.gtin] : []))
    expect(new Set(gtins).size).toBe(gtins.length)
    expect(gtins.every((g) => /^\d{13}$/.test(g) && gtinValid(g))).toBe(true)
    expect(gtins.length / sample.length).toBeGreaterThan(0.85)
  })

  it('refuses a size or shop count that is not a whole number', () => {
    expect(() => [...generateCatalogue({ size: -1 })]).toThrow(/size/)
    expect(() => [...generateCatalogue({ size: 10, shops: 0 })]).toThrow(/shops/)
  })

  it('mixes types, languages, availability, sale prices and inactive products as planned', () => {
    const types = new Set(sample.map((p) => p.truth.type))
    expect(types.size).toBe(productTypes.length)
    expect(types.size).toBeGreaterThanOrEqual(25)
    expect(share((p) => p.truth.language === 'de')).toBeGreaterThan(0.5)
    expect(share((p) => p.truth.language === 'de')).toBeLessThan(0.7)
    expect(share((p) => !p.active)).toBeGreaterThan(0.035)
    expect(share((p) => !p.active)).toBeLessThan(0.065)
    expect(share((p) => p.availability === 'in_stock')).toBeGreaterThan(0.82)
    expect(share((p) => p.availability === 'in_stock')).toBeLessThan(0.88)
    expect(share((p) => p.salePriceMinor !== null)).toBeGreaterThan(0.12)
    expect(share((p) => p.salePriceMinor !== null)).toBeLessThan(0.18)
    for (const p of sample) {
      expect(p.priceMinor).toBeGreaterThan(0)
      if (p.salePriceMinor !== null) expect(p.salePriceMinor).toBeLessThan(p.priceMinor)
    }
  })

  it('puts about 30% of the products in variant groups of 2–6 that share groupKey, shop and line', () => {
    expect(share((p) => p.truth.variantOf !== undefined)).toBeGreaterThan(0.25)
    expect(share((p) => p.truth.variantOf !== undefined)).toBeLessThan(0.35)
    const groups = new Map<string, GeneratedProduct[]>()
    for (const p of sample)
      if (p.truth.variantOf) groups.set(p.groupKey, [...(groups.get(p.groupKey) ?? []), p])
    // The last group may be cut short by size.
    const sizes = [...groups.values()].slice(0, -1).map((members) => members.length)
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6)
    for (const [key, members] of groups) {
      const first = members[0]!
      expect(key.startsWith(`${first.shopId}:`)).toBe(true)
      expect(first.truth.variantOf).toBe(first.productId)
      for (const m of members) {
        expect(m.truth.variantOf).toBe(first.productId)
        expect([m.shopId, m.truth.brand, m.truth.line, m.truth.type]).toEqual([
          first.shopId,
          first.truth.brand,
          first.truth.line,
          first.truth.type,
        ])
      }
      expect(new Set(members.map((m) => m.title)).size).toBe(members.length)
    }
    for (const p of sample) if (!p.truth.variantOf) expect(p.groupKey).toBe(p.gtin ?? p.productId)
  })

  it('writes German titles in German shops and English ones in English shops', () => {
    const lipsticks = sample.filter((p) => p.truth.type === 'lipstick')
    for (const p of lipsticks) expect(p.title).toMatch(p.truth.language === 'de' ? /Lippenstift/ : /Lipstick/)
    const titles = sample.map((p) => p.title).join('\n')
    for (const word of [
      'Feuchtigkeitscreme',
      'Wimperntusche',
      'Sonnenschutz Spray LSF 50',
      'Körperlotion',
      'Rosé',
      'Serum',
    ])
      expect(titles).toContain(word)
    expect(titles).toMatch(/Hydrating Face Serum with Hyaluronic Acid/)
    expect(titles).toMatch(/SPF \d+ Sunscreen Spray/)
    for (const p of sample.slice(0, 2000)) {
      const description = p.description ?? ''
      expect(description.split('. ').length).toBeLessThanOrEqual(3)
      if (p.truth.language === 'en') expect(description).not.toMatch(/[äöüß]/)
    }
  })

  it('keeps the truth consistent with the title', () => {
    for (const p of sample) {
      const spec = productTypes.find((t) => t.type === p.truth.type)!
      if (spec.colours) expect(p.truth.colour).toBeDefined()
      else expect(p.truth.colour).toBeUndefined()
      if (p.truth.shade && p.truth.language === 'en') expect(p.title).toContain(p.truth.shade)
      if (p.truth.size) expect(p.title.replace(/(\d)ml/, '$1 ml')).toContain(p.truth.size)
      if (p.truth.spf) expect(p.title).toContain(String(p.truth.spf))
    }
  })

  it('fills every document field plausibly', () => {
    for (const p of sample.slice(0, 2000)) {
      expect(p.url).toMatch(new RegExp(`^https://${p.shopId}\\.example/p/[a-z0-9-]+$`))
      if (p.imageUrl) expect(p.imageUrl).toMatch(/^https:\/\/cdn\.shop-\d+\.example\/img\/.+\.jpg$/)
      expect(p.currency).toBe('EUR')
      expect(p.categoryPathIds.at(-1)).toBe(p.categoryId)
      expect(p.categoryPath?.en.startsWith('Health & Beauty > ')).toBe(true)
      expect(p.categoryPath?.de.startsWith('Gesundheit & Schönheit > ')).toBe(true)
      expect(p.firstSeenAt).toBeGreaterThanOrEqual(catalogueNow - 366 * 24 * 3600 * 1000)
      expect(p.firstSeenAt).toBeLessThanOrEqual(p.updatedAt)
      expect(p.updatedAt).toBeLessThanOrEqual(catalogueNow)
    }
  })

  it('uses the real taxonomy ids and paths in both languages', () => {
    const en = taxonomy('google-product-taxonomy.en-US.txt')
    const de = taxonomy('google-product-taxonomy.de-DE.txt')
    const idOf = new Map([...en].map(([id, path]) => [path, id]))
    for (const [id, category] of Object.entries(catalogueCategories)) {
      expect(en.get(Number(id))).toBe(category.en)
      expect(de.get(Number(id))).toBe(category.de)
      const levels = category.en.split(' > ')
      expect(category.ids).toEqual(levels.map((_, i) => idOf.get(levels.slice(0, i + 1).join(' > '))))
    }
    for (const spec of productTypes) expect(catalogueCategories[spec.categoryId]).toBeDefined()
  })

  it('has at least 40 brands of 8–12 lines and at least 4 lines of every type', () => {
    expect(brands.length).toBeGreaterThanOrEqual(40)
    expect(brands.some((b) => /[^\x20-\x7e]/.test(b.name))).toBe(true)
    expect(brands.some((b) => b.name.includes("'"))).toBe(true)
    for (const b of brands) {
      const lines = catalogueLines.filter((l) => l.brand === b.name)
      expect(lines.length).toBeGreaterThanOrEqual(8)
      expect(lines.length).toBeLessThanOrEqual(12)
      expect(new Set(lines.map((l) => l.name)).size).toBe(lines.length)
    }
    for (const spec of productTypes)
      expect(catalogueLines.filter((l) => l.spec === spec).length, spec.type).toBeGreaterThanOrEqual(4)
  })

  it('generates 100,000 documents fast (the benchmark indexes a million)', () => {
    const start = performance.now()
    let count = 0
    for (const _ of generateCatalogue({ size: 100_000, seed: 3 })) count++
    expect(count).toBe(100_000)
    // About 0.25 s under tsx, 1 s under vitest on one core; the bound leaves room for slow CI.
    expect(performance.now() - start).toBeLessThan(5000)
  })
})

describe('catalogueCsv', () => {
  const products = sample.slice(0, 500)
  const rows: Record<string, string>[] = parse(catalogueCsv(products), { columns: true })

  it('parses back to one row per product with the Google Merchant columns', () => {
    const [header] = parse(catalogueCsv(products.slice(0, 1)), { to_line: 1 }) as string[][]
    expect(header).toEqual([...catalogueCsvColumns])
    expect(rows).toHaveLength(products.length)
    expect(rows.map((r) => r.id)).toEqual(products.map((p) => p.productId))
    expect(rows.map((r) => r.title)).toEqual(products.map((p) => p.title))
    expect(rows.map((r) => r.description)).toEqual(products.map((p) => p.description))
  })

  it('writes prices as `34.90 EUR`, categories as taxonomy ids and groups only for variants', () => {
    products.forEach((p, i) => {
      const row = rows[i]!
      expect(row.price).toMatch(/^\d+\.\d{2} EUR$/)
      expect(Math.round(Number.parseFloat(row.price!) * 100)).toBe(p.priceMinor)
      expect(row.sale_price).toBe(
        p.salePriceMinor === null
          ? ''
          : `${Math.floor(p.salePriceMinor / 100)}.${String(p.salePriceMinor % 100).padStart(2, '0')} EUR`,
      )
      expect(row.google_product_category).toBe(String(p.categoryId))
      expect(row.link).toBe(p.url)
      expect(row.gtin).toBe(p.gtin ?? '')
      expect(row.availability).toBe(p.availability)
      expect(row.item_group_id).toBe(p.truth.variantOf ? p.groupKey.slice(p.shopId.length + 1) : '')
      expect(row.product_type).toBe(p.shopCategory ?? '')
    })
  })
})
