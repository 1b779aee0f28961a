/** Users and their grants (admins, and each user for themselves); granting and revoking roles. */
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Role } from '@glam/db/repositories/users'
import { z } from 'zod'
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'
import { audit, mutationErrors, NotFoundError, str, ValidationError, validate } from './common.ts'
import { GrantRef, UserRef } from './refs.ts'

GrantRef.implement({
  fields: (t) => ({
    app: t.exposeString('app'),
    role: t.exposeString('role'),
    scopeType: t.string({ nullable: true, resolve: (g) => g.scopeType || null }),
    scopeId: t.string({ nullable: true, resolve: (g) => g.scopeId || null }),
  }),
})

UserRef.implement({
  authScopes: (u, ctx) =>
    ctx.principal?.kind === 'user' && ctx.principal.id === u.id ? true : { admin: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    name: t.exposeString('name', { nullable: true }),
    status: t.exposeString('status'),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
    grants: t.field({ type: [GrantRef], resolve: (u, _a, ctx) => ctx.loaders.grantsOfUser.load(u.id) }),
  }),
})

builder.queryField('users', (t) =>
  t.field({
    type: [UserRef],
    authScopes: { admin: true },
    args: { email: t.arg.string({ required: false }) },
    resolve: (_r, args, ctx) =>
      repositoriesOf(ctx.platform).users.list({ ...(args.email && { email: args.email }) }),
  }),
)

const GrantInput = builder.inputType('GrantInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    app: t.string({ required: true }),
    role: t.string({ required: true }),
    scopeType: t.string(),
    scopeId: t.id(),
  }),
})

builder.mutationFields((t) => ({
  grantRole: t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: { input: t.arg({ type: GrantInput, required: true }) },
    resolve: (_r, { input }, ctx) => changeGrant(ctx, input, 'grant'),
  }),
  revokeRole: t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: { input: t.arg({ type: GrantInput, required: true }) },
    resolve: (_r, { input }, ctx) => changeGrant(ctx, input, 'revoke'),
  }),
}))

const grantSchema = z
  .object({
    userId: z.uuid(),
    app: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    role: z.enum(['admin', 'staff', 'client', 'influencer', 'viewer', 'editor']),
    scopeType: z.enum(['customer', 'influencer']).nullish(),
    scopeId: z.uuid().nullish(),
  })
  .refine((g) => (g.role === 'client' ? g.scopeType === 'customer' && !!g.scopeId : true), {
    path: ['scopeType'],
    message: 'client needs a customer scope',
  })
  .refine((g) => (g.role === 'influencer' ? g.scopeType === 'influencer' && !!g.scopeId : true), {
    path: ['scopeType'],
    message: 'influencer needs an influencer scope',
  })
  .refine((g) => (g.role === 'admin' || g.role === 'staff' ? !g.scopeType : true), {
    path: ['scopeType'],
    message: 'admin and staff are platform-wide',
  })

async function changeGrant(ctx: GraphContext, input: Record<string, unknown>, change: 'grant' | 'revoke') {
  const g = validate(grantSchema, { ...input, userId: str(input.userId), scopeId: str(input.scopeId) })
  const repos = repositoriesOf(ctx.platform)
  const user = await repos.users.get(g.userId)
  if (!user) throw new NotFoundError('No user with this id.')
  const app = await repos.apps.get(g.app)
  if (!app) throw new NotFoundError(`No application is registered as ${g.app}.`)
  const scope = g.scopeType && g.scopeId ? { type: g.scopeType, id: g.scopeId } : null
  if (change === 'grant') {
    // The same checks as /api/users/:id/grants: a role the app knows, a scope that exists.
    if (!app.roles.includes(g.role))
      throw new ValidationError(`The app ${app.id} has no role ${g.role}.`, [
        { path: 'role', message: `one of ${app.roles.join(', ')}` },
      ])
    if (scope?.type === 'customer' && !(await repos.customers.get(scope.id)))
      throw new NotFoundError('No customer with this id.')
    if (scope?.type === 'influencer' && !(await repos.influencers.get(scope.id)))
      throw new NotFoundError('No influencer with this id.')
    await repos.users.grant({
      userId: user.id,
      app: g.app,
      role: g.role as Role,
      scope,
      createdBy: ctx.principal!.kind === 'user' ? ctx.principal!.id : null,
    })
  } else if (!(await repos.users.revoke({ userId: user.id, app: g.app, role: g.role as Role, scope }))) {
    throw new NotFoundError('The user holds no such grant.')
  }
  ctx.loaders.grantsOfUser.clear(user.id)
  await audit(ctx, change === 'grant' ? 'grant.added' : 'grant.revoked', 'user', user.id, {
    app: g.app,
    role: g.role,
    scope,
  })
  return user
}
