/**
 * A mapped record to a product, checked with zod against the Google Merchant product data
 * specification (support.google.com/merchants/answer/7052112): every field's own rule, each
 * failure a custom issue carrying its reason code. Text is trimmed and empty text is absent;
 * lengths count code points, not UTF-16 units.
 */
import { z } from 'zod'
import type { Field } from './mapping.ts'
import { type Money, parsePrice } from './price.ts'
import type { RowReason } from './reasons.ts'
import {
  type Availability,
  availabilityOf,
  type Condition,
  conditionOf,
  isGtin,
  plainText,
  urlProblem,
} from './values.ts'

export interface FeedProduct {
  id: string
  title: string
  description?: string
  /** The description without its HTML: tags gone, entities decoded. */
  descriptionText?: string
  link: string
  imageLink: string
  additionalImageLinks: string[]
  price: Money
  salePrice?: Money
  availability: Availability
  condition: Condition
  brand?: string
  /** Exactly as the feed wrote it (leading zeros kept). */
  gtin?: string
  mpn?: string
  googleProductCategory?: string
  productType?: string
  itemGroupId?: string
  stock?: number
}

/** What a reader hands over: field → the text (or JSON value) the feed had for it. */
export type RawRecord = Partial<Record<Field, unknown>>

/** A record with every field present (undefined): one object shape for all rows, fast to fill. */
export const emptyRecord = (): RawRecord => ({
  id: undefined,
  title: undefined,
  description: undefined,
  link: undefined,
  imageLink: undefined,
  additionalImageLinks: undefined,
  price: undefined,
  salePrice: undefined,
  currency: undefined,
  availability: undefined,
  brand: undefined,
  gtin: undefined,
  mpn: undefined,
  condition: undefined,
  googleProductCategory: undefined,
  productType: undefined,
  itemGroupId: undefined,
  stock: undefined,
})

type Ctx = z.core.$RefinementCtx<unknown>

function flag(ctx: Ctx, reason: RowReason, message: string) {
  ctx.addIssue({ code: 'custom', message, params: { reason } })
  return z.NEVER
}

/** Trimmed text, or undefined for nothing, empty text or an empty list. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') {
    const t = value.trim()
    return t === '' ? undefined : t
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  if (Array.isArray(value)) {
    for (const item of value) {
      const t = text(item)
      if (t !== undefined) return t
    }
    return undefined
  }
  const record = value as Record<string, unknown>
  return text(record.url ?? record.href ?? record.src ?? record.value ?? record.name)
}

/** A stock count (`12`, `0`, `3.0`), never below 0; undefined for anything else. */
function stockOf(v: unknown): number | undefined {
  const t = text(v)
  if (t === undefined || !/^[+-]?\d{1,12}([.,]0+)?$/.test(t)) return undefined
  return Math.max(0, Number.parseInt(t, 10))
}

const tooLong = (s: string, max: number) => s.length > max && [...s].length > max

const optionalText = z.transform((v) => text(v))

function required(missing: RowReason, label: string, max?: { length: number; reason: RowReason }) {
  return z.transform((v, ctx) => {
    const t = text(v)
    if (t === undefined) return flag(ctx, missing, `${label} is required`)
    if (max && tooLong(t, max.length))
      return flag(
        ctx,
        max.reason,
        `${label} has ${[...t].length} characters; at most ${max.length} are allowed`,
      )
    return t
  })
}

function url(missing: RowReason, label: string) {
  return z.transform((v, ctx) => {
    const t = text(v)
    if (t === undefined) return flag(ctx, missing, `${label} is required`)
    const problem = urlProblem(t)
    if (problem === 'RELATIVE_URL')
      return flag(ctx, problem, `${label} "${clip(t)}" is not absolute: write it with https:// and the host`)
    if (problem) return flag(ctx, problem, `${label} "${clip(t)}" is not an http(s) URL`)
    return t
  })
}

const pricing = z.transform(
  ({ price, salePrice, currency }: { price: unknown; salePrice: unknown; currency: unknown }, ctx) => {
    const column = text(currency)
    const written = typeof price === 'object' && price !== null && !Array.isArray(price) ? price : text(price)
    if (written === undefined) return flag(ctx, 'MISSING_PRICE', 'price is required')
    const parsed = parsePrice(written, column)
    if (!parsed.ok) return flag(ctx, parsed.reason, parsed.message)
    const sale =
      typeof salePrice === 'object' && salePrice !== null && !Array.isArray(salePrice)
        ? salePrice
        : text(salePrice)
    if (sale === undefined) return { price: parsed.money, salePrice: undefined }
    const saleParsed = parsePrice(sale, column)
    if (!saleParsed.ok) return flag(ctx, 'INVALID_SALE_PRICE', `sale price: ${saleParsed.message}`)
    if (saleParsed.money.currency !== parsed.money.currency)
      return flag(
        ctx,
        'INVALID_SALE_PRICE',
        `the sale price is in ${saleParsed.money.currency}, the price in ${parsed.money.currency}`,
      )
    if (saleParsed.money.minor >= parsed.money.minor)
      return flag(
        ctx,
        'INVALID_SALE_PRICE',
        `the sale price ${saleParsed.money.amount} must be below the price ${parsed.money.amount}`,
      )
    return { price: parsed.money, salePrice: saleParsed.money }
  },
)

export const productSchema = z
  .object({
    id: z.transform((v, ctx) => {
      const id = text(v)
      if (id === undefined) return flag(ctx, 'MISSING_ID', 'id is required')
      if (tooLong(id, 50))
        return flag(ctx, 'ID_TOO_LONG', `id has ${[...id].length} characters; at most 50 are allowed`)
      return id
    }),
    title: required('MISSING_TITLE', 'title', { length: 150, reason: 'TITLE_TOO_LONG' }),
    description: optionalText,
    link: url('MISSING_LINK', 'link'),
    imageLink: url('MISSING_IMAGE_LINK', 'image link'),
    additionalImageLinks: z.transform((v) => {
      if (v === undefined) return []
      const list = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((item) =>
        typeof item === 'string' && item.includes(',') && !/^https?:\/\/[^,]*$/i.test(item.trim())
          ? item.split(',')
          : [item],
      )
      const out: string[] = []
      for (const item of list) {
        const t = text(item)
        if (t !== undefined && urlProblem(t) === null && out.length < 10 && !out.includes(t)) out.push(t)
      }
      return out
    }),
    pricing,
    availability: z.transform((v: { availability: unknown; stock: unknown }, ctx) => {
      const t = text(v.availability)
      if (t === undefined) {
        // No availability but a stock count (Shopware's `instock`): the count says it.
        const stock = stockOf(v.stock)
        if (stock !== undefined) return stock > 0 ? ('in_stock' as const) : ('out_of_stock' as const)
        return flag(ctx, 'MISSING_AVAILABILITY', 'availability is required')
      }
      const value = availabilityOf(t)
      if (!value)
        return flag(
          ctx,
          'UNKNOWN_AVAILABILITY',
          `availability "${clip(t)}" is not one of in_stock, out_of_stock, preorder, backorder (or a German spelling)`,
        )
      return value
    }),
    gtin: z.transform((v, ctx) => {
      const t = text(v)
      if (t === undefined) return undefined
      if (!isGtin(t))
        return flag(
          ctx,
          'INVALID_GTIN',
          /^\d+$/.test(t) && [8, 12, 13, 14].includes(t.length)
            ? `GTIN ${t} has a wrong check digit`
            : `GTIN "${clip(t)}" is not 8, 12, 13 or 14 digits`,
        )
      return t
    }),
    condition: z.transform((v, ctx) => {
      const t = text(v)
      if (t === undefined) return 'new' as const
      const value = conditionOf(t)
      if (!value)
        return flag(ctx, 'INVALID_CONDITION', `condition "${clip(t)}" is not new, used or refurbished`)
      return value
    }),
    brand: optionalText,
    mpn: optionalText,
    googleProductCategory: optionalText,
    productType: optionalText,
    itemGroupId: optionalText,
    stock: z.transform(stockOf),
  })
  .transform(
    (p): FeedProduct => ({
      // One literal, every key in one order: the same object shape for every product.
      id: p.id,
      title: p.title,
      description: p.description,
      descriptionText: p.description === undefined ? undefined : plainText(p.description),
      link: p.link,
      imageLink: p.imageLink,
      additionalImageLinks: p.additionalImageLinks,
      price: p.pricing.price,
      salePrice: p.pricing.salePrice,
      availability: p.availability,
      condition: p.condition,
      brand: p.brand,
      gtin: p.gtin,
      mpn: p.mpn,
      googleProductCategory: p.googleProductCategory,
      productType: p.productType,
      itemGroupId: p.itemGroupId,
      stock: p.stock,
    }),
  )

/** The zod input shape for a raw record: the three money columns go in together. */
export function schemaInput(raw: RawRecord) {
  return {
    id: raw.id,
    title: raw.title,
    description: raw.description,
    link: raw.link,
    imageLink: raw.imageLink,
    additionalImageLinks: raw.additionalImageLinks,
    pricing: { price: raw.price, salePrice: raw.salePrice, currency: raw.currency },
    availability: { availability: raw.availability, stock: raw.stock },
    gtin: raw.gtin,
    condition: raw.condition,
    brand: raw.brand,
    mpn: raw.mpn,
    googleProductCategory: raw.googleProductCategory,
    productType: raw.productType,
    itemGroupId: raw.itemGroupId,
    stock: raw.stock,
  }
}

const clip = (t: string) => (t.length > 80 ? `${t.slice(0, 77)}…` : t)
