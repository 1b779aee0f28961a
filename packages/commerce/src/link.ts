/**
 * A link as the redirect needs it: the shape the link cache stores (small enough for the edge's
 * KV), which the links API and GraphQL forget when they change a link.
 */

export interface LinkRules {
  /** A different destination per visitor country (ISO 3166-1 alpha-2, upper case). */
  countries?: Record<string, string>
  /** A different destination per platform (iOS/Android apps, stores). */
  os?: { ios?: string; android?: string }
  /** Forward the short URL's query parameters to the destination (default true). */
  forwardQuery?: boolean
  /** On a parameter both have, the link's own value wins (default true). */
  linkParamsWin?: boolean
  /** UTM parameters set on the destination. */
  utm?: Record<string, string>
  /** Show a page that helps visitors in Instagram's, TikTok's or Facebook's in-app browser open their real browser (off by default). */
  interstitial?: boolean
}

/** A link as the redirect needs it, small enough to cache at the edge. */
export interface CachedLink {
  id: string
  slug: string
  destination: string
  status: 'active' | 'paused' | 'archived'
  redirectStatus: number
  rules: LinkRules | null
  startsAt: number | null
  expiresAt: number | null
  fallbackUrl: string | null
  customerId: string
  campaignId: string | null
  influencerId: string | null
  shopId: string | null
  /** The query parameter that carries the click id (per shop; default `glam_cid`). */
  clickParam: string
  /**
   * The customer's landing page, offered on 404/410 pages and the second choice (after
   * `fallbackUrl`) when the link's product is unavailable.
   */
  landingUrl: string | null
  /** The product the link names (a stock-aware link), or null. */
  productId: string | null
  /** Where the link is placed (@glam/core channels.ts); absent in entries cached before it. */
  channel?: string
  /** Why the link's product sends clicks elsewhere as cached (see productFallback), or null. */
  productFallback: FallbackReason | null
  /** The destination prepared for the fast path (see plainDestination), or null. */
  plainDestination?: { prefix: string; separator: '?' | '&'; host: string } | null
}

/** Why a click on a stock-aware link went elsewhere: the ClickHouse `clicks.fallback_reason`. */
export type FallbackReason = 'product_inactive' | 'product_out_of_stock'

/** What the link cache knows of a link's product. */
export interface ProductState {
  status: 'active' | 'inactive'
  availability: 'in_stock' | 'out_of_stock' | 'preorder' | 'backorder'
}

/**
 * Whether a named product sends clicks to the fallback: an inactive product (or one no longer
 * stored) does, and so does one out of stock; `preorder` and `backorder` can still be bought, so
 * they count as available. Inactive wins over out of stock.
 */
export function productFallback(product: ProductState | null): FallbackReason | null {
  if (product?.status !== 'active') return 'product_inactive'
  return product.availability === 'out_of_stock' ? 'product_out_of_stock' : null
}

/**
 * The destination prepared once per cached link, for the fast path: normalised, and only when
 * appending the click id needs no parsing (no fragment, no click parameter already present).
 */
export function plainDestination(destination: string, clickParam: string): CachedLink['plainDestination'] {
  const url = new URL(destination)
  if (url.hash || url.searchParams.has(clickParam)) return null
  const prefix = url.toString()
  return { prefix, separator: url.search ? '&' : '?', host: url.host }
}
