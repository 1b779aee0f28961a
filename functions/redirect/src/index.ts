/**
 * @module @glam/redirect
 * The shortlink redirect: `GET /:slug` answers a redirect to the link's destination with a fresh
 * click token appended (click id + link id, sealed; see click-token.ts), and records the click in the background (never awaited on this path).
 *
 * ```ts
 * app.route('/', createRedirectApp()) // mounted last: it is the catch-all
 * ```
 */
import { type AppEnv, GlamError, isReservedSegment, wantsHtml } from '@glam/core'
import { newId } from '@glam/db/ids'
import { Hono } from 'hono'
import { type AgentTraits, agentTraits } from './bots.ts'
import { clickToken } from './click-token.ts'
import { type CachedLink, decide, osOf } from './decide.ts'
import { loadLink } from './link-cache.ts'
import { interstitialPage, linkPage } from './page.ts'
import { clientIp, visitorHash } from './visitor.ts'

export type { CachedLink, LinkRules } from './decide.ts'
export { forgetLink, linkCacheSeconds } from './link-cache.ts'

const slugPattern = /^[A-Za-z0-9_-]{1,64}$/
const noStore = { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' }
const noQuery = new URLSearchParams()
const queryOf = (url: string) => (url.includes('?') ? new URL(url).searchParams : noQuery)
const clickTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '')
const hostOf = (url: string | undefined) => {
  if (!url) return ''
  try {
    return new URL(url).host
  } catch {
    return ''
  }
}

export function createRedirectApp() {
  return new Hono<AppEnv>().get('/:slug', async (c) => {
    const slug = c.req.param('slug')
    if (!slugPattern.test(slug) || isReservedSegment(slug))
      throw new GlamError('NOT_FOUND', 'There is no link at this address.')
    const { platform } = c.var
    const link = await loadLink(platform, slug)
    const userAgent = c.req.header('user-agent') ?? ''
    const now = platform.clock.now()
    const refuse = (status: 404 | 410, code: 'NOT_FOUND' | 'GONE', title: string, text: string) => {
      if (wantsHtml(c))
        return c.html(
          linkPage({ status, title, text, landingUrl: link?.landingUrl ?? null }),
          status,
          noStore,
        )
      throw new GlamError(code, text, {
        details: link?.landingUrl ? { landingUrl: link.landingUrl } : undefined,
      })
    }
    if (!link) return refuse(404, 'NOT_FOUND', 'Link not found', 'There is no link at this address.')
    const clickId = newId()
    // The shop receives a sealed token naming the click and the link (see click-token.ts).
    const token = clickToken(platform.secrets.require('GLAM_SECRET'), clickId, link.id)
    const traits = agentTraits(userAgent, osOf)
    const country = (c.req.header('cf-ipcountry') ?? c.req.header('x-country') ?? '')
      .toUpperCase()
      .slice(0, 2)
    const decision = decide(
      link,
      { now: now.getTime(), country, os: traits.os, query: queryOf(c.req.url) },
      token,
    )
    if (decision.kind === 'gone') {
      return refuse(410, 'GONE', 'This link has ended', 'The campaign behind this link is over.')
    }
    if (decision.kind === 'unavailable') {
      return refuse(404, 'NOT_FOUND', 'This link is not active', 'This link is not active right now.')
    }
    if (c.req.method === 'GET') {
      recordClick(c.var.platform, link, {
        clickId,
        now,
        country,
        userAgent,
        ip: clientIp((name) => c.req.header(name)),
        traits,
        referrer: c.req.header('referer'),
        destinationHost: decision.host,
      })
    }
    const inApp = traits.inApp
    if (link.rules?.interstitial && inApp && c.req.method === 'GET') {
      return c.html(interstitialPage({ destination: decision.url, app: inApp, os: traits.os }), 200, noStore)
    }
    // An empty body with Content-Length: 0, not a null one: Node would answer chunked and write the
    // terminator separately, a second packet per redirect.
    return c.body('', decision.status, { ...noStore, Location: decision.url, 'Content-Length': '0' })
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
  },
) {
  const reason = click.traits.bot
  // Appending is all the request pays for; the writer batches and sends after the response.
  platform.events.record({
    table: 'clicks',
    id: click.clickId,
    time: clickTime(click.now),
    link_id: link.id,
    campaign_id: link.campaignId,
    influencer_id: link.influencerId,
    customer_id: link.customerId,
    slug: link.slug,
    destination_host: click.destinationHost,
    country: click.country,
    referrer_host: hostOf(click.referrer),
    in_app: click.traits.inApp,
    is_bot: reason !== '',
    bot_reason: reason,
    visitor_hash: visitorHash(platform.secrets.require('GLAM_SECRET'), click.now, click.ip, click.userAgent),
    user_agent: click.userAgent.slice(0, 512),
  })
}
