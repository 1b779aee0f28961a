/**
 * `/api/users`: people and their grants, for admins (staff may read). Every grant and revoke
 * is audited with who did it and the request id. People and grants are platform-wide records: a
 * customer-limited API key holding `users:read` reads none of them (403 whether or not the id
 * exists). The list pages newest first with `limit` and `cursor`.
 */
import { requirePlatformCaller, requireRole } from '@glam/auth'
import { type AppEnv, cursorParam, GlamError, jsonBody, validationHook, validJson } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Role } from '@glam/db/repositories/users'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import './errors.ts' // registers this function's error codes

type C = Context<AppEnv>

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
export const grantSchema = z
  .object({
    app: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    role: z.enum(['admin', 'staff', 'client', 'influencer', 'viewer', 'editor']),
    scope: z.object({ type: z.enum(['customer', 'influencer']), id: uuid }).optional(),
  })
  .strict()
  .superRefine((g, ctx) => {
    const need = g.role === 'client' ? 'customer' : g.role === 'influencer' ? 'influencer' : null
    if (need && g.scope?.type !== need)
      ctx.addIssue({ code: 'custom', path: ['scope'], message: `the ${g.role} role needs a ${need} scope` })
    if ((g.role === 'admin' || g.role === 'staff') && g.scope)
      ctx.addIssue({ code: 'custom', path: ['scope'], message: `the ${g.role} role is platform-wide` })
  })
export const createUserSchema = z
  .object({ email: z.email().max(320), name: z.string().trim().min(1).max(200).optional() })
  .strict()
const listQuery = z.object({
  email: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(64).optional(),
})

const view = async (c: C, userId: string) => {
  const { users } = repositoriesOf(c.var.platform)
  const user = await users.get(userId)
  if (!user) throw new GlamError('NOT_FOUND', 'No user with this id.')
  const grants = await users.grants(user.id)
  return {
    ...user,
    grants: grants.map((g) => ({
      app: g.app,
      role: g.role,
      ...(g.scopeType && { scope: { type: g.scopeType, id: g.scopeId } }),
    })),
  }
}

const audit = (c: C, action: string, targetId: string, details: Record<string, unknown>) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action,
    targetType: 'user',
    targetId,
    details,
    requestId: c.var.requestId,
  })

async function checkGrant(c: C, grant: z.output<typeof grantSchema>) {
  const repos = repositoriesOf(c.var.platform)
  const app = await repos.apps.get(grant.app)
  if (!app) throw new GlamError('UNKNOWN_APP', `No application is registered as ${grant.app}.`)
  if (!app.roles.includes(grant.role))
    throw new GlamError('VALIDATION_FAILED', `The app ${app.id} has no role ${grant.role}.`, {
      details: [{ path: 'role', code: 'invalid_value', message: `one of ${app.roles.join(', ')}` }],
    })
  if (grant.scope?.type === 'customer' && !(await repos.customers.get(grant.scope.id)))
    throw new GlamError('NOT_FOUND', 'No customer with this id.')
  if (grant.scope?.type === 'influencer' && !(await repos.influencers.get(grant.scope.id)))
    throw new GlamError('NOT_FOUND', 'No influencer with this id.')
}

export function createUsersApp() {
  return new Hono<AppEnv>()
    .get(
      '/',
      requirePlatformCaller('users:read'),
      zValidator('query', listQuery, validationHook),
      async (c) => {
        const { email, limit, cursor } = c.req.valid('query')
        const checkedCursor = cursorParam(cursor)
        const page = await repositoriesOf(c.var.platform).users.page({
          limit,
          ...(email && { email }),
          ...(checkedCursor && { cursor: checkedCursor }),
        })
        return c.json({
          items: await Promise.all(page.items.map((u) => view(c, u.id))),
          nextCursor: page.nextCursor,
        })
      },
    )
    .get('/:id', requirePlatformCaller('users:read'), async (c) => c.json(await view(c, c.req.param('id'))))
    .post('/', requireRole('admin'), jsonBody(), async (c) => {
      const input = await validJson(c, createUserSchema)
      const user = await repositoriesOf(c.var.platform).users.ensure({
        email: input.email,
        name: input.name ?? null,
      })
      await audit(c, 'user.ensured', user.id, {})
      return c.json(await view(c, user.id), 201)
    })
    .post('/:id/grants', requireRole('admin'), jsonBody(), async (c) => {
      const grant = await validJson(c, grantSchema)
      const userId = c.req.param('id')
      await view(c, userId)
      await checkGrant(c, grant)
      await repositoriesOf(c.var.platform).users.grant({
        userId,
        app: grant.app,
        role: grant.role as Role,
        scope: grant.scope ?? null,
        createdBy: c.var.principal!.kind === 'user' ? c.var.principal!.id : null,
      })
      await audit(c, 'grant.added', userId, grant)
      return c.json(await view(c, userId), 201)
    })
    .delete('/:id/grants', requireRole('admin'), jsonBody(), async (c) => {
      const grant = await validJson(c, grantSchema)
      const userId = c.req.param('id')
      const removed = await repositoriesOf(c.var.platform).users.revoke({
        userId,
        app: grant.app,
        role: grant.role as Role,
        scope: grant.scope ?? null,
      })
      if (!removed) throw new GlamError('NOT_FOUND', 'The user holds no such grant.')
      await audit(c, 'grant.revoked', userId, grant)
      return c.json(await view(c, userId))
    })
}
