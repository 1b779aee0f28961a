/**
 * What a portal member does with wishlists and alerts, one rule set for every door: the REST API
 * (`/api/wishlists`, `/api/alerts`), GraphQL (`myWishlists`, `createAlert`, …) and the portal's
 * forms. Each operation takes the platform and the member (a user holding a `member` or
 * `editor` grant of the `portal` app, see `memberFor`); another member's list or alert answers as
 * one that does not exist (WISHLIST_NOT_FOUND, ALERT_NOT_FOUND).
 */
import { GlamError, type Platform, uuidPattern } from '@glam/core'
import type { Alert, AlertKind, Wishlist, WishlistItem } from '@glam/db/repositories/alerts'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { SearchSourceRow } from '@glam/db/repositories/products'
import type { User } from '@glam/db/repositories/users'
import { z } from 'zod'
import { initialState } from './evaluate.ts'
import { absolute, wishlistShareToken } from './tokens.ts'

export const portalApp = 'portal'
const memberRoles = new Set(['member', 'editor'])
/** At most this many named lists per member. */
export const maxWishlists = 20

/** The user as a portal member: active and holding a member or editor grant; else null. */
export async function memberFor(platform: Platform, userId: string): Promise<User | null> {
  const repos = repositoriesOf(platform)
  const user = await repos.users.get(userId)
  if (user?.status !== 'active') return null
  const grants = await repos.users.grants(user.id, portalApp)
  return grants.some((g) => memberRoles.has(g.role)) ? user : null
}

const productView = (product: SearchSourceRow) => ({
  title: product.title,
  brand: product.brand,
  priceMinor: product.priceMinor,
  salePriceMinor: product.salePriceMinor,
  currency: product.currency,
  availability: product.availability,
  imageUrl: product.imageUrl,
  onOffer: product.status === 'active' && product.shopStatus === 'active',
})
export type ProductView = ReturnType<typeof productView>

export const alertView = (a: Alert, product?: SearchSourceRow | null) => ({
  id: a.id,
  productId: a.productId,
  product: product ? productView(product) : null,
  kind: a.kind,
  targetPriceMinor: a.targetPriceMinor,
  frequency: a.frequency,
  status: a.status,
  wishlistId: a.wishlistId,
  lastAlertedAt: a.lastAlertedAt,
  lastAlertedPriceMinor: a.lastAlertedPriceMinor,
  createdAt: a.createdAt,
})
export type AlertView = ReturnType<typeof alertView>

export const itemView = (item: WishlistItem, product: SearchSourceRow | undefined) => ({
  productId: item.productId,
  addedAt: item.addedAt,
  product: product ? productView(product) : null,
})

async function productsById(platform: Platform, ids: string[]) {
  const rows = await repositoriesOf(platform).products.searchRowsByIds([...new Set(ids)])
  return new Map(rows.map((p) => [p.id, p]))
}

export async function wishlistView(platform: Platform, list: Wishlist & { items: WishlistItem[] }) {
  const products = await productsById(
    platform,
    list.items.map((i) => i.productId),
  )
  return {
    id: list.id,
    name: list.name,
    shareUrl: absolute(platform.config, `/w/${await wishlistShareToken(platform.config, list.id)}`),
    items: list.items.map((i) => itemView(i, products.get(i.productId))),
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
  }
}
export type WishlistView = Awaited<ReturnType<typeof wishlistView>>

/** A product shoppers can buy now (active, of an active shop), else ALERT_PRODUCT_UNKNOWN. */
export async function productOnOffer(platform: Platform, id: string) {
  const product = uuidPattern.test(id) ? await repositoriesOf(platform).products.searchRowById(id) : null
  if (product?.status !== 'active' || product.shopStatus !== 'active')
    throw new GlamError('ALERT_PRODUCT_UNKNOWN')
  return product
}

/** The member's own list, else WISHLIST_NOT_FOUND (another member's answers the same). */
export async function ownWishlist(platform: Platform, member: User, id: string) {
  const list = uuidPattern.test(id) ? await repositoriesOf(platform).alerts.wishlist(id) : null
  if (list?.userId !== member.id) throw new GlamError('WISHLIST_NOT_FOUND')
  return list
}

export async function wishlistsOf(platform: Platform, member: User) {
  const lists = await repositoriesOf(platform).alerts.wishlistsOf(member.id)
  return Promise.all(lists.map((l) => wishlistView(platform, l)))
}

/** A new named list; WISHLIST_LIMIT past `maxWishlists`. */
export async function createWishlist(platform: Platform, member: User, name: string) {
  const repos = repositoriesOf(platform)
  if ((await repos.alerts.countWishlists(member.id)) >= maxWishlists) throw new GlamError('WISHLIST_LIMIT')
  const list = await repos.alerts.createWishlist(member.id, name)
  return wishlistView(platform, { ...list, items: [] })
}

export async function deleteWishlist(platform: Platform, member: User, id: string) {
  const list = await ownWishlist(platform, member, id)
  await repositoriesOf(platform).alerts.deleteWishlist(list.id)
}

/** Puts a product on the member's list (again: no change); any known product, on offer or not. */
export async function addToWishlist(platform: Platform, member: User, id: string, productId: string) {
  const list = await ownWishlist(platform, member, id)
  const repos = repositoriesOf(platform)
  const product = uuidPattern.test(productId) ? await repos.products.searchRowById(productId) : null
  if (!product) throw new GlamError('ALERT_PRODUCT_UNKNOWN')
  const added = await repos.alerts.addItem(list.id, product.id)
  return { list: await wishlistView(platform, (await repos.alerts.wishlist(list.id))!), added }
}

/** Takes a product off the member's list; NOT_FOUND when it is not on it. */
export async function removeFromWishlist(platform: Platform, member: User, id: string, productId: string) {
  const list = await ownWishlist(platform, member, id)
  const repos = repositoriesOf(platform)
  if (!uuidPattern.test(productId) || !(await repos.alerts.removeItem(list.id, productId)))
    throw new GlamError('NOT_FOUND', 'This product is not on the list.')
  return wishlistView(platform, (await repos.alerts.wishlist(list.id))!)
}

/** The member's first list, made ("Wunschliste"/"Wishlist") when they have none yet. */
export async function defaultWishlist(platform: Platform, member: User, locale: 'de' | 'en') {
  const [first] = await repositoriesOf(platform).alerts.wishlistsOf(member.id)
  if (first) return first.id
  return (await createWishlist(platform, member, locale === 'de' ? 'Wunschliste' : 'Wishlist')).id
}

/** A wishlist's name, as every door takes it. */
export const wishlistName = z.string().trim().min(1).max(100)

/** A member's alert as every door takes it (REST adds `email`; each door words its refusals). */
export const memberAlertFields = z.strictObject({
  productId: z.uuid('A product id.'),
  kind: z.enum(['price_drop', 'target_price', 'back_in_stock']),
  targetPriceMinor: z.number().int().min(1).max(100_000_000).optional(),
  locale: z.enum(['de', 'en']).optional(),
  wishlistId: z.uuid().optional(),
  /** `daily`: in the morning's digest rather than within a minute. */
  frequency: z.enum(['instant', 'daily']).optional(),
})
export type MemberAlertInput = z.output<typeof memberAlertFields>

/** A target_price alert names its target. */
export const hasTarget = (v: { kind: AlertKind; targetPriceMinor?: number | undefined }) =>
  v.kind !== 'target_price' || v.targetPriceMinor !== undefined

/**
 * A member's alert, active at once (their login proved the address): a new one (`created`), or
 * the one they (or their address before they logged in) had, made theirs, active, with this
 * target. A wishlist named must be theirs.
 */
export async function createMemberAlert(platform: Platform, member: User, input: MemberAlertInput) {
  const product = await productOnOffer(platform, input.productId)
  const repos = repositoriesOf(platform)
  if (input.wishlistId) await ownWishlist(platform, member, input.wishlistId)
  const start = initialState(input.kind, product, input.targetPriceMinor ?? null)
  const { alert, created } = await repos.alerts.create({
    productId: product.id,
    kind: input.kind,
    email: member.email,
    locale: input.locale ?? 'de',
    status: 'active',
    frequency: input.frequency ?? 'instant',
    userId: member.id,
    targetPriceMinor: input.targetPriceMinor ?? null,
    wishlistId: input.wishlistId ?? null,
    ...start,
  })
  if (!created) {
    await repos.alerts.update(alert.id, {
      status: 'active',
      userId: member.id,
      confirmNonce: null,
      targetPriceMinor: input.targetPriceMinor ?? alert.targetPriceMinor,
      ...(input.wishlistId && { wishlistId: input.wishlistId }),
      ...(input.frequency && { frequency: input.frequency }),
      ...(alert.status !== 'active' && start),
    })
  }
  const saved = (await repos.alerts.get(alert.id))!
  platform.logger.info('alerts.member', { kind: saved.kind, created })
  return { alert: alertView(saved, product), created }
}

/** The member's alerts (not the unsubscribed ones), newest first, with their products. */
export async function alertsOf(platform: Platform, member: User) {
  const alerts = (await repositoriesOf(platform).alerts.byUser(member.id)).filter(
    (a) => a.status !== 'unsubscribed',
  )
  const products = await productsById(
    platform,
    alerts.map((a) => a.productId),
  )
  return alerts.map((a) => alertView(a, products.get(a.productId)))
}

export async function deleteAlert(platform: Platform, member: User, id: string) {
  const repos = repositoriesOf(platform)
  const alert = uuidPattern.test(id) ? await repos.alerts.get(id) : null
  if (alert?.userId !== member.id) throw new GlamError('ALERT_NOT_FOUND')
  await repos.alerts.remove(alert.id)
}
