/**
 * "Buy at the shop": each product has one tracked shortlink with the portal as its channel,
 * made on the first click (`pp-<product id>`, the product's shop and that shop's customer, the
 * product named so the link follows its stock). The button goes to the product's buy path,
 * which answers with a redirect to that shortlink; the redirect records the click (channel
 * `portal`) and hands the shop its click id. A shop without a customer has no tracked links:
 * the button goes to the product's own page at the shop.
 */
import { forgetLink } from '@glam/commerce/link-cache'
import type { Platform } from '@glam/core'
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { SearchSourceRow } from '@glam/db/repositories/products'
import { webAddress } from './catalogue.ts'

export const portalSlug = (productId: string) => `pp-${productId}`

/** Where the buy button sends a shopper: the portal's shortlink, or the shop's page untracked. */
export async function buyLocation(platform: Platform, product: SearchSourceRow): Promise<string | null> {
  const repos = repositoriesOf(platform)
  const slug = portalSlug(product.id)
  const destination = webAddress(product.url)
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
    platform.logger.info('portal.buy_untracked', { productId: product.id, shopId: product.shopId })
    return destination
  }
  try {
    await repos.links.create({
      slug,
      destination,
      customerId: shop.customerId,
      shopId: shop.id,
      productId: product.id,
      channel: 'portal',
    })
    platform.logger.info('portal.link_created', { productId: product.id, slug })
  } catch (error) {
    // Two first clicks at once: the other made it.
    if (!isUniqueViolation(error)) throw error
  }
  return `/${slug}`
}
