/**
 * What a caller may see of the catalogue: a customer-limited caller its own shops only, and
 * everything of another shop (the shop, its feeds and runs) answers exactly like a missing one.
 */
import { canSee } from '@glam/auth'
import { type AppEnv, GlamError } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Context } from 'hono'

/** The shop, when the caller may see it; else NOT_FOUND, as for a shop that does not exist. */
export async function visibleShop(c: Context<AppEnv>, shopId: string) {
  const shop = await repositoriesOf(c.var.platform).shops.get(shopId)
  if (!shop || !canSee(c.var.principal!, { customerId: shop.customerId }))
    throw new GlamError('NOT_FOUND', 'No such shop.')
  return shop
}

/** A record of a shop (a feed, a run), when the caller may see its shop; else `missing`. */
export async function visibleOfShop<R extends { shopId: string }>(
  c: Context<AppEnv>,
  record: R | null,
  missing: string,
): Promise<R> {
  if (!record) throw new GlamError('NOT_FOUND', missing)
  await visibleShop(c, record.shopId).catch(() => {
    throw new GlamError('NOT_FOUND', missing)
  })
  return record
}

/**
 * The `shop=` a list is filtered by: checked when given; required of customer-limited callers
 * (their lists are per shop), optional for platform-wide ones.
 */
export async function listedShop(c: Context<AppEnv>, shop: string | undefined, what: string) {
  const principal = c.var.principal!
  if (shop) await visibleShop(c, shop)
  else if (principal.customerId || principal.influencerId)
    throw new GlamError('VALIDATION_FAILED', `Name the shop (\`shop=\`): ${what} are listed per shop.`)
  return shop
}
