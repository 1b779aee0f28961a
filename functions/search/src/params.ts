/**
 * The query strings of `/api/search`, its suggestions and facet values, checked with zod. A filter
 * may repeat (`brand=A&brand=B`: any of them); a cursor is the opaque position `nextCursor` gave.
 */
import {
  GlamError,
  type SearchFilters,
  searchAvailabilities,
  searchLimits,
  searchLocales,
  searchSorts,
} from '@glam/core'
import { z } from 'zod'

/** One value or several (a repeated parameter), each checked; at most `max`. */
const many = <T extends z.ZodType>(item: T, max: number) =>
  z
    .union([item, z.array(item)])
    .transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[])
    .pipe(z.array(z.any()).max(max, `At most ${max} values.`))

const text = z
  .string()
  .trim()
  .max(searchLimits.maxQueryLength, `At most ${searchLimits.maxQueryLength} characters.`)
const money = z.coerce.number().int('Minor units: a whole number (1999 is 19.99).').min(0).max(100_000_000_00)
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

export const filterFields = {
  brand: many(z.string().trim().min(1).max(200), 20).optional(),
  category: many(z.string().regex(/^\d{1,9}$/, 'A taxonomy id is a whole number, e.g. 2683.'), 20).optional(),
  price_min: money.optional(),
  price_max: money.optional(),
  availability: many(z.enum(searchAvailabilities), 4).optional(),
  shop: many(z.string().trim().min(1).max(36), 20).optional(),
  include_inactive: flag.optional(),
}

const priceOrder = (q: { price_min?: number | undefined; price_max?: number | undefined }) =>
  q.price_min === undefined || q.price_max === undefined || q.price_min <= q.price_max

const priceOrderError = { message: '`price_min` must not be above `price_max`.', path: ['price_min'] }

export const searchParams = z
  .strictObject({
    q: text.default(''),
    ...filterFields,
    sort: z.enum(searchSorts).default('relevance'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(searchLimits.maxLimit).default(searchLimits.defaultLimit),
    locale: z.enum(searchLocales).default('de'),
  })
  .refine(priceOrder, priceOrderError)

export const suggestParams = z.strictObject({
  q: text.min(1, 'Type something to get suggestions.'),
  locale: z.enum(searchLocales).default('de'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
})

export const facetParam = z.strictObject({ facet: z.enum(['brand', 'category', 'availability', 'shop']) })

export const facetValuesParams = z
  .strictObject({
    q: text.default(''),
    prefix: z.string().trim().max(100).optional(),
    ...filterFields,
    locale: z.enum(searchLocales).default('de'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine(priceOrder, priceOrderError)

type FilterInput = {
  brand?: string[] | undefined
  category?: string[] | undefined
  price_min?: number | undefined
  price_max?: number | undefined
  availability?: SearchFilters['availability'] | undefined
  shop?: string[] | undefined
  include_inactive?: boolean | undefined
}

export function filtersOf(q: FilterInput): SearchFilters {
  return {
    ...(q.brand && { brand: q.brand }),
    ...(q.category && { category: q.category.map(Number) }),
    ...(q.price_min !== undefined && { priceMin: q.price_min }),
    ...(q.price_max !== undefined && { priceMax: q.price_max }),
    ...(q.availability && { availability: q.availability }),
    ...(q.shop && { shop: q.shop }),
    ...(q.include_inactive && { includeInactive: true }),
  }
}

/** A cursor is the next offset, base64url-encoded JSON: opaque to clients, checked on the way in. */
export const encodeCursor = (offset: number) =>
  btoa(JSON.stringify({ o: offset }))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0
  try {
    const json = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))
    const { o } = JSON.parse(json) as { o?: unknown }
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && o <= searchLimits.maxOffset) return o
  } catch {
    // falls through to the error
  }
  throw new GlamError('INVALID_CURSOR')
}
