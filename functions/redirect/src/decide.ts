/**
 * What a click on a link leads to, as a pure function of the link, the time and the visitor:
 * status and schedule first, then the product a stock-aware link names, then targeting, then
 * the destination with the click id and the forwarded query.
 */

import type { CachedLink, FallbackReason, LinkRules } from '@glam/commerce/link'
import { normalizeWebUrl } from '@glam/core'

export { type CachedLink, type FallbackReason, type LinkRules, plainDestination } from '@glam/commerce/link'

export interface Visitor {
  now: number
  country: string
  os: 'ios' | 'android' | 'other'
  query: URLSearchParams
}

export type Decision =
  /**
   * `url` is a WHATWG-normalised href (plain ASCII), with the destination's own fragment if any;
   * `fallbackReason` says the link's product was unavailable (the click records it).
   */
  | {
      kind: 'redirect'
      url: string
      status: 301 | 302 | 307 | 308
      host: string
      fallbackReason: FallbackReason | null
    }
  | { kind: 'gone'; reason: 'archived' | 'expired' }
  | { kind: 'unavailable'; reason: 'paused' | 'not_started' }

const redirectStatuses = new Set([301, 302, 307, 308])

export function osOf(userAgent: string): Visitor['os'] {
  if (/\b(iPhone|iPad|iPod)\b|\biOS\b/i.test(userAgent)) return 'ios'
  if (/\bAndroid\b/i.test(userAgent)) return 'android'
  return 'other'
}

export function decide(link: CachedLink, visitor: Visitor, clickId: string): Decision {
  if (link.status === 'archived') return { kind: 'gone', reason: 'archived' }
  if (link.status === 'paused') return { kind: 'unavailable', reason: 'paused' }
  const status = (redirectStatuses.has(link.redirectStatus) ? link.redirectStatus : 302) as
    | 301
    | 302
    | 307
    | 308
  if (link.startsAt !== null && visitor.now < link.startsAt) {
    return link.fallbackUrl ? fallback(link.fallbackUrl) : { kind: 'unavailable', reason: 'not_started' }
  }
  if (link.expiresAt !== null && visitor.now >= link.expiresAt) {
    return link.fallbackUrl ? fallback(link.fallbackUrl) : { kind: 'gone', reason: 'expired' }
  }
  const rules = link.rules ?? {}
  const reason = link.productFallback
  if (reason) {
    // The product cannot be bought: its fallback, else the customer's landing page, else (never
    // a dead end) the destination as usual. Always temporary, with the click id: the campaign runs.
    const elsewhere = link.fallbackUrl ?? link.landingUrl
    if (elsewhere) {
      const url = destinationUrl(normalized(elsewhere), link, rules, visitor.query, clickId)
      return { kind: 'redirect', url: url.toString(), status: 302, host: url.host, fallbackReason: reason }
    }
  }
  const target =
    (visitor.os !== 'other' && rules.os?.[visitor.os]) ||
    rules.countries?.[visitor.country] ||
    link.destination
  // The common case (no query to forward, no UTM, the plain destination): no URL object per click.
  if (target === link.destination && !rules.utm && visitor.query.size === 0 && link.plainDestination) {
    const { prefix, separator } = link.plainDestination
    return {
      kind: 'redirect',
      url: `${prefix}${separator}${link.clickParam}=${encodeURIComponent(clickId)}`,
      status,
      host: link.plainDestination.host,
      fallbackReason: reason,
    }
  }
  const url = destinationUrl(target, link, rules, visitor.query, clickId)
  return { kind: 'redirect', url: url.toString(), status, host: url.host, fallbackReason: reason }
}

/**
 * The fallback as the WHATWG parser normalises it: links stored before URLs were normalised at
 * write may hold raw non-ASCII, spaces, tabs or backslashes, which no Location header may carry.
 */
function fallback(stored: string): Decision {
  const href = normalized(stored)
  return { kind: 'redirect', url: href, status: 302, host: new URL(href).host, fallbackReason: null }
}

function normalized(stored: string): string {
  const href = normalizeWebUrl(stored)
  if (!href) throw new Error('The stored fallback (or landing) URL is not an absolute http(s) URL.')
  return href
}

function destinationUrl(
  target: string,
  link: CachedLink,
  rules: LinkRules,
  query: URLSearchParams,
  clickId: string,
) {
  const url = new URL(target)
  if (rules.forwardQuery !== false) {
    const linkWins = rules.linkParamsWin !== false
    for (const [key, value] of query) {
      if (key === link.clickParam) continue
      if (linkWins && url.searchParams.has(key)) continue
      url.searchParams.set(key, value)
    }
  }
  for (const [key, value] of Object.entries(rules.utm ?? {})) url.searchParams.set(key, value)
  url.searchParams.set(link.clickParam, clickId)
  return url
}
