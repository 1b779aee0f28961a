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
  /** The customer's landing page, offered on 404/410 pages. */
  landingUrl: string | null
  /** The destination prepared for the fast path (see plainDestination), or null. */
  plainDestination?: { prefix: string; separator: '?' | '&'; host: string } | null
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
