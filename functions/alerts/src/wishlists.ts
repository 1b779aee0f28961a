/**
 * `/api/wishlists`: a member's named lists of products (at most 20), each with a read-only share
 * link (`/w/<token>`). Another member's list answers 404, as one that does not exist.
 */
import { type AppEnv, GlamError, jsonBody, type Platform, validationHook } from '@glam/core'
import type { Wishlist, WishlistItem } from '@glam/db/repositories/alerts'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { SearchSourceRow } from '@glam/db/repositories/products'
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { requireMember } from './member.ts'
import { absolute, wishlistShareToken } from './tokens.ts'

const maxLists = 20
export const wishlistInput = z.strictObject({ name: z.string().trim().min(1).max(100) })
const uuid = z.uuid()

export const itemView = (item: WishlistItem, product: SearchSourceRow | undefined) => ({
  productId: item.productId,
  addedAt: item.addedAt,
  product: product
    ? {
        title: product.title,
        brand: product.brand,
        priceMinor: product.priceMinor,
        salePriceMinor: product.salePriceMinor,
        currency: product.currency,
        availability: product.availability,
        imageUrl: product.imageUrl,
        onOffer: product.status === 'active' && product.shopStatus === 'active',
      }
    : null,
})

export async function wishlistView(platform: Platform, list: Wishlist & { items: WishlistItem[] }) {
  const products = new Map(
    (await repositoriesOf(platform).products.searchRowsByIds(list.items.map((i) => i.productId))).map((p) => [
      p.id,
      p,
    ]),
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

async function ownList(c: Context<AppEnv>) {
  const id = uuid.safeParse(c.req.param('id'))
  const list = id.success ? await repositoriesOf(c.var.platform).alerts.wishlist(id.data) : null
  if (list?.userId !== c.var.member.id) throw new GlamError('WISHLIST_NOT_FOUND')
  return list
}

async function productOf(c: Context<AppEnv>) {
  const id = uuid.safeParse(c.req.param('productId'))
  const product = id.success ? await repositoriesOf(c.var.platform).products.searchRowById(id.data) : null
  if (!product) throw new GlamError('ALERT_PRODUCT_UNKNOWN')
  return product
}

export function createWishlistsApp() {
  return new Hono<AppEnv>()
    .use(requireMember)
    .get('/', async (c) => {
      const lists = await repositoriesOf(c.var.platform).alerts.wishlistsOf(c.var.member.id)
      return c.json({ items: await Promise.all(lists.map((l) => wishlistView(c.var.platform, l))) })
    })
    .post('/', jsonBody(4 * 1024), zValidator('json', wishlistInput, validationHook), async (c) => {
      const repos = repositoriesOf(c.var.platform)
      if ((await repos.alerts.countWishlists(c.var.member.id)) >= maxLists)
        throw new GlamError('WISHLIST_LIMIT')
      const list = await repos.alerts.createWishlist(c.var.member.id, c.req.valid('json').name)
      return c.json(await wishlistView(c.var.platform, { ...list, items: [] }), 201)
    })
    .get('/:id', async (c) => c.json(await wishlistView(c.var.platform, await ownList(c))))
    .delete('/:id', async (c) => {
      const list = await ownList(c)
      await repositoriesOf(c.var.platform).alerts.deleteWishlist(list.id)
      return c.body(null, 204)
    })
    .post('/:id/items/:productId', async (c) => {
      const list = await ownList(c)
      const product = await productOf(c)
      const added = await repositoriesOf(c.var.platform).alerts.addItem(list.id, product.id)
      const fresh = (await repositoriesOf(c.var.platform).alerts.wishlist(list.id))!
      return c.json(await wishlistView(c.var.platform, fresh), added ? 201 : 200)
    })
    .delete('/:id/items/:productId', async (c) => {
      const list = await ownList(c)
      const id = uuid.safeParse(c.req.param('productId'))
      if (!id.success || !(await repositoriesOf(c.var.platform).alerts.removeItem(list.id, id.data)))
        throw new GlamError('NOT_FOUND', 'This product is not on the list.')
      return c.body(null, 204)
    })
}
