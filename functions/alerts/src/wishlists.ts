/**
 * `/api/wishlists`: a member's named lists of products (at most 20), each with a read-only share
 * link (`/w/<token>`). Another member's list answers 404, as one that does not exist.
 */
import { type AppEnv, jsonBody, validationHook } from '@glam/core'
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { requireMember } from './member.ts'
import {
  addToWishlist,
  createWishlist,
  deleteWishlist,
  ownWishlist,
  removeFromWishlist,
  wishlistName,
  wishlistsOf,
  wishlistView,
} from './service.ts'

export const wishlistInput = z.strictObject({ name: wishlistName })

export function createWishlistsApp() {
  return new Hono<AppEnv>()
    .use(requireMember)
    .get('/', async (c) => c.json({ items: await wishlistsOf(c.var.platform, c.var.member) }))
    .post('/', jsonBody(4 * 1024), zValidator('json', wishlistInput, validationHook), async (c) =>
      c.json(await createWishlist(c.var.platform, c.var.member, c.req.valid('json').name), 201),
    )
    .get('/:id', async (c) => {
      const list = await ownWishlist(c.var.platform, c.var.member, c.req.param('id'))
      return c.json(await wishlistView(c.var.platform, list))
    })
    .delete('/:id', async (c) => {
      await deleteWishlist(c.var.platform, c.var.member, c.req.param('id'))
      return c.body(null, 204)
    })
    .post('/:id/items/:productId', async (c) => {
      const { id, productId } = c.req.param()
      const { list, added } = await addToWishlist(c.var.platform, c.var.member, id, productId)
      return c.json(list, added ? 201 : 200)
    })
    .delete('/:id/items/:productId', async (c) => {
      const { id, productId } = c.req.param()
      await removeFromWishlist(c.var.platform, c.var.member, id, productId)
      return c.body(null, 204)
    })
}
