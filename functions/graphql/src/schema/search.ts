/**
 * Product search for shoppers: `search` and `suggest`, public like `/api/search` (the same
 * checks, the same per-address limit, the same answer: @glam/search-api). Arguments are the
 * REST parameters in camelCase; a bad one is a VALIDATION_FAILED error naming it.
 */
import { hasScope, isPlatformWide } from '@glam/auth'
import { GlamError } from '@glam/core'
import { searchAnswer, searchParams, suggestAnswer, suggestParams } from '@glam/search-api'
import type { z } from 'zod'
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'

type SearchAnswer = Awaited<ReturnType<typeof searchAnswer>>
type SuggestAnswer = Awaited<ReturnType<typeof suggestAnswer>>
type Hit = SearchAnswer['hits'][number]
type Facet = { value: string; count: number; id?: string | undefined }
type PriceRange = { from: number | null; to: number | null; count: number }

const FacetCount = builder.objectRef<Facet>('SearchFacetCount').implement({
  fields: (t) => ({
    value: t.exposeString('value'),
    count: t.exposeInt('count', { description: 'Collapsed hits (variants count once).' }),
    id: t.string({
      nullable: true,
      description: 'Taxonomy id (category) or shop id (shop).',
      resolve: (f) => f.id ?? null,
    }),
  }),
})

const PriceRangeCount = builder.objectRef<PriceRange>('SearchPriceRange').implement({
  fields: (t) => ({
    from: t.exposeInt('from', { nullable: true, description: 'Minor units, inclusive; null: open.' }),
    to: t.exposeInt('to', {
      nullable: true,
      description:
        'Minor units, exclusive (its filter: priceMax = to - 1, priceMax being inclusive); null: open.',
    }),
    count: t.exposeInt('count'),
  }),
})

const Facets = builder.objectRef<SearchAnswer['facets']>('SearchFacets').implement({
  fields: (t) => ({
    brand: t.field({ type: [FacetCount], resolve: (f) => f.brand }),
    category: t.field({ type: [FacetCount], resolve: (f) => f.category }),
    price: t.field({ type: [PriceRangeCount], resolve: (f) => f.price }),
    availability: t.field({ type: [FacetCount], resolve: (f) => f.availability }),
    shop: t.field({ type: [FacetCount], resolve: (f) => f.shop }),
  }),
})

const SearchHit = builder.objectRef<Hit>('SearchHit').implement({
  fields: (t) => ({
    productId: t.exposeID('productId'),
    title: t.exposeString('title'),
    brand: t.exposeString('brand', { nullable: true }),
    priceMinor: t.exposeInt('priceMinor'),
    salePriceMinor: t.exposeInt('salePriceMinor', { nullable: true }),
    currency: t.exposeString('currency'),
    availability: t.exposeString('availability'),
    imageUrl: t.exposeString('imageUrl', { nullable: true }),
    link: t.exposeString('link', { description: "The portal's product page." }),
    shopUrl: t.exposeString('shopUrl'),
    shopId: t.exposeID('shopId'),
    variants: t.exposeInt('variants', { description: 'Variants collapsed into this hit.' }),
    highlight: t.exposeString('highlight', { description: 'The title, HTML-escaped, matches in <mark>.' }),
  }),
})

const SearchResult = builder.objectRef<SearchAnswer>('SearchResult').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    hits: t.field({ type: [SearchHit], resolve: (r) => r.hits }),
    facets: t.field({ type: Facets, resolve: (r) => r.facets }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
    corrected: t.stringList({ nullable: true, resolve: (r) => r.corrected ?? null }),
  }),
})

type Suggested = SuggestAnswer['products'][number]
const SuggestedProduct = builder.objectRef<Suggested>('SuggestedProduct').implement({
  fields: (t) => ({
    productId: t.exposeID('productId'),
    title: t.exposeString('title'),
    brand: t.exposeString('brand', { nullable: true }),
    imageUrl: t.exposeString('imageUrl', { nullable: true }),
    highlight: t.exposeString('highlight'),
    link: t.exposeString('link'),
  }),
})

const Suggestions = builder.objectRef<SuggestAnswer>('Suggestions').implement({
  fields: (t) => ({
    products: t.field({ type: [SuggestedProduct], resolve: (s) => s.products }),
    brands: t.field({ type: [FacetCount], resolve: (s) => s.brands }),
    categories: t.field({ type: [FacetCount], resolve: (s) => s.categories }),
  }),
})

/** The REST checks, the first problem as VALIDATION_FAILED with every field named. */
function parsed<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.output<S> {
  const clean = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined))
  const result = schema.safeParse(clean)
  if (result.success) return result.data
  const fields = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
  throw new GlamError(
    'VALIDATION_FAILED',
    fields.map((f) => `${f.path || 'input'}: ${f.message}`).join('; '),
    {
      details: { fields },
    },
  )
}

const limited = async (ctx: GraphContext) => ctx.searchLimit?.()

/** Deactivated products are for staff, as on `/api/search?include_inactive=true`. */
function staffOnly(ctx: GraphContext) {
  const p = ctx.principal
  if (!p) throw new GlamError('UNAUTHORIZED', 'Log in first: includeInactive is for staff.')
  if (!isPlatformWide(p) || !hasScope(p, 'search:read'))
    throw new GlamError('FORBIDDEN', 'includeInactive needs platform-wide access with search:read.')
}

builder.queryFields((t) => ({
  search: t.field({
    type: SearchResult,
    description: 'Product search (public, as `GET /api/search`): collapsed hits, the total and facet counts.',
    args: {
      q: t.arg.string(),
      locale: t.arg.string({ description: 'de (default) or en' }),
      brand: t.arg.stringList(),
      category: t.arg.intList({ description: 'Taxonomy ids (descendants included)' }),
      priceMin: t.arg.int({ description: 'Minor units, inclusive' }),
      priceMax: t.arg.int(),
      availability: t.arg.stringList(),
      shop: t.arg.idList(),
      includeInactive: t.arg.boolean({
        description: 'Deactivated products too: staff only (platform-wide with search:read)',
      }),
      sort: t.arg.string({ description: 'relevance (default), price_asc, price_desc or newest' }),
      cursor: t.arg.string(),
      limit: t.arg.int({ description: '1–100, default 20' }),
    },
    resolve: async (_r, args, ctx) => {
      await limited(ctx)
      if (args.includeInactive) staffOnly(ctx)
      const input = parsed(searchParams, {
        q: args.q,
        locale: args.locale,
        brand: args.brand,
        category: args.category?.map(String),
        price_min: args.priceMin,
        price_max: args.priceMax,
        availability: args.availability,
        shop: args.shop?.map(String),
        include_inactive:
          args.includeInactive === null || args.includeInactive === undefined
            ? undefined
            : String(args.includeInactive),
        sort: args.sort,
        cursor: args.cursor,
        limit: args.limit,
      })
      return searchAnswer(ctx.platform, input)
    },
  }),
  suggest: t.field({
    type: Suggestions,
    description: 'Typeahead (public, as `GET /api/search/suggest`): products, brands, categories.',
    args: {
      q: t.arg.string({ required: true }),
      locale: t.arg.string(),
      limit: t.arg.int({ description: '1–20, default 5' }),
    },
    resolve: async (_r, args, ctx) => {
      await limited(ctx)
      return suggestAnswer(
        ctx.platform,
        parsed(suggestParams, { q: args.q, locale: args.locale, limit: args.limit }),
      )
    },
  }),
}))
