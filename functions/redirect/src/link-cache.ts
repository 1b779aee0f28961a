/**
 * Link lookups for the redirect: the platform cache first (Workers KV on the edge, an LRU in
 * Node), the database on a miss. A changed link is deleted from the cache by the links API; other
 * processes see the change when their entry expires (LINK_CACHE_SECONDS).
 */
import type { Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { CachedLink, LinkRules } from './decide.ts'

export const linkCacheSeconds = 30
const missingSeconds = 10
const key = (slug: string) => `link:v1:${slug}`

/**
 * Parsed links of this process for a few seconds, so a hot link costs no cache round trip and
 * no JSON parse; forgetLink clears it, other processes' copies expire with the shared cache.
 */
const parsed = new Map<string, { link: CachedLink | null; until: number }>()
const parsedMs = 5_000

export async function loadLink(platform: Platform, slug: string): Promise<CachedLink | null> {
  const now = Date.now()
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
    const [shop, customer] = await Promise.all([
      link.shopId ? repos.shops.get(link.shopId) : null,
      repos.customers.get(link.customerId),
    ])
    value = {
      id: link.id,
      slug: link.slug,
      destination: link.destination,
      status: link.status,
      redirectStatus: link.redirectStatus,
      rules: (link.rules as LinkRules | null) ?? null,
      startsAt: link.startsAt?.getTime() ?? null,
      expiresAt: link.expiresAt?.getTime() ?? null,
      fallbackUrl: link.fallbackUrl,
      customerId: link.customerId,
      campaignId: link.campaignId,
      influencerId: link.influencerId,
      shopId: link.shopId,
      clickParam: shop?.clickParam ?? 'glam_cid',
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
