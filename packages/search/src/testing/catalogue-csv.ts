/**
 * The generated catalogue as a Google Merchant CSV feed (the columns the feed importer's
 * `google` mapping reads), written with csv-stringify (RFC 4180 quoting).
 *
 * ```ts
 * const feed = catalogueCsv(products.filter((p) => p.shopId === 'shop-1' && p.active))
 * ```
 *
 * A feed has no `active` column (a product missing from the next run is what goes inactive) and
 * belongs to one shop: filter first when that matters. `item_group_id` is set for variant-group
 * members only; `google_product_category` is the taxonomy id, `product_type` the shop's words.
 */
import { stringify } from 'csv-stringify/sync'
import type { GeneratedProduct } from './catalogue.ts'

export const catalogueCsvColumns = [
  'id',
  'title',
  'description',
  'link',
  'image_link',
  'price',
  'sale_price',
  'availability',
  'brand',
  'gtin',
  'item_group_id',
  'google_product_category',
  'product_type',
] as const

/** 3490 → `34.90 EUR`. */
function money(minor: number, currency: string): string {
  const cents = minor % 100
  return `${(minor - cents) / 100}.${cents < 10 ? '0' : ''}${cents} ${currency}`
}

/** The group's part after `${shopId}:` (the feed's item_group_id), for variant-group members. */
function itemGroupId(product: GeneratedProduct): string {
  if (!product.truth.variantOf) return ''
  return product.groupKey.slice(product.shopId.length + 1)
}

export function catalogueCsv(products: Iterable<GeneratedProduct>): string {
  const rows: string[][] = []
  for (const p of products) {
    rows.push([
      p.productId,
      p.title,
      p.description ?? '',
      p.url,
      p.imageUrl ?? '',
      money(p.priceMinor, p.currency),
      p.salePriceMinor === null ? '' : money(p.salePriceMinor, p.currency),
      p.availability,
      p.brand ?? '',
      p.gtin ?? '',
      itemGroupId(p),
      p.categoryId === null ? '' : String(p.categoryId),
      p.shopCategory ?? '',
    ])
  }
  return stringify(rows, { header: true, columns: [...catalogueCsvColumns], record_delimiter: 'unix' })
}
