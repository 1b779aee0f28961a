/**
 * What search engines read: canonical and alternate (hreflang) links between `/` and `/en/`,
 * Open Graph metas, and JSON-LD (`Product` with its `Offer`, `BreadcrumbList`). JSON-LD is
 * written with `<` escaped, so no feed text can close its script element.
 */
import { html, raw } from 'hono/html'
import { type Locale, localePath } from './locale.ts'

export interface HeadInfo {
  /** The page's path without the locale prefix (`/p/…`, `/`), and its query when it matters. */
  path: string
  locale: Locale
  origin: string
  title: string
  description?: string | undefined
  image?: string | null | undefined
  type?: 'website' | 'product'
  /** Pages that must not be indexed (search results with filters, the 404). */
  noindex?: boolean
  jsonLd?: readonly object[]
}

/** JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` as \u escapes. */
export const jsonLdText = (data: object) =>
  JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

export function headMarkup(info: HeadInfo): string {
  const url = (locale: Locale) => `${info.origin}${localePath(locale, info.path)}`
  const markup = html`${info.noindex ? html`<meta name="robots" content="noindex, follow">` : ''}
<link rel="canonical" href="${url(info.locale)}">
<link rel="alternate" hreflang="de" href="${url('de')}">
<link rel="alternate" hreflang="en" href="${url('en')}">
<link rel="alternate" hreflang="x-default" href="${url('de')}">
${info.description ? html`<meta name="description" content="${info.description}">` : ''}
<meta property="og:site_name" content="Glam">
<meta property="og:type" content="${info.type ?? 'website'}">
<meta property="og:title" content="${info.title}">
<meta property="og:url" content="${url(info.locale)}">
<meta property="og:locale" content="${info.locale === 'de' ? 'de_DE' : 'en_GB'}">
${info.description ? html`<meta property="og:description" content="${info.description}">` : ''}
${info.image ? html`<meta property="og:image" content="${info.image}">` : ''}
${(info.jsonLd ?? []).map((d) => html`<script type="application/ld+json">${raw(jsonLdText(d))}</script>`)}`
  return String(markup)
}

const schemaAvailability: Record<string, string> = {
  in_stock: 'https://schema.org/InStock',
  out_of_stock: 'https://schema.org/OutOfStock',
  preorder: 'https://schema.org/PreOrder',
  backorder: 'https://schema.org/BackOrder',
}

export function productJsonLd(p: {
  title: string
  url: string
  description: string | null
  brand: string | null
  image: string | null
  sku: string
  gtin: string | null
  priceMinor: number
  currency: string
  availability: string
  offered: boolean
  shopName: string
}) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.title,
    url: p.url,
    sku: p.sku,
    ...(p.gtin && { gtin: p.gtin }),
    ...(p.description && { description: p.description.slice(0, 5000) }),
    ...(p.image && { image: [p.image] }),
    ...(p.brand && { brand: { '@type': 'Brand', name: p.brand } }),
    offers: {
      '@type': 'Offer',
      url: p.url,
      price: (p.priceMinor / 100).toFixed(2),
      priceCurrency: p.currency,
      availability: p.offered
        ? (schemaAvailability[p.availability] ?? schemaAvailability.in_stock)
        : 'https://schema.org/Discontinued',
      seller: { '@type': 'Organization', name: p.shopName },
    },
  }
}

export function breadcrumbJsonLd(items: readonly { name: string; url: string }[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: item.name,
      item: item.url,
    })),
  }
}
