/**
 * A deterministic generated beauty catalogue for the search tests, the relevance evaluation and
 * the benchmark: German and English shops, ~49 invented brands with 8–12 lines each, 46 product
 * types placed in the real Google taxonomy, shades and sizes as variants, and beside each
 * document the ground truth a judge would use (`truth`).
 *
 * ```ts
 * for (const product of generateCatalogue({ size: 1_000_000, seed: 7 })) batch.push(product)
 * const docs = [...generateCatalogue({ size: 5000 })] // same seed, same documents
 * ```
 *
 * Variants: about 30% of the products belong to a group of 2–6 shades or sizes of one line in
 * one shop; they share `groupKey` `${shopId}:${itemGroupId}` (itemGroupId `${line slug}-g${n}`,
 * the CSV's item_group_id) and `truth.variantOf` (the group's first productId, on every member).
 * Any other product's groupKey is its GTIN, else (one in ten has none) its productId.
 */
import type { SearchAvailability, SearchDocument } from '@glam/core'
import { buildShops, catalogueLines, type Line, type Shop } from './catalogue-lines.ts'
import { mulberry32, weightedPicker } from './catalogue-random.ts'
import { productTypes } from './catalogue-types.ts'
import type { Language } from './catalogue-vocabulary.ts'

export { catalogueCsv, catalogueCsvColumns } from './catalogue-csv.ts'

/** What the product is, as a judge (not the engine) knows it. */
export interface ProductTruth {
  /** `lipstick`, `serum`, `nail_polish_remover`, …: see catalogue-types.ts. */
  type: string
  /** The language of the title and description (the shop's). */
  language: Language
  /** Canonical English colour id (`red`, `pink`, `nude`, …) for shaded colour products. */
  colour?: string
  /** The line's featured ingredient (`hyaluronic`, `vitamin_c`, `argan`, `shea`, …). */
  ingredient?: string
  brand: string
  /** The line's name (unique within its brand only). */
  line: string
  /** The productId of the first product of its variant group (on every member, the first too). */
  variantOf?: string
  /** `matte`, `satin`, `longwear`, `liquid`, `gel`, `glossy` where the title says it. */
  finish?: string
  /** Sun protection factor (sunscreens). */
  spf?: number
  /** The shade's English name (`Cherry Red`, `030 Beige`). */
  shade?: string
  /** `50 ml`. */
  size?: string
}

export type GeneratedProduct = SearchDocument & { truth: ProductTruth }

export interface CatalogueOptions {
  size: number
  /** Default 1. */
  seed?: number
  /** Default 40 (three in five German). */
  shops?: number
  /** Epoch ms that timestamps lie within a year before; default 2026-11-01. */
  now?: number
}

export const catalogueNow = Date.UTC(2026, 10, 1)

const year = 365 * 24 * 3600 * 1000
const day = 24 * 3600 * 1000
/** Groups of 2–6 (capped by the line's options): about 30% of the products end up in one. */
const variantGroupShare = 0.14
const gtinBase = 400_000_000_000

/** A GTIN-13 with a German (40) prefix and a valid check digit. */
function gtin13(body: number): string {
  let sum = 0
  let rest = body
  for (let position = 0; position < 12; position++) {
    const digit = rest % 10
    rest = (rest - digit) / 10
    sum += position % 2 === 0 ? digit * 3 : digit
  }
  return `${body}${(10 - (sum % 10)) % 10}`
}

function availabilityOf(r: number): SearchAvailability {
  if (r < 0.85) return 'in_stock'
  if (r < 0.93) return 'out_of_stock'
  if (r < 0.97) return 'backorder'
  return 'preorder'
}

/** Products by type weight, then uniformly among the lines of the type. */
function linePicker(): (r: number) => Line {
  const byType = productTypes.map((spec) => catalogueLines.filter((line) => line.spec === spec))
  const pickType = weightedPicker(productTypes.map((spec, i) => (byType[i]!.length ? spec.weight : 0)))
  return (r) => {
    const scaled = r * 65536
    const lines = byType[pickType(Math.floor(scaled) / 65536)]!
    return lines[Math.floor((scaled % 1) * lines.length)]!
  }
}

export function* generateCatalogue(options: CatalogueOptions): Generator<GeneratedProduct> {
  const { size, seed = 1, shops: shopCount = 40, now = catalogueNow } = options
  if (!Number.isInteger(size) || size < 0)
    throw new Error(`catalogue size must be a whole number ≥ 0, got ${size}`)
  if (!Number.isInteger(shopCount) || shopCount < 1) throw new Error(`shops must be ≥ 1, got ${shopCount}`)
  const random = mulberry32(seed ^ 0x9e3779b9)
  const shops = buildShops(shopCount)
  const pickShop = weightedPicker(shops.map((s) => s.weight))
  const pickLine = linePicker()
  const gtinOffset = (Math.imul(seed, 2654435761) >>> 0) % 10_000_000_000
  let n = 0
  for (let group = 0; n < size; group++) {
    const line = pickLine(random())
    const shop: Shop = shops[pickShop(random())]!
    const language = shop.language
    const optionCount = line.options.length
    const grouped = optionCount >= 2 && random() < variantGroupShare
    const members = Math.min(grouped ? Math.min(optionCount, 2 + Math.floor(random() * 5)) : 1, size - n)
    const start = Math.floor(random() * optionCount)
    const groupKey = grouped ? `${shop.id}:${line.slug}-g${group}` : undefined
    const parent = grouped ? `p-${seed}-${n}` : undefined
    const groupSeen = now - Math.floor(random() * year)
    const title = line.titles[language][shop.titleWording * 4 + shop.titleStyle]!
    const descriptions = line.descriptions[language]
    for (let m = 0; m < members; m++, n++) {
      const option = optionCount ? line.options[(start + m) % optionCount]! : undefined
      const productId = `p-${seed}-${n}`
      const gtin = random() < 0.9 ? gtin13(gtinBase + ((gtinOffset + n) % 10_000_000_000)) : null
      const base = option?.priceMinor ?? line.options[0]?.priceMinor ?? 999
      const priceMinor = Math.max(99, base + (Math.floor(random() * 6) - 2) * 100)
      const suffixes = option?.suffix[language]
      const firstSeenAt = Math.min(now, groupSeen + Math.floor(random() * 3 * day))
      yield {
        productId,
        shopId: shop.id,
        shopName: shop.name,
        sku: line.skuPrefix + n,
        groupKey: groupKey ?? gtin ?? productId,
        title: suffixes ? title + suffixes[shop.suffixStyle % suffixes.length] : title,
        brand: line.brand,
        description: descriptions[Math.floor(random() * descriptions.length)]!,
        shopCategory: shop.sendsCategory ? line.spec.shopCategory[language] : null,
        categoryId: line.spec.categoryId,
        categoryPath: line.categoryPath,
        categoryPathIds: line.category.ids,
        priceMinor,
        salePriceMinor:
          random() < 0.15
            ? Math.max(49, Math.floor((priceMinor * (0.7 + random() * 0.2)) / 100) * 100 - 1)
            : null,
        currency: 'EUR',
        availability: availabilityOf(random()),
        active: random() >= 0.05,
        imageUrl: random() < 0.97 ? `${shop.imageBase}${line.slug}-${n}.jpg` : null,
        url: `${shop.url}/p/${line.slug}-${n}`,
        gtin,
        firstSeenAt,
        updatedAt: firstSeenAt + Math.floor(random() * (now - firstSeenAt)),
        truth: {
          type: line.spec.type,
          language,
          colour: option?.colour,
          ingredient: line.ingredient,
          brand: line.brand,
          line: line.name,
          variantOf: parent,
          finish: line.finish,
          spf: line.spf,
          shade: option?.shade,
          size: option?.size,
        },
      }
    }
  }
}
