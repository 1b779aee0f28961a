/**
 * `/api/apps`: the applications that sign people in through Glam, for admins. Origins are
 * normalised and never Glam itself; every change is audited.
 */
import { requireRole } from '@glam/auth'
import { appInputSchema, appPatchSchema, patchedApp, saveApp } from '@glam/auth/apps'
import { type AppEnv, GlamError, issuesOf, jsonBody, validJson } from '@glam/core'
import type { App } from '@glam/db/repositories/apps'
import { repositoriesOf } from '@glam/db/repositories/index'
import { type Context, Hono } from 'hono'

type C = Context<AppEnv>

const view = (app: App) => ({
  id: app.id,
  name: app.name,
  origins: app.origins,
  signup: app.signup,
  signupDomains: app.signupDomains,
  roles: app.roles,
  defaultRole: app.defaultRole,
  createdAt: app.createdAt.toISOString(),
  updatedAt: app.updatedAt.toISOString(),
})

const audit = (c: C, action: string, targetId: string, details: Record<string, unknown>) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action,
    targetType: 'app',
    targetId,
    details,
    requestId: c.var.requestId,
  })

async function existing(c: C, id: string): Promise<App> {
  const app = await repositoriesOf(c.var.platform).apps.get(id)
  if (!app) throw new GlamError('NOT_FOUND', 'No application is registered under this id.')
  return app
}

export function createAppsApp() {
  return new Hono<AppEnv>()
    .use(requireRole('admin'))
    .get('/', async (c) => {
      const apps = await repositoriesOf(c.var.platform).apps.list()
      return c.json({ items: apps.map(view) })
    })
    .get('/:id', async (c) => c.json(view(await existing(c, c.req.param('id')))))
    .post('/', jsonBody(), async (c) => {
      const input = await validJson(c, appInputSchema(c.var.platform.config, c.req.url))
      if (await repositoriesOf(c.var.platform).apps.get(input.id))
        throw new GlamError(
          'CONFLICT',
          `An app ${input.id} exists already; change it with PATCH /api/apps/${input.id}.`,
        )
      const app = await saveApp(c.var.platform, input)
      await audit(c, 'app.created', app.id, { ...input })
      c.var.log.info('auth.app.created', { app: app.id })
      return c.json(view(app), 201, { Location: `/api/apps/${app.id}` })
    })
    .patch('/:id', jsonBody(), async (c) => {
      const { config } = c.var.platform
      const app = await existing(c, c.req.param('id'))
      const patch = await validJson(c, appPatchSchema(config, c.req.url))
      const result = patchedApp(config, app, patch, c.req.url)
      if (!result.success)
        throw new GlamError('VALIDATION_FAILED', undefined, { details: issuesOf(result.error) })
      const saved = await saveApp(c.var.platform, result.data)
      await audit(c, 'app.changed', app.id, { ...patch })
      c.var.log.info('auth.app.changed', { app: app.id, fields: Object.keys(patch) })
      return c.json(view(saved))
    })
}
