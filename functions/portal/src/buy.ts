/**
 * "Buy at the shop": each product has one tracked shortlink with the portal as its channel,
 * made on the first click (`pp-<product id>`, see @glam/commerce/product-link). The button goes
 * to the product's buy path, which answers with a redirect to that shortlink; the redirect
 * records the click (channel `portal`) and hands the shop its click id. A shop without a
 * customer has no tracked links: the button goes to the product's own page at the shop.
 */
import { trackedProductLink } from '@glam/commerce/product-link'
import type { Platform } from '@glam/core'
import type { SearchSourceRow } from '@glam/db/repositories/products'

export const portalSlug = (productId: string) => `pp-${productId}`

/** Where the buy button sends a shopper: the portal's shortlink, or the shop's page untracked. */
export const buyLocation = (platform: Platform, product: SearchSourceRow): Promise<string | null> =>
  trackedProductLink(platform, product, { slug: portalSlug(product.id), channel: 'portal' })
