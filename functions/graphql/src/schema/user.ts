/** Users and their grants (admins, and each user for themselves). */
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
