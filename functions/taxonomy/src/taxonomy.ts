/**
 * `/api/taxonomy`: the platform taxonomy (Google's product taxonomy, English and German names).
 * - `GET /?q=&lang=en|de&limit=`: categories whose path contains `q` (name matches first), or the
 *   top level without `q`; `q` may also be an id.
 * - `GET /:id`: a category with its ancestors (top first) and its children.
 */
import { requireCaller } from '@glam/auth'
import { type AppEnv, GlamError, validationHook } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { TaxonomyCategory } from '@glam/db/repositories/taxonomy'
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'

export const searchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  lang: z.enum(['en', 'de']).default('en'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const categoryParam = z.strictObject({
  id: z.string().regex(/^\d{1,9}$/, 'A taxonomy id is a whole number, e.g. 2683.'),
})

export const categoryView = (c: TaxonomyCategory) => ({
  id: c.id,
  parentId: c.parentId,
  depth: c.depth,
  nameEn: c.nameEn,
  pathEn: c.pathEn,
  nameDe: c.nameDe,
  pathDe: c.pathDe,
})

export function createTaxonomyApp() {
  return new Hono<AppEnv>()
    .get('/', requireCaller('catalog:read'), zValidator('query', searchQuery, validationHook), async (c) => {
      const { q, lang, limit } = c.req.valid('query')
      const { taxonomy } = repositoriesOf(c.var.platform)
      const [version, found] = await Promise.all([
        taxonomy.version(),
        q ? taxonomy.search(q, lang, limit) : taxonomy.children(null),
      ])
      return c.json({ version, items: found.slice(0, limit).map(categoryView) })
    })
    .get(
      '/:id',
      requireCaller('catalog:read'),
      zValidator('param', categoryParam, validationHook),
      async (c) => {
        const id = Number(c.req.valid('param').id)
        const { taxonomy } = repositoriesOf(c.var.platform)
        const [category, ancestors, children] = await Promise.all([
          taxonomy.get(id),
          taxonomy.ancestors(id),
          taxonomy.children(id),
        ])
        if (!category) throw new GlamError('NOT_FOUND', `No taxonomy category ${id}.`)
        return c.json({
          ...categoryView(category),
          ancestors: ancestors.map(categoryView),
          children: children.map(categoryView),
        })
      },
    )
}
