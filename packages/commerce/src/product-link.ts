/**
 * One tracked shortlink per product and channel, made on first use: the product's shop and that
 * shop's customer, the product named so the link follows its stock, the channel copied onto
 * every click (`portal` for the portal's buy button, `alert` for price and stock alerts). A link
 * whose product page moved follows it. A shop without a customer has no tracked links: the
 * answer is the product's own page, untracked.
 *
 * ```ts
 * const path = await trackedProductLink(platform, product, { slug: `al-${product.id}`, channel: 'alert' })
 * // '/al-0190…' (tracked), or 'https://shop.example/p/…' (untracked), or null (no web address)
 * ```
 */
import { type LinkChannel, normalizeWebUrl, type Platform } from '@glam/core'
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import { forgetLink } from './link-cache.ts'

export async function trackedProductLink(
  platform: Platform,
  product: { id: string; shopId: string; url: string | null },
  options: { slug: string; channel: LinkChannel },
): Promise<string | null> {
  const repos = repositoriesOf(platform)
  const { slug, channel } = options
  const destination = product.url ? normalizeWebUrl(product.url) : null
  if (!destination) return null
  const existing = await repos.links.bySlug(slug)
  if (existing) {
    // The feed moved the product's page: the link follows.
    if (existing.destination !== destination) {
      await repos.links.update(existing.id, { destination })
      await forgetLink(platform, slug)
    }
    return `/${slug}`
  }
  const shop = await repos.shops.get(product.shopId)
  if (!shop?.customerId) {
    platform.logger.info('product_link.untracked', { productId: product.id, shopId: product.shopId, channel })
    return destination
  }
  try {
    await repos.links.create({
      slug,
      destination,
      customerId: shop.customerId,
      shopId: shop.id,
      productId: product.id,
      channel,
    })
    platform.logger.info('product_link.created', { productId: product.id, slug, channel })
  } catch (error) {
    // Two first uses at once: the other made it.
    if (!isUniqueViolation(error)) throw error
  }
  return `/${slug}`
}
