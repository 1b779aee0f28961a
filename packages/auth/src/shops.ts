/**
 * What a caller may see of a shop and of what belongs to it (feeds, runs, category mappings): a
 * customer-limited caller its own shops only, and another shop answers exactly like a missing
 * one. One rule for REST and GraphQL: both hand in what carries the platform and the principal
 * (`c.var`, the GraphQL context).
 *
 * ```ts
 * const shop = await visibleShop(c.var, c.req.query('shop')!) // NOT_FOUND when not theirs
 * ```
 */
import { GlamError, type Platform, type Principal } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Shop } from '@glam/db/repositories/shops'
import { canSee, isPlatformWide } from './principal.ts'

export interface ShopCaller {
  platform: Platform
  principal?: Principal | null
}

/** The shop, when the caller may see it; else NOT_FOUND, as for a shop that does not exist. */
export async function visibleShop(caller: ShopCaller, shopId: string): Promise<Shop> {
  const { principal } = caller
  const shop = await repositoriesOf(caller.platform).shops.get(shopId)
  if (!shop || !principal || !canSee(principal, { customerId: shop.customerId }))
    throw new GlamError('NOT_FOUND', 'No such shop.')
  return shop
}

/** A record of a shop (a feed, a run), when the caller may see its shop; else NOT_FOUND with `missing`. */
export async function visibleOfShop<R extends { shopId: string }>(
  caller: ShopCaller,
  record: R | null,
  missing: string,
): Promise<R> {
  if (!record) throw new GlamError('NOT_FOUND', missing)
  await visibleShop(caller, record.shopId).catch(() => {
    throw new GlamError('NOT_FOUND', missing)
  })
  return record
}

/**
 * The shop a list is filtered by: checked when given; required of customer-limited callers
 * (their lists are per shop), optional for platform-wide ones.
 */
export async function listedShop(
  caller: ShopCaller,
  shop: string | undefined,
  what: string,
): Promise<string | undefined> {
  if (shop) await visibleShop(caller, shop)
  else if (!caller.principal || !isPlatformWide(caller.principal))
    throw new GlamError('VALIDATION_FAILED', `Name the shop: ${what} are listed per shop.`)
  return shop
}
