/**
 * `/api/search/synonyms`: the synonym groups staff manage per locale (platform-wide callers with
 * `search:read` / `search:write`; every change audited as `search_synonyms.*`). A group is 2–20
 * phrases that mean the same (`["lippenstift", "lipstick", "lip stick"]`); phrases are kept as
 * written and folded when searched, so two that fold alike are one.
 */
import { requirePlatformCaller } from '@glam/auth'
import { type AppEnv, GlamError, jsonBody, validationHook } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { SearchSynonymGroup } from '@glam/db/repositories/search-synonyms'
import { fold } from '@glam/search/analysis'
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { forgetSynonyms } from './synonym-cache.ts'

const maxGroups = 5000

const terms = z
  .array(z.string().trim().min(1).max(100), 'A list of phrases.')
  .min(2, 'A group needs two or more phrases.')
  .max(20, 'At most 20 phrases in a group.')
  .transform((list) => {
    const seen = new Set<string>()
    return list.filter((t) => {
      const key = fold(t)
      if (!key || seen.has(key)) return false
      seen.add(key)
      return true
    })
  })
  .refine(
    (list) => list.length >= 2,
    'A group needs two or more phrases that differ (after folding case and accents).',
  )

const createBody = z.strictObject({ locale: z.enum(['de', 'en']), terms })
const updateBody = z.strictObject({ terms })
const listQuery = z.strictObject({ locale: z.enum(['de', 'en']).optional() })
const idParam = z.strictObject({ id: z.uuid('A synonym group id.') })

const view = (g: SearchSynonymGroup) => ({
  id: g.id,
  locale: g.locale,
  terms: g.terms,
  updatedBy: g.updatedBy,
  createdAt: g.createdAt,
  updatedAt: g.updatedAt,
})

const audit = (c: Context<AppEnv>, action: string, g: SearchSynonymGroup, details: Record<string, unknown>) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action,
    targetType: 'search_synonyms',
    targetId: g.id,
    details,
    requestId: c.var.requestId,
  })

export function createSynonymsApp() {
  return new Hono<AppEnv>()
    .get(
      '/',
      requirePlatformCaller('search:read'),
      zValidator('query', listQuery, validationHook),
      async (c) => {
        const { locale } = c.req.valid('query')
        const items = await repositoriesOf(c.var.platform).searchSynonyms.list(locale)
        return c.json({ items: items.map(view) })
      },
    )
    .post(
      '/',
      requirePlatformCaller('search:write'),
      jsonBody(),
      zValidator('json', createBody, validationHook),
      async (c) => {
        const body = c.req.valid('json')
        const repo = repositoriesOf(c.var.platform).searchSynonyms
        if ((await repo.list(body.locale)).length >= maxGroups)
          throw new GlamError(
            'CONFLICT',
            `A locale holds at most ${maxGroups} synonym groups; remove some first.`,
          )
        const group = await repo.create(body, c.var.principal!.id)
        await audit(c, 'search_synonyms.created', group, { locale: group.locale, terms: group.terms })
        forgetSynonyms(c.var.platform)
        return c.json(view(group), 201)
      },
    )
    .put(
      '/:id',
      requirePlatformCaller('search:write'),
      zValidator('param', idParam, validationHook),
      jsonBody(),
      zValidator('json', updateBody, validationHook),
      async (c) => {
        const { id } = c.req.valid('param')
        const repo = repositoriesOf(c.var.platform).searchSynonyms
        const before = await repo.get(id)
        if (!before) throw new GlamError('NOT_FOUND', 'No synonym group has this id.')
        const after = (await repo.update(id, c.req.valid('json').terms, c.var.principal!.id))!
        await audit(c, 'search_synonyms.updated', after, { before: before.terms, after: after.terms })
        forgetSynonyms(c.var.platform)
        return c.json(view(after))
      },
    )
    .delete(
      '/:id',
      requirePlatformCaller('search:write'),
      zValidator('param', idParam, validationHook),
      async (c) => {
        const { id } = c.req.valid('param')
        const repo = repositoriesOf(c.var.platform).searchSynonyms
        const group = await repo.get(id)
        if (!group || !(await repo.remove(id)))
          throw new GlamError('NOT_FOUND', 'No synonym group has this id.')
        await audit(c, 'search_synonyms.deleted', group, { locale: group.locale, terms: group.terms })
        forgetSynonyms(c.var.platform)
        return c.json(view(group))
      },
    )
}
