/**
 * The assets API: list (`type`, `app`, `owner`, `cursor`), one asset (with a signed URL when it is
 * private), delete (the record; the blob when nothing else references it), and the apps' rule
 * overrides (platform callers). A private asset the caller may not read answers exactly like a
 * missing one.
 */
import { assetRolesOf, mayDelete, mayRead } from '@glam/assets/access'
import { deleteAsset } from '@glam/assets/store'
import { allowedFormats, assetTypes, defaultRules, isAssetType } from '@glam/assets/types'
import { requireCaller, requirePlatformCaller } from '@glam/auth'
import { type AppEnv, cursorParam, GlamError, jsonBody, validationHook, validJson } from '@glam/core'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { ruleFor } from './rules.ts'
import { upload } from './upload.ts'
import { assetView } from './views.ts'

type C = Context<AppEnv>

const listQuery = z.object({
  type: z.string().max(32).optional(),
  app: z.string().max(64).optional(),
  owner: z.string().max(64).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
})

const ruleBody = z.strictObject({
  maxBytes: z.number().int().min(1).max(5_000_000_000).nullable().optional(),
  formats: z.array(z.string().max(16)).max(20).nullable().optional(),
  visibility: z.enum(['public', 'private']).nullable().optional(),
  uploadRoles: z
    .array(z.string().regex(/^(\*|[a-z][a-z0-9_-]{0,31})$/))
    .max(20)
    .nullable()
    .optional(),
  readRoles: z
    .array(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/))
    .max(20)
    .nullable()
    .optional(),
})

/** The record when the caller may read it; NOT_FOUND otherwise (missing or not theirs alike). */
async function readable(c: C, id: string) {
  const asset = /^[0-9a-f-]{36}$/i.test(id) ? await c.var.platform.repos.assets.get(id) : null
  if (!asset) throw new GlamError('NOT_FOUND', 'No asset with this id.')
  const rule = await ruleFor(c, asset.appId, asset.type)
  if (!mayRead(c.var.principal!, asset, rule)) throw new GlamError('NOT_FOUND', 'No asset with this id.')
  return asset
}

const platformWide = (c: C) => {
  const p = c.var.principal!
  return !p.customerId && !p.influencerId && assetRolesOf(p).some((r) => r === 'admin' || r === 'staff')
}

export function createAssetsApiApp() {
  return new Hono<AppEnv>()
    .post('/', requireCaller('assets:write'), upload)
    .get('/', requireCaller('assets:read'), zValidator('query', listQuery, validationHook), async (c) => {
      const q = c.req.valid('query')
      const cursor = cursorParam(q.cursor)
      if (q.type && !isAssetType(q.type)) throw new GlamError('UNKNOWN_ASSET_TYPE')
      const principal = c.var.principal!
      const wide = platformWide(c)
      const page = await c.var.platform.repos.assets.list({
        ...(q.type && { type: q.type }),
        ...(q.app && { appId: q.app }),
        ...(q.owner && { createdBy: q.owner }),
        ...(!wide && {
          visibleTo: {
            principalId: principal.id,
            customerId: principal.customerId ?? null,
            influencerId: principal.influencerId ?? null,
          },
        }),
        ...(cursor && { cursor }),
        ...(q.limit && { limit: q.limit }),
      })
      // The query narrows to what the caller may see; the rule (per app and type) has the last word.
      const items = []
      for (const asset of page.items)
        if (wide || mayRead(principal, asset, await ruleFor(c, asset.appId, asset.type)))
          items.push(assetView(c, asset))
      return c.json({ items, nextCursor: page.nextCursor })
    })
    .get('/types', requireCaller('assets:read'), (c) =>
      c.json({
        types: assetTypes.map((type) => ({ ...defaultRules[type], allowedFormats: allowedFormats[type] })),
      }),
    )
    .put('/rules/:app/:type', requirePlatformCaller('assets:write'), jsonBody(), async (c) => {
      const { app, type } = c.req.param()
      if (!isAssetType(type)) throw new GlamError('UNKNOWN_ASSET_TYPE')
      if (!(await c.var.platform.repos.apps.get(app))) throw new GlamError('NOT_FOUND', 'No such app.')
      const body = await validJson(c, ruleBody)
      const unknown = (body.formats ?? []).filter(
        (f) => !(allowedFormats[type] as readonly string[]).includes(f),
      )
      if (unknown.length)
        throw new GlamError('VALIDATION_FAILED', `A ${type} cannot be ${unknown.join(', ')}.`, {
          details: [
            { path: 'formats', code: 'custom', message: `allowed: ${allowedFormats[type].join(', ')}` },
          ],
        })
      await c.var.platform.repos.assets.setRule({ appId: app, type, ...body })
      await c.var.platform.repos.audit.record({
        actorType: c.var.principal!.kind,
        actorId: c.var.principal!.id,
        action: 'asset.rule_set',
        targetType: 'app',
        targetId: app,
        details: { type, ...body },
        requestId: c.var.requestId,
      })
      return c.json({ rule: await ruleFor(c, app, type) })
    })
    .get('/:id', requireCaller('assets:read'), async (c) =>
      c.json(assetView(c, await readable(c, c.req.param('id')))),
    )
    .delete('/:id', requireCaller('assets:write'), async (c) => {
      const asset = await readable(c, c.req.param('id'))
      if (!mayDelete(c.var.principal!, asset))
        throw new GlamError('FORBIDDEN', 'Only its uploader or platform staff may delete this asset.')
      const deleted = await deleteAsset(c.var.platform, asset.id)
      if (!deleted) throw new GlamError('NOT_FOUND', 'No asset with this id.')
      await c.var.platform.repos.audit.record({
        actorType: c.var.principal!.kind,
        actorId: c.var.principal!.id,
        action: 'asset.deleted',
        targetType: 'asset',
        targetId: asset.id,
        details: { type: asset.type, sha256: asset.sha256 },
        requestId: c.var.requestId,
      })
      return c.body(null, 204)
    })
}
