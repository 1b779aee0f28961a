/**
 * The shop's product feeds, as a partner shop publishes them for Glam to import: a Google
 * Merchant RSS 2.0 at `/feeds/products.xml` (fast-xml-parser's builder: escaping and CDATA are
 * its business) and a CSV with the Google attribute names at `/feeds/products.csv`
 * (csv-stringify). Both carry an ETag of their content and answer `If-None-Match` with 304, as a
 * feed host should for conditional GETs. Prices are the catalogue's unless `priceOf` says
 * otherwise (the demo's price-drop command).
 */
import { stringify } from 'csv-stringify/sync'
import { XMLBuilder } from 'fast-xml-parser'
import type { Context, Hono } from 'hono'
import { currency, formatAmount, type Product, products } from './catalogue.ts'

const googleNamespace = 'http://base.google.com/ns/1.0'

export interface FeedOptions {
  /** The shop's own origin, for the product and image links. */
  shopUrl: (c: Context) => string
  /** A product's photo URL (served by Glam). */
  photoOf: (product: Product) => string
  /** The price in cents now (default: the catalogue's). */
  priceOf?: (product: Product) => number
  /** Whether a product is in stock now (default: every one is). */
  inStock?: (product: Product) => boolean
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  cdataPropName: '#cdata',
  format: true,
})

async function etagOf(body: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))
  return `"${[...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`
}

async function answer(c: Context, body: string, type: string) {
  const etag = await etagOf(body)
  const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'Content-Type': type }
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
  return c.body(body, 200, headers)
}

export function mountFeeds(app: Hono, options: FeedOptions) {
  const priceOf = options.priceOf ?? ((p: Product) => p.priceCents)
  const inStock = options.inStock ?? (() => true)
  const rows = (c: Context) =>
    products.map((p) => ({
      id: p.sku,
      title: p.name,
      description: p.description,
      link: `${options.shopUrl(c)}/products/${p.sku}`,
      image_link: options.photoOf(p),
      price: `${formatAmount(priceOf(p))} ${currency}`,
      availability: inStock(p) ? 'in stock' : 'out of stock',
      brand: 'Demo Beauty',
      condition: 'new',
      google_product_category: '2915',
    }))
  app.get('/feeds/products.xml', (c) => {
    const items = rows(c).map((r) => ({
      'g:id': r.id,
      title: r.title,
      description: { '#cdata': r.description },
      link: r.link,
      'g:image_link': r.image_link,
      'g:price': r.price,
      'g:availability': r.availability,
      'g:brand': r.brand,
      'g:condition': r.condition,
      'g:google_product_category': r.google_product_category,
    }))
    const xml = builder.build({
      '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
      rss: {
        '@_version': '2.0',
        '@_xmlns:g': googleNamespace,
        channel: {
          title: 'Demo Beauty',
          link: `${options.shopUrl(c)}/`,
          description: 'Demo Beauty products',
          item: items,
        },
      },
    })
    return answer(c, xml, 'application/xml; charset=utf-8')
  })
  app.get('/feeds/products.csv', (c) => {
    const list = rows(c)
    const csv = stringify(list, { header: true, columns: Object.keys(list[0]!) })
    return answer(c, csv, 'text/csv; charset=utf-8')
  })
}
