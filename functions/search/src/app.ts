/**
 * `/api/search`: product search for shoppers (public, rate-limited per client address).
 * - `GET /?q=&brand=&category=&price_min=&price_max=&availability=&shop=&sort=&cursor=&limit=&locale=`:
 *   collapsed hits (variants as one), the total and facet counts that match them;
 * - `GET /suggest?q=`: typeahead (products, brands, categories);
 * - `GET /facets/:facet?q=&prefix=`: a facet's values among the matches, searched, by count.
 * Staff manage synonyms under `/synonyms` (synonyms.ts) and see the index under `/status`.
 */

import { requirePlatformCaller } from '@glam/auth'
import {
  type AppEnv,
  GlamError,
  type Platform,
  type RateLimitPolicy,
  type SearchEngine,
  type SearchHit,
  validationHook,
} from '@glam/core'
import { enforce, requestIp } from '@glam/ratelimit/enforce'
import { fold } from '@glam/search/analysis'
import { zValidator } from '@hono/zod-validator'
import type { Context, MiddlewareHandler } from 'hono'
import { Hono } from 'hono'
import type { z } from 'zod'
import {
  decodeCursor,
  encodeCursor,
  facetParam,
  facetValuesParams,
  filtersOf,
  searchParams,
  suggestParams,
} from './params.ts'
import { synonymsFor } from './synonym-cache.ts'

/** The port, or 503 where this deployment has no index. */
export function searchOf(c: Context<AppEnv>): SearchEngine {
  const search = c.var.platform.search
  if (!search) throw new GlamError('SEARCH_UNAVAILABLE')
  return search
}

/** A bucket of a tenth of the minute's searches, refilled every 6 s: the rate, in bursts. */
const policyOf = (perMinute: number): RateLimitPolicy => {
  const burst = Math.max(1, Math.ceil(perMinute / 10))
  return { name: 'search', algorithm: 'token-bucket', limit: burst, refill: burst, windowSeconds: 6 }
}

/** Before the parameters are checked: bad requests count too. */
const limited: MiddlewareHandler<AppEnv> = async (c, next) => {
  await enforceSearchLimit(c)
  await next()
}

/** The per-address limit every search answer counts against (GraphQL's `search` and `suggest` too). */
export const enforceSearchLimit = (c: Context<AppEnv>) =>
  enforce(c, [[`search:${requestIp(c)}`, policyOf(c.var.platform.config.searchRateLimit)]])

/** The portal's product page: `/p/<slug>-<id>`, English under `/en`. */
export const productPath = (hit: Pick<SearchHit, 'productId' | 'title'>, locale: string) => {
  const slug = fold(hit.title).split(' ').slice(0, 8).join('-').slice(0, 80).replace(/-+$/, '')
  return `${locale === 'en' ? '/en' : ''}/p/${encodeURIComponent(slug || 'product')}-${hit.productId}`
}

/** Answers change after every feed run: shared caches may keep one for a few seconds only. */
const cacheFor = (c: Context<AppEnv>) => c.header('Cache-Control', 'public, max-age=5')

const staffReads = requirePlatformCaller('search:read')

/**
 * Products a feed run took off the shelf are for staff: `include_inactive` needs a platform-wide
 * caller with `search:read` (401 without a credential, 403 without the grant), and its answer
 * stays out of shared caches (cacheAnswer). Otherwise the answer is public and briefly cacheable.
 */
async function guardInactive(c: Context<AppEnv>, includeInactive: boolean | undefined) {
  if (includeInactive) await staffReads(c, async () => {})
}

const cacheAnswer = (c: Context<AppEnv>, includeInactive: boolean | undefined) =>
  includeInactive ? c.header('Cache-Control', 'private, no-store') : cacheFor(c)

type SearchInput = z.output<typeof searchParams>
type SuggestInput = z.output<typeof suggestParams>

/** The answer of `GET /api/search` (GraphQL `search` gives the same). */
export async function searchAnswer(platform: Platform, q: SearchInput) {
  const search = platform.search
  if (!search) throw new GlamError('SEARCH_UNAVAILABLE')
  const offset = decodeCursor(q.cursor)
  const result = await search.search({
    q: q.q,
    locale: q.locale,
    filters: filtersOf(q),
    sort: q.sort,
    offset,
    limit: q.limit,
    synonyms: await synonymsFor(platform, q.locale),
  })
  return {
    total: result.total,
    hits: result.hits.map((h) => ({
      productId: h.productId,
      title: h.title,
      brand: h.brand,
      priceMinor: h.priceMinor,
      salePriceMinor: h.salePriceMinor,
      currency: h.currency,
      availability: h.availability,
      imageUrl: h.imageUrl,
      link: productPath(h, q.locale),
      shopUrl: h.url,
      shopId: h.shopId,
      variants: h.variants,
      highlight: h.highlight,
    })),
    facets: result.facets,
    nextCursor: result.nextOffset === null ? null : encodeCursor(result.nextOffset),
    ...(result.corrected && { corrected: result.corrected }),
  }
}

/** The answer of `GET /api/search/suggest` (GraphQL `suggest` gives the same). */
export async function suggestAnswer(platform: Platform, q: SuggestInput) {
  const search = platform.search
  if (!search) throw new GlamError('SEARCH_UNAVAILABLE')
  const suggestions = await search.suggest({
    q: q.q,
    locale: q.locale,
    limit: q.limit,
    synonyms: await synonymsFor(platform, q.locale),
  })
  return {
    products: suggestions.products.map((p) => ({ ...p, link: productPath(p, q.locale) })),
    brands: suggestions.brands,
    categories: suggestions.categories,
  }
}

export function createSearchApp() {
  return new Hono<AppEnv>()
    .get('/', limited, zValidator('query', searchParams, validationHook), async (c) => {
      const q = c.req.valid('query')
      await guardInactive(c, q.include_inactive)
      const answer = await searchAnswer(c.var.platform, q)
      cacheAnswer(c, q.include_inactive)
      return c.json(answer)
    })
    .get('/suggest', limited, zValidator('query', suggestParams, validationHook), async (c) => {
      const answer = await suggestAnswer(c.var.platform, c.req.valid('query'))
      cacheFor(c)
      return c.json(answer)
    })
    .get(
      '/facets/:facet',
      limited,
      zValidator('param', facetParam, validationHook),
      zValidator('query', facetValuesParams, validationHook),
      async (c) => {
        const { facet } = c.req.valid('param')
        const q = c.req.valid('query')
        await guardInactive(c, q.include_inactive)
        const values = await searchOf(c).facetValues({
          facet,
          q: q.q,
          locale: q.locale,
          ...(q.prefix && { prefix: q.prefix }),
          filters: filtersOf(q),
          limit: q.limit,
          synonyms: await synonymsFor(c.var.platform, q.locale),
        })
        cacheAnswer(c, q.include_inactive)
        return c.json({ facet, values })
      },
    )
}
