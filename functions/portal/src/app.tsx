/**
 * The portal's routes, German at the root and English under `/en` (one app per locale):
 * home, `/p/<slug>-<id>` (and its `/buy`), `/c/<category path>`, `/b/<brand>`, the search at
 * `/suche` (`/en/search`), a helpful 404/410, and `/robots.txt`. Pages are public and cached:
 * `s-maxage` with `stale-while-revalidate` for shared caches and the edge, an ETag (304 on a
 * match), and the surrogate keys a purge would use (`Cache-Tag`).
 */
import { type AppEnv, type Html, localSlot, pageCache, pageLayout, strongEtag } from '@glam/core'
import type { ProductImage } from '@glam/db/repositories/product-images'
import { variantImage, variantUrl } from '@glam/images/srcset'
import { enforceSearchLimit, productPath, searchAnswer, searchParams } from '@glam/search-api'
import { type Context, Hono } from 'hono'
import { etag } from 'hono/etag'
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html'
import { LRUCache } from 'lru-cache'
import { buyLocation } from './buy.ts'
import {
  type Category,
  categoryById,
  categoryByPath,
  imagesByUrl,
  productById,
  slugOf,
  webAddress,
} from './catalogue.ts'
import { copy, type Locale, localePath, searchPath } from './locale.ts'
import {
  type Card,
  type Facet,
  HomePage,
  ListPage,
  NotFoundPage,
  ProductPage,
  portalStyle,
} from './pages.tsx'
import { breadcrumbJsonLd, headMarkup, productJsonLd } from './seo.ts'
import { indexKey, sitemapPrefix, writeSitemaps } from './sitemap.ts'
import { typeaheadScript } from './typeahead.ts'

type C = Context<AppEnv>

const sitemapSlot = localSlot('portal-sitemap', () => ({
  writing: undefined as Promise<unknown> | undefined,
}))
type Answer = Awaited<ReturnType<typeof searchAnswer>>

const layout = pageLayout({
  style: portalStyle,
  head: '<link rel="icon" href="/favicon.ico"><script src="/portal.js" defer></script>',
})

/** Pages change when a feed runs: a minute in browsers, five at the edge, stale for ten more while it refreshes. */
const pageCacheControl = 'public, max-age=60, s-maxage=300, stale-while-revalidate=600'
const listCache = 'public, max-age=30, s-maxage=120, stale-while-revalidate=600'

const productRef = /^(?:(.*)-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

const originOf = (c: C) => c.var.platform.config.publicUrl.replace(/\/+$/, '')

async function render(
  c: C,
  page: {
    locale: Locale
    title: string
    body: Html
    head: string
    status?: number
    cache: string
    tags: string[]
  },
) {
  c.header('Cache-Control', page.cache)
  c.header('Cache-Tag', page.tags.join(','))
  c.header('Content-Language', page.locale)
  const html = String(
    await resolveCallback(
      await layout({ title: page.title, lang: page.locale, body: page.body, head: page.head }),
      HtmlEscapedCallbackPhase.Stringify,
      false,
      {},
    ),
  )
  const status = page.status ?? 200
  // Tagged here from the string: the etag middleware then has nothing to hash (see strongEtag).
  if (status < 300) c.header('ETag', await strongEtag(html))
  return c.html(html, status as 200)
}

/** How wide a card's image is shown: what the browser picks a srcset entry for. */
const cardSizes = '(min-width: 60rem) 14rem, 45vw'
const productSizes = '(min-width: 60rem) 32rem, 100vw'

/**
 * Hits as cards: feed image addresses other than http(s) are dropped; an image the
 * portal-images job made an asset of comes through the variants with a srcset and blur-up.
 */
async function cardsOf(c: C, hits: Answer['hits'], known?: Map<string, ProductImage>): Promise<Card[]> {
  const urls = hits.map((h) => webAddress(h.imageUrl))
  const images = known ?? (await imagesByUrl(c.var.platform, urls))
  return hits.map((h, i) => {
    const image = urls[i] ? images.get(urls[i]!) : undefined
    return {
      ...h,
      imageUrl: urls[i]!,
      ...(image && { image: variantImage(image, { sizes: cardSizes }) }),
    }
  })
}

/**
 * A category's newest products, the product page's "similar" list: asked of the search once a
 * minute per category and language (every product page of the category shows the same list).
 */
const similarSlot = localSlot(
  'portal-similar',
  () => new LRUCache<string, Answer['hits']>({ max: 5000, ttl: 60_000 }),
)
async function similarHits(c: C, categoryId: number, locale: Locale): Promise<Answer['hits']> {
  if (!c.var.platform.search) return []
  const cache = c.var.platform.local.of(similarSlot)
  const key = `${locale}:${categoryId}`
  const kept = cache.get(key)
  if (kept) return kept
  const q = parsedSearch({ q: '', category: [String(categoryId)], limit: '7', locale })
  if (!q.success) return []
  const answer = await searchAnswer(c.var.platform, q.data).catch(() => null)
  if (answer) cache.set(key, answer.hits)
  return answer?.hits ?? []
}

const parsedSearch = (input: Record<string, unknown>) => searchParams.safeParse(input)

/**
 * The category facet's values as categories worth listing: the taxonomy's top levels (Health &
 * Beauty > Personal Care) say little, so from the third level down.
 */
async function listedCategories(c: C, locale: Locale, answer: Answer | null) {
  const out: { category: Category; count: number }[] = []
  for (const v of answer?.facets.category ?? []) {
    const category = v.id ? await categoryById(c.var.platform, Number(v.id), locale) : null
    if (category && category.trail.length >= 3) out.push({ category, count: v.count })
  }
  return out
}

/** A category's levels below the top two, as breadcrumbs. */
const categoryCrumbs = (category: Category, locale: Locale) =>
  category.trail.slice(2).map((level) => ({ name: level.name, href: localePath(locale, level.path) }))

async function topCategories(c: C, locale: Locale, answer: Answer | null, limit = 12) {
  return (await listedCategories(c, locale, answer))
    .slice(0, limit)
    .map(({ category, count }) => ({ name: category.name, href: localePath(locale, category.path), count }))
}

async function browse(c: C, locale: Locale) {
  const q = parsedSearch({ q: '', sort: 'newest', limit: '12', locale })
  if (!q.success || !c.var.platform.search) return null
  return searchAnswer(c.var.platform, q.data).catch((error) => {
    c.var.log.warn('portal.search_failed', { error })
    return null
  })
}

async function notFound(c: C, locale: Locale, status: 404 | 410) {
  const categories = await topCategories(c, locale, await browse(c, locale))
  return render(c, {
    locale,
    title: `${copy[locale][status === 410 ? 'gone' : 'notFound']} · Glam`,
    body: <NotFoundPage locale={locale} status={status} categories={categories} />,
    head: headMarkup({ path: '/', locale, origin: originOf(c), title: 'Glam', noindex: true }),
    status,
    cache: 'public, max-age=60, s-maxage=60',
    tags: ['portal', 'not-found'],
  })
}

/** The query string's list parameters, each once or repeated; anything else is ignored (utm_…). */
const listKeys = [
  'q',
  'brand',
  'category',
  'price_min',
  'price_max',
  'availability',
  'shop',
  'sort',
  'cursor',
] as const

/**
 * The URL a page is kept under: its path and the list parameters it reads, in their order
 * (campaign tags such as `utm_source` and unknown parameters dropped), so a shared link's
 * variants are one kept page. A URL with nothing to drop is its own key (the fast path's).
 */
function pageKey(url: URL): string {
  const kept = [...url.searchParams].filter(([key]) => (listKeys as readonly string[]).includes(key))
  if (kept.length === [...url.searchParams].length) return url.href
  const query = new URLSearchParams(kept).toString()
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`
}

function listState(c: C): Record<string, string[]> {
  const url = new URL(c.req.url)
  const state: Record<string, string[]> = {}
  for (const key of listKeys) {
    const values = url.searchParams.getAll(key).filter((v) => v !== '')
    if (values.length) state[key] = values.slice(0, 20)
  }
  return state
}

const hrefOf = (path: string, state: Record<string, string[]>) => {
  const params = new URLSearchParams()
  for (const [key, values] of Object.entries(state)) for (const v of values) params.append(key, v)
  const query = params.toString()
  return query ? `${path}?${query}` : path
}

const toggled = (state: Record<string, string[]>, key: string, value: string) => {
  const { cursor: _cursor, ...rest } = state
  const values = rest[key] ?? []
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value]
  const out = { ...rest }
  if (next.length) out[key] = next
  else delete out[key]
  return out
}

interface ListSpec {
  locale: Locale
  /** The page's own path (localised). */
  path: string
  /** The path without the locale prefix (for the language switch and hreflang). */
  plainPath: string
  heading: (answer: Answer | null, q: string) => string
  fixed?: { category?: Category; brand?: string }
  crumbs?: { name: string; href: string }[]
  tags: string[]
  /** Search pages are never indexed; category and brand pages are, without filters. */
  indexable: boolean
}

async function listPage(c: C, spec: ListSpec) {
  const { locale } = spec
  const t = copy[locale]
  const state = listState(c)
  const single = (key: string) => state[key]?.[0]
  const input = {
    q: single('q') ?? '',
    ...(state.brand && { brand: state.brand }),
    ...(state.availability && { availability: state.availability }),
    ...(state.shop && { shop: state.shop }),
    ...(single('price_min') && { price_min: single('price_min') }),
    ...(single('price_max') && { price_max: single('price_max') }),
    ...(single('sort') && { sort: single('sort') }),
    ...(single('cursor') && { cursor: single('cursor') }),
    ...(spec.fixed?.category && { category: [String(spec.fixed.category.id)] }),
    ...(spec.fixed?.brand && { brand: [spec.fixed.brand] }),
    limit: '24',
    locale,
  }
  let parsed = parsedSearch(input)
  let error: string | undefined
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    error = `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`
    parsed = parsedSearch({
      q: input.q.slice(0, 200),
      locale,
      limit: '24',
      ...(input.category && { category: input.category }),
      ...(spec.fixed?.brand && { brand: [spec.fixed.brand] }),
    })
  }
  if (!parsed.success) return notFound(c, locale, 404)
  let answer: Answer | null = null
  if (c.var.platform.search) {
    answer = await searchAnswer(c.var.platform, parsed.data).catch((err: unknown) => {
      c.var.log.warn('portal.search_failed', { error: err })
      if (err instanceof Error && 'code' in err && err.code === 'INVALID_CURSOR') {
        error = t.first
        return null
      }
      throw err
    })
  }
  const q = parsed.data.q
  const { cursor: _cursor, ...withoutCursor } = state
  const facets: Facet[] = []
  if (answer) {
    facets.push({
      name: t.categories,
      values: (await listedCategories(c, locale, answer)).map(({ category, count }) => ({
        value: category.name,
        count,
        href: hrefOf(localePath(locale, category.path), withoutCursor),
        selected: category.id === spec.fixed?.category?.id,
      })),
    })
    facets.push({
      name: t.brands,
      values: answer.facets.brand.map((v) => ({
        value: v.value,
        count: v.count,
        href: spec.fixed?.brand
          ? hrefOf(localePath(locale, `/b/${slugOf(v.value)}`), {})
          : hrefOf(spec.path, toggled(state, 'brand', v.value)),
        selected: spec.fixed?.brand
          ? slugOf(v.value) === slugOf(spec.fixed.brand)
          : (state.brand ?? []).includes(v.value),
      })),
    })
    facets.push({
      name: t.price,
      values: answer.facets.price
        .filter((r) => r.count > 0)
        .map((r) => {
          const min = r.from === null ? undefined : String(r.from)
          const max = r.to === null ? undefined : String(r.to - 1)
          const selected = single('price_min') === min && single('price_max') === max
          const { cursor: _c, price_min: _a, price_max: _b, ...rest } = state
          const next = selected
            ? rest
            : { ...rest, ...(min && { price_min: [min] }), ...(max && { price_max: [max] }) }
          const label =
            r.from === null
              ? `${t.under} ${(r.to! / 100).toFixed(0)} €`
              : r.to === null
                ? `${t.from} ${(r.from / 100).toFixed(0)} €`
                : `${(r.from / 100).toFixed(0)}–${(r.to / 100).toFixed(0)} €`
          return { value: label, count: r.count, href: hrefOf(spec.path, next), selected }
        }),
    })
    facets.push({
      name: t.availabilityFacet,
      values: answer.facets.availability.map((v) => ({
        value: t.availability[v.value as keyof typeof t.availability] ?? v.value,
        count: v.count,
        href: hrefOf(spec.path, toggled(state, 'availability', v.value)),
        selected: (state.availability ?? []).includes(v.value),
      })),
    })
    facets.push({
      name: t.shop,
      values: answer.facets.shop.map((v) => ({
        value: v.value,
        count: v.count,
        href: hrefOf(spec.path, toggled(state, 'shop', v.id ?? v.value)),
        selected: (state.shop ?? []).includes(v.id ?? v.value),
      })),
    })
  }
  const { sort: _sort, ...unsorted } = withoutCursor
  const sorts = (Object.keys(t.sorts) as (keyof typeof t.sorts)[]).map((key) => ({
    label: t.sorts[key],
    href: hrefOf(spec.path, key === 'relevance' ? unsorted : { ...unsorted, sort: [key] }),
    selected: parsed.data.sort === key,
  }))
  const filtered = Object.keys(state).some((k) => k !== 'q' && k !== 'sort' && k !== 'cursor')
  const clearHref = filtered ? hrefOf(spec.path, q ? { q: [q] } : {}) : null
  const zeroHelp = answer && answer.total > 0 ? [] : await topCategories(c, locale, await browse(c, locale))
  const heading = spec.heading(answer, q)
  const corrected = answer?.corrected?.length
    ? {
        words: answer.corrected.join(' '),
        href: hrefOf(searchPath(locale), { q: [answer.corrected.join(' ')] }),
      }
    : undefined
  const cards = answer ? await cardsOf(c, answer.hits) : []
  const origin = originOf(c)
  const crumbLd = spec.crumbs?.length
    ? [breadcrumbJsonLd(spec.crumbs.map((crumb) => ({ name: crumb.name, url: `${origin}${crumb.href}` })))]
    : []
  return render(c, {
    locale,
    title: `${heading} · Glam`,
    body: (
      <ListPage
        locale={locale}
        path={spec.plainPath}
        heading={heading}
        q={q}
        {...(spec.crumbs && { crumbs: spec.crumbs })}
        total={answer?.total ?? 0}
        cards={cards}
        facets={facets}
        sorts={sorts}
        corrected={corrected}
        nextHref={
          answer?.nextCursor ? hrefOf(spec.path, { ...withoutCursor, cursor: [answer.nextCursor] }) : null
        }
        firstHref={state.cursor ? hrefOf(spec.path, withoutCursor) : null}
        clearHref={clearHref}
        zeroHelp={zeroHelp}
        error={error}
      />
    ),
    head: headMarkup({
      path: spec.plainPath,
      locale,
      origin,
      title: heading,
      noindex: !spec.indexable || Object.keys(state).length > 0,
      jsonLd: crumbLd,
      ...(cards[0]?.imageUrl && { image: cards[0].imageUrl }),
    }),
    status: error ? 400 : 200,
    cache: error ? 'public, max-age=60' : listCache,
    tags: [...spec.tags, ...cards.map((card) => `product-${card.productId}`)],
  })
}

function localeApp(locale: Locale) {
  const t = copy[locale]
  const app = new Hono<AppEnv>()
  app.use('*', etag())
  app.use('*', pageCache({ key: pageKey, enabled: (c) => c.var.platform.config.portalPageCache }))

  app.get('/', async (c) => {
    const answer = await browse(c, locale)
    const origin = originOf(c)
    const brands = (answer?.facets.brand ?? []).slice(0, 12).map((b) => ({
      name: b.value,
      href: localePath(locale, `/b/${slugOf(b.value)}`),
      count: b.count,
    }))
    return render(c, {
      locale,
      title: `Glam · ${t.tagline}`,
      body: (
        <HomePage
          locale={locale}
          featured={answer ? await cardsOf(c, answer.hits) : []}
          categories={await topCategories(c, locale, answer)}
          brands={brands}
        />
      ),
      head: headMarkup({
        path: '/',
        locale,
        origin,
        title: `Glam · ${t.tagline}`,
        description: t.tagline,
        jsonLd: [
          {
            '@context': 'https://schema.org',
            '@type': 'WebSite',
            name: 'Glam',
            url: `${origin}${localePath(locale, '/')}`,
            potentialAction: {
              '@type': 'SearchAction',
              target: `${origin}${searchPath(locale)}?q={search_term_string}`,
              'query-input': 'required name=search_term_string',
            },
          },
        ],
      }),
      cache: pageCacheControl,
      tags: ['portal', 'home', ...(answer?.hits ?? []).map((h) => `product-${h.productId}`)],
    })
  })

  app.get('/p/:ref', async (c) => {
    const match = productRef.exec(c.req.param('ref'))
    if (!match) return notFound(c, locale, 404)
    const found = await productById(c.var.platform, match[2]!)
    if (!found) return notFound(c, locale, 404)
    const { product, offered } = found
    const canonical = productPath({ productId: product.id, title: product.title }, locale)
    // An old or mistyped slug: the one address search engines should keep.
    if (decodeURIComponent(c.req.path) !== decodeURIComponent(canonical)) {
      const query = new URL(c.req.url).search
      return c.redirect(`${canonical}${query}`, 301)
    }
    const category =
      product.taxonomyId === null ? null : await categoryById(c.var.platform, product.taxonomyId, locale)
    const origin = originOf(c)
    const crumbs = [
      { name: t.home, href: localePath(locale, '/') },
      ...(category ? categoryCrumbs(category, locale) : []),
      { name: product.title, href: canonical },
    ]
    const image = webAddress(product.imageUrl)
    const hits = category
      ? (await similarHits(c, category.id, locale)).filter((h) => h.productId !== product.id).slice(0, 6)
      : []
    // One lookup for the product's image and its neighbours'.
    const images = await imagesByUrl(c.var.platform, [image, ...hits.map((h) => webAddress(h.imageUrl))])
    const asset = image ? images.get(image) : undefined
    const similar = await cardsOf(c, hits, images)
    const germanPath = productPath({ productId: product.id, title: product.title }, 'de')
    return render(c, {
      locale,
      title: `${product.brand ? `${product.brand} ` : ''}${product.title} · Glam`,
      body: (
        <ProductPage
          locale={locale}
          path={germanPath}
          product={{
            id: product.id,
            title: product.title,
            brand: product.brand,
            brandHref: product.brand ? localePath(locale, `/b/${slugOf(product.brand)}`) : null,
            description: product.descriptionText,
            priceMinor: product.priceMinor,
            salePriceMinor: product.salePriceMinor,
            currency: product.currency,
            availability: product.availability,
            imageUrl: image,
            ...(asset && { image: variantImage(asset, { sizes: productSizes, eager: true }) }),
            shopName: product.shopName,
          }}
          offered={offered}
          crumbs={crumbs}
          buyHref={`${canonical}/buy`}
          similar={similar}
        />
      ),
      head: headMarkup({
        path: germanPath,
        locale,
        origin,
        title: product.title,
        description: product.descriptionText?.slice(0, 160) ?? product.title,
        image: asset ? `${origin}${variantUrl(asset.sha256, 'og')}` : image,
        type: 'product',
        noindex: !offered,
        jsonLd: [
          productJsonLd({
            title: product.title,
            url: `${origin}${canonical}`,
            description: product.descriptionText,
            brand: product.brand,
            image,
            sku: product.sku,
            gtin: product.gtin,
            priceMinor: product.salePriceMinor ?? product.priceMinor,
            currency: product.currency,
            availability: product.availability,
            offered,
            shopName: product.shopName,
          }),
          breadcrumbJsonLd(crumbs.map((crumb) => ({ name: crumb.name, url: `${origin}${crumb.href}` }))),
        ],
      }),
      status: offered ? 200 : 410,
      cache: pageCacheControl,
      tags: ['portal', `product-${product.id}`, ...(category ? [`category-${category.id}`] : [])],
    })
  })

  app.get('/p/:ref/buy', async (c) => {
    const match = productRef.exec(c.req.param('ref'))
    const found = match ? await productById(c.var.platform, match[2]!) : null
    c.header('Cache-Control', 'private, no-store')
    c.header('X-Robots-Tag', 'noindex')
    if (!found?.offered) return notFound(c, locale, found ? 410 : 404)
    const location = await buyLocation(c.var.platform, found.product)
    if (!location) return notFound(c, locale, 404)
    return c.redirect(location, 302)
  })

  app.get('/c/*', async (c) => {
    const plain = decodeURIComponent(c.req.path.replace(/^\/en(?=\/)/, '')).replace(/\/+$/, '')
    const category = await categoryByPath(c.var.platform, plain, locale)
    if (!category) return notFound(c, locale, 404)
    return listPage(c, {
      locale,
      path: localePath(locale, category.path),
      plainPath: (await categoryById(c.var.platform, category.id, 'de'))?.path ?? category.path,
      heading: () => category.name,
      fixed: { category },
      crumbs: [{ name: t.home, href: localePath(locale, '/') }, ...categoryCrumbs(category, locale)],
      tags: ['portal', `category-${category.id}`],
      indexable: true,
    })
  })

  app.get('/b/:brand', async (c) => {
    const slug = c.req.param('brand')
    if (!/^[a-z0-9-]{1,80}$/.test(slug)) return notFound(c, locale, 404)
    const brand = slug.replaceAll('-', ' ')
    return listPage(c, {
      locale,
      path: localePath(locale, `/b/${slug}`),
      plainPath: `/b/${slug}`,
      heading: (answer) => answer?.hits[0]?.brand ?? brand,
      fixed: { brand },
      crumbs: [
        { name: t.home, href: localePath(locale, '/') },
        { name: t.brands, href: localePath(locale, '/') },
      ],
      tags: ['portal', `brand-${slug}`],
      indexable: true,
    })
  })

  app.get(locale === 'de' ? '/suche' : '/search', async (c) => {
    await enforceSearchLimit(c)
    return listPage(c, {
      locale,
      path: searchPath(locale),
      plainPath: '/suche',
      heading: (_answer, q) => (q ? t.resultsFor(q) : t.search),
      tags: ['portal', 'search'],
      indexable: false,
    })
  })

  return app
}

const robots = (origin: string) => `User-agent: *
Allow: /
Disallow: /api/
Disallow: /app/
Disallow: /auth/
Disallow: /graphql
Disallow: /dev/
Disallow: /suche
Disallow: /en/search
Disallow: /p/*/buy
Disallow: /en/p/*/buy

# The portal's pages are German at / and English under /en/.
Sitemap: ${origin}/sitemap.xml
`

export function createPortalApp() {
  const de = localeApp('de')
  const en = localeApp('en')
  return new Hono<AppEnv>()
    .get('/robots.txt', (c) =>
      c.text(robots(originOf(c)), 200, { 'Cache-Control': 'public, max-age=3600, s-maxage=86400' }),
    )
    .get('/portal.js', (c) =>
      c.body(typeaheadScript, 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=3600, s-maxage=86400',
      }),
    )
    .get('/sitemap.xml', async (c) => {
      const { platform } = c.var
      let index = await platform.blobs.get(indexKey)
      // Before the job's first run: written now, once (the next requests wait for the same).
      if (!index) {
        const slot = platform.local.of(sitemapSlot)
        slot.writing ??= writeSitemaps(platform, { force: true }).finally(() => {
          slot.writing = undefined
        })
        await slot.writing
        index = await platform.blobs.get(indexKey)
      }
      if (!index) return notFound(c, 'de', 404)
      return c.body(index.body, 200, {
        'Content-Type': 'application/xml; charset=utf-8',
        'Cache-Control': 'public, max-age=600, s-maxage=600',
      })
    })
    .get('/sitemaps/:file', async (c) => {
      const file = c.req.param('file')
      const blob = /^products-\d{1,5}\.xml\.gz$/.test(file)
        ? await c.var.platform.blobs.get(`${sitemapPrefix}${file}`)
        : null
      if (!blob) return notFound(c, 'de', 404)
      return c.body(blob.body, 200, {
        'Content-Type': 'application/gzip',
        'Content-Disposition': `inline; filename="${file}"`,
        'Cache-Control': 'public, max-age=600, s-maxage=600',
      })
    })
    .route('/en', en)
    .route('/', de)
    .all('/en/*', (c) => notFound(c, 'en', 404))
    .all('/p/*', (c) => notFound(c, 'de', 404))
    .all('/c/*', (c) => notFound(c, 'de', 404))
    .all('/b/*', (c) => notFound(c, 'de', 404))
}
