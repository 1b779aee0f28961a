/** Who is asking: `me`, the one query anonymous callers get an answer from (`null`). */
import { builder } from '../builder.ts'
import { roles } from '../context.ts'
import { CustomerRef, InfluencerRef, UserRef } from './refs.ts'

const Viewer = builder
  .objectRef<{
    kind: string
    id: string
    app: string
    roles: readonly string[]
    customerId: string | null
    influencerId: string | null
    email: string | null
  }>('Viewer')
  .implement({
    description: 'Who is asking, and what their grants let them see.',
    fields: (t) => ({
      kind: t.exposeString('kind', { description: '`user` or `api_key`.' }),
      id: t.exposeID('id'),
      email: t.exposeString('email', { nullable: true }),
      app: t.exposeString('app'),
      roles: t.exposeStringList('roles'),
      user: t.field({
        type: UserRef,
        nullable: true,
        resolve: (v, _a, ctx) => (v.kind === 'user' ? ctx.loaders.user.load(v.id) : null),
      }),
      customer: t.field({
        type: CustomerRef,
        nullable: true,
        resolve: (v, _a, ctx) => (v.customerId ? ctx.loaders.customer.load(v.customerId) : null),
      }),
      influencer: t.field({
        type: InfluencerRef,
        nullable: true,
        resolve: (v, _a, ctx) => (v.influencerId ? ctx.loaders.influencer.load(v.influencerId) : null),
      }),
    }),
  })

builder.queryField('me', (t) =>
  t.field({
    type: Viewer,
    nullable: true,
    resolve: (_r, _a, ctx) => {
      const p = ctx.principal
      if (!p) return null
      return {
        kind: p.kind,
        id: p.id,
        app: p.user?.app ?? 'dashboard',
        roles: roles(p),
        customerId: p.customerId,
        influencerId: p.influencerId ?? null,
        email: p.user?.email ?? null,
      }
    },
  }),
)
