/**
 * @module @glam/redirect
 * The shortlink redirect: `GET /:slug` answers a redirect to the link's destination with a fresh
 * click token appended (click id + link id, sealed; see click-token.ts), and records the click in the background (never awaited on this path).
 *
 * The Location is the destination's WHATWG-normalised href, and always carries a fragment: the
 * destination's own, else an explicit empty one (`…#`). A Location without one inherits the
 * fragment of the request (RFC 9110 §10.2.2), so a `#glam_token=…` that brought the browser
 * here would otherwise follow it on to the shop.
 *
 * ```ts
 * app.route('/', createRedirectApp()) // mounted last: it is the catch-all
 * ```
 */

import type { ClickEvent } from '@glam/commerce/click-event'
import { clickToken } from '@glam/commerce/click-token'
import { loadLink } from '@glam/commerce/link-cache'
import {
  type AppEnv,
  acceptsHtml,
  clientAddress,
  defaultLinkChannel,
  defineFunction,
  GlamError,
  htmlSecurityHeaders,
  isHeaderSafe,
  isReservedSegment,
  socketAddress,
} from '@glam/core'
import { newId } from '@glam/db/ids'
import { Hono } from 'hono'
import { type AgentTraits, agentTraits } from './bots.ts'
import { type CachedLink, decide, type FallbackReason, osOf } from './decide.ts'
import { interstitialPage, linkPage } from './page.ts'

export { forgetLink, linkCacheSeconds } from '@glam/commerce/link-cache'
export type { CachedLink, LinkRules } from './decide.ts'

const slugPattern = /^[A-Za-z0-9_-]{1,64}$/
const noStore = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }
const pageHeaders = { ...noStore, ...htmlSecurityHeaders }
const noQuery = new URLSearchParams()
const queryOf = (url: string) => (url.includes('?') ? new URL(url).searchParams : noQuery)
const clickTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '')

/** What a shortlink request comes to, independent of the HTTP layer that writes it. */
export type RedirectResult =
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'page'; status: 200 | 404 | 410; html: string }
  | { kind: 'error'; error: GlamError }

export interface RedirectRequest {
  slug: string
  method: string
  /** The full request URL (only its query is read, and only when it has one). */
  url: string
  header(name: string): string | undefined
  /** The socket peer's address (Node, Deno); the client's unless it is a trusted proxy. */
  peer?: string | undefined
}

/** Headers every shortlink answer carries: every click counts, nothing is cached or indexed. */
export const redirectHeaders = noStore

/** Headers of the pages (unknown, paused and ended links, the interstitial): no-store and the HTML security headers. */
export const redirectPageHeaders: Readonly<Record<string, string>> = pageHeaders

/**
 * The longest Location written. Destinations are at most 2,048 characters once normalised, but
 * links stored before that rule, forwarded queries and UTM parameters add to it; beyond this,
 * proxies in front (nginx buffers 4–8 KiB of response head by default) would fail the answer.
 */
export const maxLocationLength = 8192

/** A Location that cannot be written: the request answers a logged 500, nothing else is affected. */
export class UnwritableLocationError extends Error {
  constructor(reason: string, length: number) {
    super(`The redirect's Location cannot be written (${reason}, ${length} characters).`)
    this.name = 'UnwritableLocationError'
  }
}

/**
 * The Location for a decided (normalised) URL: its own fragment kept, else an explicit empty
 * one, so the browser drops the fragment of the request instead of carrying it on. Throws
 * UnwritableLocationError when the result is too long or not plain ASCII.
 */
export function redirectLocation(url: string): string {
  // In a normalised href, `#` can only start the fragment (elsewhere it is percent-encoded).
  const location = url.includes('#') ? url : `${url}#`
  if (location.length > maxLocationLength) throw new UnwritableLocationError('too long', location.length)
  if (!isHeaderSafe(location)) throw new UnwritableLocationError('not plain ASCII', location.length)
  return location
}

/**
 * The shortlink logic for any HTTP layer (the Hono route below; the Node entry's fast path):
 * resolves the link, decides the destination, records the click in the background.
 */
export async function resolveRedirect(
  platform: AppEnv['Variables']['platform'],
  req: RedirectRequest,
): Promise<RedirectResult> {
  const { slug } = req
  if (!slugPattern.test(slug) || isReservedSegment(slug))
    return { kind: 'error', error: new GlamError('NOT_FOUND', 'There is no link at this address.') }
  const link = await loadLink(platform, slug)
  const userAgent = req.header('user-agent') ?? ''
  const now = platform.clock.now()
  const refuse = (
    status: 404 | 410,
    code: 'NOT_FOUND' | 'GONE',
    title: string,
    text: string,
  ): RedirectResult => {
    if (acceptsHtml(req.header('accept') ?? ''))
      return {
        kind: 'page',
        status,
        html: String(linkPage({ status, title, text, landingUrl: link?.landingUrl ?? null })),
      }
    return {
      kind: 'error',
      error: new GlamError(code, text, {
        details: link?.landingUrl ? { landingUrl: link.landingUrl } : undefined,
      }),
    }
  }
  if (!link) return refuse(404, 'NOT_FOUND', 'Link not found', 'There is no link at this address.')
  const clickId = newId()
  // The shop receives a sealed token naming the click and the link (see click-token.ts).
  const token = clickToken(platform.secrets.require('GLAM_SECRET'), clickId, link.id)
  const traits = agentTraits(userAgent, osOf)
  const country = (req.header('cf-ipcountry') ?? req.header('x-country') ?? '').toUpperCase().slice(0, 2)
  const decision = decide(
    link,
    { now: now.getTime(), country, os: traits.os, query: queryOf(req.url) },
    token,
  )
  if (decision.kind === 'gone')
    return refuse(410, 'GONE', 'This link has ended', 'The campaign behind this link is over.')
  if (decision.kind === 'unavailable')
    return refuse(404, 'NOT_FOUND', 'This link is not active', 'This link is not active right now.')
  const interstitial = Boolean(link.rules?.interstitial && traits.inApp && req.method === 'GET')
  // Before the click is recorded: a Location that cannot leave is a failed request, not a click.
  const location = interstitial ? '' : redirectLocation(decision.url)
  if (req.method === 'GET') {
    recordClick(platform, link, {
      clickId,
      now,
      country,
      userAgent,
      ip:
        clientAddress({
          runtime: platform.runtime,
          peer: req.peer,
          header: req.header,
          trustedProxies: platform.config.trustedProxies,
        }) ?? '',
      traits,
      referrer: req.header('referer'),
      destinationHost: decision.host,
      fallbackReason: decision.fallbackReason,
    })
  }
  if (interstitial) {
    return {
      kind: 'page',
      status: 200,
      html: String(interstitialPage({ destination: decision.url, app: traits.inApp, os: traits.os })),
    }
  }
  return { kind: 'redirect', status: decision.status, location }
}

export function createRedirectApp() {
  return new Hono<AppEnv>().get('/:slug', async (c) => {
    const result = await resolveRedirect(c.var.platform, {
      slug: c.req.param('slug'),
      method: c.req.method,
      url: c.req.url,
      header: (name) => c.req.header(name),
      peer: socketAddress(c.env),
    })
    if (result.kind === 'error') throw result.error
    if (result.kind === 'page') return c.html(result.html, result.status, pageHeaders)
    // An empty body with Content-Length: 0, not a null one: Node would answer chunked and write the
    // terminator separately, a second packet per redirect.
    return c.body('', result.status as 302, { ...noStore, Location: result.location, 'Content-Length': '0' })
  })
}

function recordClick(
  platform: AppEnv['Variables']['platform'],
  link: CachedLink,
  click: {
    clickId: string
    now: Date
    country: string
    userAgent: string
    ip: string
    referrer?: string
    destinationHost: string
    traits: AgentTraits
    fallbackReason: FallbackReason | null
  },
) {
  const reason = click.traits.bot
  const event: ClickEvent = {
    table: 'clicks',
    id: click.clickId,
    time: clickTime(click.now),
    link_id: link.id,
    campaign_id: link.campaignId,
    influencer_id: link.influencerId,
    customer_id: link.customerId,
    slug: link.slug,
    channel: link.channel ?? defaultLinkChannel,
    destination_host: click.destinationHost,
    country: click.country,
    // The referrer's host is read when the batch is flushed (enrich.ts), not on the request.
    referrer: click.referrer?.slice(0, 2048) ?? '',
    in_app: click.traits.inApp,
    is_bot: reason !== '',
    bot_reason: reason,
    // Hashed with the user agent into visitor_hash when the batch is flushed (@glam/events
    // enrich.ts), before anything is sent or spilled: the address is never stored.
    client_ip: click.ip,
    user_agent: click.userAgent.slice(0, 512),
  }
  // Only when set: a row without it is NULL in ClickHouse, also on a server not yet migrated.
  if (click.fallbackReason) event.fallback_reason = click.fallbackReason
  // Appending is all the request pays for; the writer batches and sends after the response.
  platform.events.record(event)
}

/** The shortlink catch-all: last in the list, it answers every first segment nobody claimed. */
export const redirectFunction = defineFunction({
  name: 'redirect',
  description: 'Shortlink redirects at `/:slug` with click recording (the catch-all, mounted last).',
  mounts: [{ path: '/', app: () => createRedirectApp() }],
  claims: ['/*'],
  runtimes: ['edge', 'container'],
  tables: ['links', 'campaigns', 'shops', 'customers', 'products'],
  clickhouseTables: ['clicks'],
})
