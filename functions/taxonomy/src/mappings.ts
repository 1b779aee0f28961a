/**
 * `/api/category-mappings`: a shop's own category names (its feeds' `product_type` or
 * `google_product_category` texts) mapped onto the taxonomy. Changing a mapping places the shop's
 * products with that text again at once; the next feed run places new ones the same way.
 * - `GET /?shop=`: the shop's mappings; `GET /unmapped?shop=&limit=`: the texts of its active
 *   products that have no place, most products first.
 * - `PUT /` `{ shopId, category, taxonomyId }` and `DELETE /` `{ shopId, category }` (staff):
 *   answer how many products changed place (`remapped`).
 */
import { requireCaller, visibleShop } from '@glam/auth'
import { remapCategory } from '@glam/catalog/taxonomy'
import { type AppEnv, GlamError, jsonBody, validationHook, validJson } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { normaliseCategory } from '@glam/db/repositories/taxonomy'
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'

const shopId = z.string().min(1).max(36)
const category = z.string().trim().min(1).max(500)

export const mappingsQuery = z.strictObject({ shop: shopId })
export const unmappedQuery = z.strictObject({
  shop: shopId,
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export const mappingInput = z.strictObject({
  shopId,
  category,
  taxonomyId: z.number().int().positive().max(999_999_999),
})
export const mappingKey = z.strictObject({ shopId, category })

export function createCategoryMappingsApp() {
  return new Hono<AppEnv>()
    .get(
      '/',
      requireCaller('catalog:read'),
      zValidator('query', mappingsQuery, validationHook),
      async (c) => {
        const shop = await visibleShop(c.var, c.req.valid('query').shop)
        const mappings = await repositoriesOf(c.var.platform).taxonomy.mappings(shop.id)
        return c.json({ items: mappings.map((m) => ({ ...m, updatedAt: m.updatedAt.toISOString() })) })
      },
    )
    .get(
      '/unmapped',
      requireCaller('catalog:read'),
      zValidator('query', unmappedQuery, validationHook),
      async (c) => {
        const { shop, limit } = c.req.valid('query')
        await visibleShop(c.var, shop)
        return c.json({ items: await repositoriesOf(c.var.platform).taxonomy.unmapped(shop, limit) })
      },
    )
    .put('/', requireCaller('catalog:write'), jsonBody(), async (c) => {
      const input = await validJson(c, mappingInput)
      await visibleShop(c.var, input.shopId)
      const repos = repositoriesOf(c.var.platform)
      const target = await repos.taxonomy.get(input.taxonomyId)
      if (!target) throw new GlamError('NOT_FOUND', `No taxonomy category ${input.taxonomyId}.`)
      await repos.taxonomy.setMapping(input.shopId, input.category, input.taxonomyId)
      const remapped = await remapCategory(repos, input.shopId, input.category)
      c.var.log.info('taxonomy.mapping_set', { shopId: input.shopId, taxonomyId: target.id, remapped })
      return c.json({
        shopId: input.shopId,
        category: normaliseCategory(input.category),
        taxonomyId: target.id,
        pathEn: target.pathEn,
        pathDe: target.pathDe,
        remapped,
      })
    })
    .delete('/', requireCaller('catalog:write'), jsonBody(), async (c) => {
      const input = await validJson(c, mappingKey)
      await visibleShop(c.var, input.shopId)
      const repos = repositoriesOf(c.var.platform)
      if (!(await repos.taxonomy.deleteMapping(input.shopId, input.category)))
        throw new GlamError('NOT_FOUND', 'This shop has no mapping for this category.')
      const remapped = await remapCategory(repos, input.shopId, input.category)
      c.var.log.info('taxonomy.mapping_deleted', { shopId: input.shopId, remapped })
      return c.json({ shopId: input.shopId, category: input.category, remapped })
    })
}
