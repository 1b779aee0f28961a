/**
 * The portal's pages as Hono JSX: everything a feed brings (titles, descriptions, brand and shop
 * names) is text, escaped by JSX; only http(s) addresses become links or images. Plain links and
 * GET forms: every page works without JavaScript.
 */
import type { VariantImage } from '@glam/images/srcset'
import type { Child } from 'hono/jsx'
import { type Copy, copy, type Locale, localePath, money, searchPath } from './locale.ts'

export interface Card {
  productId: string
  title: string
  brand: string | null
  priceMinor: number
  salePriceMinor: number | null
  currency: string
  availability: string
  imageUrl: string | null
  /** The feed image as an asset: variants with a srcset and blur-up (else `imageUrl` as the feed gave it). */
  image?: VariantImage
  link: string
  variants?: number
}

export interface FacetValue {
  value: string
  count: number
  href: string
  selected: boolean
}

export interface Facet {
  name: string
  values: FacetValue[]
}

const otherLocale = (locale: Locale): Locale => (locale === 'de' ? 'en' : 'de')

export function Shell(props: { locale: Locale; path: string; q?: string; children: Child }) {
  const t = copy[props.locale]
  const other = otherLocale(props.locale)
  return (
    <>
      <a class="skip" href="#main">
        {props.locale === 'de' ? 'Zum Inhalt' : 'Skip to content'}
      </a>
      <header class="top">
        <a class="logo" href={localePath(props.locale, '/')}>
          {t.siteName}
        </a>
        <search class="search">
          <form method="get" action={searchPath(props.locale)}>
            <label for="q" class="visually-hidden">
              {t.searchLabel}
            </label>
            <input
              id="q"
              name="q"
              type="search"
              value={props.q ?? ''}
              placeholder={t.searchPlaceholder}
              autocomplete="off"
              maxlength={200}
            />
            <button type="submit">{t.search}</button>
          </form>
        </search>
        <a class="lang" href={localePath(other, props.path)} hreflang={other} lang={other}>
          {t.language}
        </a>
      </header>
      <main id="main">{props.children}</main>
      <footer>
        <p>{t.tagline}</p>
        <a href="/about">{t.about}</a>
      </footer>
    </>
  )
}

export function Price(props: {
  card: Pick<Card, 'priceMinor' | 'salePriceMinor' | 'currency'>
  locale: Locale
}) {
  const { priceMinor, salePriceMinor, currency } = props.card
  if (salePriceMinor !== null && salePriceMinor < priceMinor)
    return (
      <span class="price">
        <del>{money(priceMinor, currency, props.locale)}</del>{' '}
        <ins class="sale">{money(salePriceMinor, currency, props.locale)}</ins>
      </span>
    )
  return <span class="price">{money(priceMinor, currency, props.locale)}</span>
}

function ProductCard(props: { card: Card; locale: Locale }) {
  const { card } = props
  return (
    <li class="card">
      <a href={card.link}>
        {card.image ? (
          <img {...card.image} alt="" />
        ) : card.imageUrl ? (
          <img src={card.imageUrl} alt="" loading="lazy" decoding="async" width={240} height={240} />
        ) : (
          <span class="noimg" aria-hidden="true" />
        )}
        <span class="brand">{card.brand ?? ''}</span>
        <span class="title">{card.title}</span>
      </a>
      <Price card={card} locale={props.locale} />
    </li>
  )
}

export const ProductGrid = (props: { cards: readonly Card[]; locale: Locale }) => (
  <ul class="grid">
    {props.cards.map((card) => (
      <ProductCard card={card} locale={props.locale} />
    ))}
  </ul>
)

/** Links as chips, each with its count where it has one. */
const Chips = (props: { items: readonly { name: string; href: string; count?: number }[] }) => (
  <ul class="chips">
    {props.items.map((item) => (
      <li>
        <a href={item.href}>{item.name}</a>
        {item.count === undefined ? null : <span class="count"> {item.count}</span>}
      </li>
    ))}
  </ul>
)

export function HomePage(props: {
  locale: Locale
  featured: readonly Card[]
  categories: readonly { name: string; href: string; count: number }[]
  brands: readonly { name: string; href: string; count: number }[]
}) {
  const t = copy[props.locale]
  return (
    <Shell locale={props.locale} path="/">
      <h1>{t.tagline}</h1>
      <section aria-labelledby="featured">
        <h2 id="featured">{t.featured}</h2>
        <ProductGrid cards={props.featured} locale={props.locale} />
      </section>
      <section aria-labelledby="categories">
        <h2 id="categories">{t.categories}</h2>
        <Chips items={props.categories} />
      </section>
      <section aria-labelledby="brands">
        <h2 id="brands">{t.brands}</h2>
        <Chips items={props.brands} />
      </section>
    </Shell>
  )
}

export const Breadcrumbs = (props: { items: readonly { name: string; href: string }[] }) => (
  <nav aria-label="Breadcrumb" class="crumbs">
    <ol>
      {props.items.map((item, i) => (
        <li>
          {i === props.items.length - 1 ? (
            <span aria-current="page">{item.name}</span>
          ) : (
            <a href={item.href}>{item.name}</a>
          )}
        </li>
      ))}
    </ol>
  </nav>
)

/**
 * The alert form and "save" (functions/alerts answers both at `/w/alerts` and `/w/items`): plain
 * forms, the same for every visitor so the page stays cacheable; a signed-in member needs no
 * address.
 */
function AlertForms(props: { locale: Locale; productId: string; availability: string }) {
  const t = copy[props.locale].alert
  const outOfStock = props.availability === 'out_of_stock'
  return (
    <>
      <form class="alert" method="post" action="/w/alerts">
        <fieldset>
          <legend>{t.title}</legend>
          <input type="hidden" name="productId" value={props.productId} />
          <input type="hidden" name="locale" value={props.locale} />
          <label>
            <input type="radio" name="kind" value="price_drop" checked={!outOfStock} /> {t.price_drop}
          </label>
          <label>
            <input type="radio" name="kind" value="target_price" /> {t.target_price}
          </label>
          <label class="target">
            {t.target}{' '}
            <input
              name="target"
              inputmode="decimal"
              size={8}
              maxlength={20}
              placeholder={props.locale === 'de' ? '19,90' : '19.90'}
            />
          </label>
          <label>
            <input type="radio" name="kind" value="back_in_stock" checked={outOfStock} /> {t.back_in_stock}
          </label>
          <label>
            <input type="checkbox" name="frequency" value="daily" /> {t.daily}
          </label>
          <label>
            {t.email}
            <br />
            <input type="email" name="email" autocomplete="email" maxlength={320} />
          </label>
          <button type="submit">{t.submit}</button>
          <p class="count">{t.note}</p>
        </fieldset>
      </form>
      <form method="post" action="/w/items">
        <input type="hidden" name="productId" value={props.productId} />
        <input type="hidden" name="locale" value={props.locale} />
        <button type="submit" class="save">
          {t.save}
        </button>
      </form>
    </>
  )
}

export function ProductPage(props: {
  locale: Locale
  path: string
  product: {
    id: string
    title: string
    brand: string | null
    brandHref: string | null
    description: string | null
    priceMinor: number
    salePriceMinor: number | null
    currency: string
    availability: keyof Copy['availability']
    imageUrl: string | null
    image?: VariantImage
    shopName: string
  }
  offered: boolean
  crumbs: readonly { name: string; href: string }[]
  buyHref: string | null
  similar: readonly Card[]
}) {
  const t = copy[props.locale]
  const p = props.product
  return (
    <Shell locale={props.locale} path={props.path}>
      <Breadcrumbs items={props.crumbs} />
      <article class="product">
        <div class="gallery">
          {p.image ? (
            <img {...p.image} alt={p.title} fetchpriority="high" />
          ) : p.imageUrl ? (
            <img src={p.imageUrl} alt={p.title} fetchpriority="high" width={600} height={600} />
          ) : (
            <span class="noimg" />
          )}
        </div>
        <div class="buybox">
          {p.brand ? (
            <p class="brand">{p.brandHref ? <a href={p.brandHref}>{p.brand}</a> : p.brand}</p>
          ) : null}
          <h1>{p.title}</h1>
          <p>
            <Price card={p} locale={props.locale} />
          </p>
          {props.offered ? (
            <p class={`availability ${p.availability}`}>{t.availability[p.availability] ?? p.availability}</p>
          ) : (
            <p class="availability gone">{t.inactive}</p>
          )}
          {props.offered && props.buyHref ? (
            <p>
              <a class="buy" href={props.buyHref} rel="nofollow sponsored">
                {t.buy}
              </a>{' '}
              <span class="shop">{t.at(p.shopName)}</span>
            </p>
          ) : null}
          {props.offered ? (
            <AlertForms locale={props.locale} productId={p.id} availability={p.availability} />
          ) : null}
        </div>
        {p.description ? (
          <section class="description" aria-labelledby="description">
            <h2 id="description">{t.description}</h2>
            {p.description
              .split(/\n{2,}/)
              .filter(Boolean)
              .map((para) => (
                <p>{para}</p>
              ))}
          </section>
        ) : null}
      </article>
      {props.similar.length ? (
        <section aria-labelledby="similar">
          <h2 id="similar">{t.similar}</h2>
          <ProductGrid cards={props.similar} locale={props.locale} />
        </section>
      ) : null}
    </Shell>
  )
}

export function ListPage(props: {
  locale: Locale
  path: string
  heading: string
  q?: string
  crumbs?: readonly { name: string; href: string }[]
  total: number
  cards: readonly Card[]
  facets: readonly Facet[]
  sorts: readonly { label: string; href: string; selected: boolean }[]
  corrected?: { words: string; href: string } | undefined
  nextHref: string | null
  firstHref: string | null
  clearHref: string | null
  zeroHelp: readonly { name: string; href: string }[]
  error?: string | undefined
}) {
  const t = copy[props.locale]
  return (
    <Shell locale={props.locale} path={props.path} {...(props.q !== undefined && { q: props.q })}>
      {props.crumbs ? <Breadcrumbs items={props.crumbs} /> : null}
      <h1>{props.heading}</h1>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.corrected ? (
        <p class="corrected">
          {t.corrected} <a href={props.corrected.href}>{props.corrected.words}</a>?
        </p>
      ) : null}
      <p class="total" role="status">
        {t.results(props.total)}
      </p>
      {props.total === 0 ? (
        <section class="zero" aria-labelledby="zero">
          <h2 id="zero">{props.q ? t.noResults(props.q) : t.results(0)}</h2>
          <ul>
            {t.noResultsHelp.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
          <Chips items={props.zeroHelp} />
          {props.clearHref ? <a href={props.clearHref}>{t.removeFilters}</a> : null}
        </section>
      ) : null}
      <div class="results">
        <aside class="facets" aria-label={t.filters}>
          {props.clearHref && props.total > 0 ? <a href={props.clearHref}>{t.removeFilters}</a> : null}
          {props.facets
            .filter((f) => f.values.length)
            .map((f) => (
              <section>
                <h2>{f.name}</h2>
                <ul>
                  {f.values.map((v) => (
                    <li>
                      <a
                        href={v.href}
                        aria-current={v.selected ? 'true' : undefined}
                        rel="nofollow"
                        class={v.selected ? 'selected' : undefined}
                      >
                        {v.value}
                      </a>{' '}
                      <span class="count">{v.count}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </aside>
        <div class="list">
          {props.total > 0 ? (
            <nav class="sorts" aria-label={t.sort}>
              {t.sort}:{' '}
              {props.sorts.map((s) =>
                s.selected ? (
                  <strong aria-current="true">{s.label}</strong>
                ) : (
                  <a href={s.href} rel="nofollow">
                    {s.label}
                  </a>
                ),
              )}
            </nav>
          ) : null}
          <ProductGrid cards={props.cards} locale={props.locale} />
          <nav class="pages">
            {props.firstHref ? <a href={props.firstHref}>{t.first}</a> : null}{' '}
            {props.nextHref ? (
              <a href={props.nextHref} rel="next">
                {t.next}
              </a>
            ) : null}
          </nav>
        </div>
      </div>
    </Shell>
  )
}

export function NotFoundPage(props: {
  locale: Locale
  status: 404 | 410
  categories: readonly { name: string; href: string }[]
}) {
  const t = copy[props.locale]
  return (
    <Shell locale={props.locale} path="/">
      <h1>{props.status === 410 ? t.gone : t.notFound}</h1>
      <p>{t.notFoundHelp}</p>
      <search class="search big">
        <form method="get" action={searchPath(props.locale)}>
          <label for="q404">{t.searchLabel}</label>
          <input id="q404" name="q" type="search" maxlength={200} />
          <button type="submit">{t.search}</button>
        </form>
      </search>
      <h2>{t.categories}</h2>
      <Chips items={props.categories} />
    </Shell>
  )
}

export const portalStyle = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1f1f1f;background:#fff}
a{color:#a61e4d}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #1c7ed6;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.top{display:flex;gap:1rem;align-items:center;padding:.75rem 1rem;border-bottom:1px solid #eee;flex-wrap:wrap}
.logo{font-weight:700;font-size:1.4rem;text-decoration:none;color:#c2255c}.search{flex:1;min-width:14rem}#typeahead{position:absolute;top:100%;left:0;right:0;z-index:2;list-style:none;margin:.25rem 0 0;padding:.25rem;background:#fff;border:1px solid #ced4da;border-radius:.4rem}#typeahead li{padding:.3rem .5rem}#typeahead [aria-selected=true]{background:#fff0f6}#typeahead a{color:inherit;text-decoration:none;display:block}.search form{display:flex;gap:.5rem}
.search input{flex:1;padding:.5rem;border:1px solid #868e96;border-radius:.4rem;font:inherit}
button,.buy{background:#c2255c;color:#fff;border:0;border-radius:.4rem;padding:.55rem 1rem;font:inherit;cursor:pointer;text-decoration:none;display:inline-block}
main{max-width:72rem;margin:0 auto;padding:1rem}footer{border-top:1px solid #eee;padding:1rem;text-align:center;color:#495057}
.grid{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:1rem}
.card a{text-decoration:none;color:inherit;display:block}.card img,.noimg{width:100%;height:auto;aspect-ratio:1;object-fit:cover;background:#f1f3f5;border-radius:.5rem;display:block}
.brand{display:block;color:#495057;font-size:.85rem}.title{display:block;font-weight:600}
del{color:#5c636a}.sale{color:#c92a2a;text-decoration:none;font-weight:700}
.chips{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}.chips li{border:1px solid #dee2e6;border-radius:1rem;padding:.2rem .7rem}
.count{color:#495057;font-size:.85rem}.crumbs ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}.crumbs li+li:before{content:"›";margin-right:.4rem}
.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2rem}.product .description{grid-column:1/-1}
.gallery img{width:100%;height:auto;border-radius:.75rem}.availability.in_stock{color:#1e6b30}.availability.out_of_stock,.availability.gone{color:#b02525}
.results{display:grid;grid-template-columns:14rem minmax(0,1fr);gap:1.5rem}.facets ul{list-style:none;padding:0}.facets h2{font-size:1rem}
.selected{font-weight:700}.pages{display:flex;gap:1rem;margin:1rem 0}
.alert fieldset{border:1px solid #dee2e6;border-radius:.5rem;margin:1rem 0;padding:.75rem 1rem}.alert label{display:block;margin:.3rem 0}.alert .target{margin-left:1.6rem}
.alert input[type=email],.alert input[name=target]{padding:.4rem;border:1px solid #868e96;border-radius:.4rem;font:inherit}.alert input[type=email]{width:100%;max-width:22rem}
button.save{background:#fff;color:#c2255c;border:1px solid #c2255c}
@media (max-width:40rem){.product,.results{grid-template-columns:1fr}}`
