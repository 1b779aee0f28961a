/**
 * Link lookups for the redirect: a few seconds of parsed links in process, then the platform
 * cache (Workers KV on the edge, an LRU in Node), then the database.
 *
 * Consistency: the links API forgets a changed link at once in its own process (and in KV). Every
 * other process watches a change signal: every 2 s it reads the newest `links.updated_at` (one
 * indexed row, in the background), and a newer value starts a new cache generation, so no entry
 * cached before the change is read again. A change is thus served everywhere within about 2 s
 * (plus clock skew between writers), and never later than the cache lifetime (30 s).
 */
import type { Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { type CachedLink, type LinkRules, plainDestination } from './decide.ts'

export const linkCacheSeconds = 30
const missingSeconds = 10
let generation = 0
let checkedAt = 0
let checking: Promise<void> | undefined
const signalMs = 2_000
const key = (slug: string) => `link:v2:${generation}:${slug}`

function watchChanges(platform: Platform, now: number) {
  if (checking || now - checkedAt < signalMs) return
  checkedAt = now
  checking = repositoriesOf(platform)
    .links.lastChange()
    .then((last) => {
      if (last !== generation) {
        generation = last
        parsed.clear()
      }
    })
    .catch((error) => platform.logger.warn('links.change_signal_failed', { error }))
    .finally(() => {
      checking = undefined
    })
  platform.background(checking)
}

/**
 * Parsed links of this process for a few seconds, so a hot link costs no cache round trip and
 * no JSON parse; forgetLink clears it, other processes' copies expire with the shared cache.
 */
const parsed = new Map<string, { link: CachedLink | null; until: number }>()
const parsedMs = 5_000

export async function loadLink(platform: Platform, slug: string): Promise<CachedLink | null> {
  const now = Date.now()
  watchChanges(platform, now)
  const hot = parsed.get(slug)
  if (hot && hot.until > now) return hot.link
  const link = await fetchLink(platform, slug)
  if (parsed.size >= 10_000) parsed.clear()
  parsed.set(slug, { link, until: now + parsedMs })
  return link
}

async function fetchLink(platform: Platform, slug: string): Promise<CachedLink | null> {
  const cached = await platform.cache.get(key(slug)).catch(() => null)
  if (cached) return cached === 'null' ? null : (JSON.parse(cached) as CachedLink)
  const repos = repositoriesOf(platform)
  const link = await repos.links.bySlug(slug)
  let value: CachedLink | null = null
  if (link) {
    const [shop, customer, campaign] = await Promise.all([
      link.shopId ? repos.shops.get(link.shopId) : null,
      repos.customers.get(link.customerId),
      link.campaignId ? repos.campaigns.get(link.campaignId) : null,
    ])
    const rules = (link.rules as LinkRules | null) ?? {}
    // UTM parameters: the campaign's, then the link's own on top.
    const utm = { ...(campaign?.utm ?? {}), ...(rules.utm ?? {}) }
    value = {
      id: link.id,
      slug: link.slug,
      destination: link.destination,
      status: link.status,
      redirectStatus: link.redirectStatus,
      rules: Object.keys(utm).length > 0 ? { ...rules, utm } : link.rules ? rules : null,
      startsAt: link.startsAt?.getTime() ?? null,
      expiresAt: link.expiresAt?.getTime() ?? null,
      fallbackUrl: link.fallbackUrl,
      customerId: link.customerId,
      campaignId: link.campaignId,
      influencerId: link.influencerId,
      shopId: link.shopId,
      clickParam: shop?.clickParam ?? 'glam_cid',
      plainDestination: plainDestination(link.destination, shop?.clickParam ?? 'glam_cid'),
      landingUrl: customer?.landingUrl ?? null,
    }
  }
  const ttlSeconds = value ? linkCacheSeconds : missingSeconds
  await platform.cache.set(key(slug), JSON.stringify(value), { ttlSeconds }).catch(() => undefined)
  return value
}

/** Called by every change to a link, so this process (and the edge's KV) serves the new version. */
export async function forgetLink(platform: Platform, slug: string) {
  parsed.delete(slug)
  await platform.cache.delete(key(slug))
}
