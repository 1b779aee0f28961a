/**
 * Link lookups for the redirect: a few seconds of parsed links in process, then the platform
 * cache (Workers KV on the edge, an LRU in Node), then the database.
 *
 * Consistency: the links API forgets a changed link at once in its own process (and in KV). Every
 * other process watches a change signal: every 2 s it reads the newest `links.updated_at` (one
 * indexed row, in the background), and a newer value starts a new cache generation, so no entry
 * cached before the change is read again. A change is thus served everywhere within about 2 s
 * (plus clock skew between writers), and never later than the cache lifetime (30 s).
 *
 * Stock-aware links carry their product's state in the cached record (read with the link, on a
 * miss only: a hit costs no query). When products change (a feed run applied), productsChanged
 * moves `updated_at` of the links naming them, so the same change signal retires them everywhere.
 */
import { localSlot, type Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { type CachedLink, type LinkRules, plainDestination, productFallback } from './link.ts'

export const linkCacheSeconds = 30
const missingSeconds = 10
const signalMs = 2_000
const parsedMs = 5_000

/**
 * This platform's state: the cache generation (the newest `links.updated_at` seen), when it was
 * last checked, and parsed links for a few seconds, so a hot link costs no cache round trip and
 * no JSON parse; forgetLink clears an entry, other processes' copies expire with the shared cache.
 */
const state = localSlot('link-cache', () => ({
  generation: 0,
  checkedAt: 0,
  checking: undefined as Promise<void> | undefined,
  parsed: new Map<string, { link: CachedLink | null; until: number }>(),
}))
type LinkCacheState = ReturnType<typeof state.create>

// v4: records carry their channel (v3: their product's state, productId and productFallback).
const key = (local: LinkCacheState, slug: string) => `link:v4:${local.generation}:${slug}`

function watchChanges(platform: Platform, local: LinkCacheState, now: number) {
  if (local.checking || now - local.checkedAt < signalMs) return
  local.checkedAt = now
  local.checking = repositoriesOf(platform)
    .links.lastChange()
    .then((last) => {
      if (last !== local.generation) {
        local.generation = last
        local.parsed.clear()
      }
    })
    .catch((error) => platform.logger.warn('links.change_signal_failed', { error }))
    .finally(() => {
      local.checking = undefined
    })
  platform.background(local.checking)
}

export async function loadLink(platform: Platform, slug: string): Promise<CachedLink | null> {
  const local = platform.local.of(state)
  const now = platform.clock.now().getTime()
  watchChanges(platform, local, now)
  const hot = local.parsed.get(slug)
  if (hot && hot.until > now) return hot.link
  const link = await fetchLink(platform, key(local, slug), slug)
  if (local.parsed.size >= 10_000) local.parsed.clear()
  local.parsed.set(slug, { link, until: now + parsedMs })
  return link
}

async function fetchLink(platform: Platform, cacheKey: string, slug: string): Promise<CachedLink | null> {
  const cached = await platform.cache.get(cacheKey).catch(() => null)
  if (cached) return cached === 'null' ? null : (JSON.parse(cached) as CachedLink)
  const repos = repositoriesOf(platform)
  const link = await repos.links.bySlug(slug)
  let value: CachedLink | null = null
  if (link) {
    const [shop, customer, campaign, product] = await Promise.all([
      link.shopId ? repos.shops.get(link.shopId) : null,
      repos.customers.get(link.customerId),
      link.campaignId ? repos.campaigns.get(link.campaignId) : null,
      link.productId ? repos.links.product(link.productId) : null,
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
      productId: link.productId,
      channel: link.channel,
      productFallback: link.productId ? productFallback(product) : null,
    }
  }
  const ttlSeconds = value ? linkCacheSeconds : missingSeconds
  await platform.cache.set(cacheKey, JSON.stringify(value), { ttlSeconds }).catch(() => undefined)
  return value
}

/** Called by every change to a link, so this process (and the edge's KV) serves the new version. */
export async function forgetLink(platform: Platform, slug: string) {
  const local = platform.local.of(state)
  local.parsed.delete(slug)
  // A cache that is away (Redis down) must not fail the change already stored: the change
  // signal retires the stale entry everywhere within about 2 s anyway.
  await platform.cache
    .delete(key(local, slug))
    .catch((error) => platform.logger.warn('links.cache_forget_failed', { slug, error }))
}

/**
 * Products changed (a feed run applied, a product edited): every link naming one of them is
 * served with the product's new state, in this process at once and everywhere else within the
 * change signal's ~2 s. One indexed query per batch of ids finds the links; their `updated_at`
 * moves (the signal) and this process and the shared cache forget them. Ids no link names cost
 * nothing else; calling it with every product a run touched is fine.
 *
 * ```ts
 * await productsChanged(c.var.platform, changedProductIds) // or ctx.platform in a job
 * ```
 */
export async function productsChanged(platform: Platform, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return
  const slugs = await repositoriesOf(platform).links.touchNamingProducts(productIds)
  for (let i = 0; i < slugs.length; i += 50)
    await Promise.all(slugs.slice(i, i + 50).map((slug) => forgetLink(platform, slug)))
}
