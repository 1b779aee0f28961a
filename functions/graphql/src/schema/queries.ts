/**
 * Entry points. Lists are scoped to the caller before they reach the types' own checks: a
 * client lists their customer's campaigns and links, an influencer their own links; anonymous
 * callers get `me: null` and nothing else. Lookups by id follow the same rules (visibility.ts):
 * a record the caller may not see answers NOT_FOUND, exactly like one that does not exist.
 */
import { repositoriesOf } from '@glam/db/repositories/index'
import { GraphQLError } from 'graphql'
import { builder } from '../builder.ts'
import { roles } from '../context.ts'
import { connectionOf, pageArgs } from './common.ts'
import { CampaignRef, CustomerRef, InfluencerRef, LinkRef, ShopRef, UserRef } from './refs.ts'
import { lookUp } from './visibility.ts'

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

const LinkStatus = builder.enumType('LinkStatus', {
  values: {
    ACTIVE: { value: 'active' },
    PAUSED: { value: 'paused' },
    ARCHIVED: { value: 'archived' },
  } as const,
})

export { LinkStatus }

const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } })

builder.queryFields((t) => ({
  me: t.field({
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
  customers: t.connection({
    type: CustomerRef,
    authScopes: { platform: true },
    resolve: async (_r, args, ctx) =>
      connectionOf(await repositoriesOf(ctx.platform).customers.list(pageArgs(args))),
  }),
  customer: t.field({
    type: CustomerRef,
    nullable: true,
    authScopes: { loggedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => lookUp(ctx, 'customer', String(args.id)),
  }),
  campaigns: t.connection({
    type: CampaignRef,
    authScopes: { loggedIn: true },
    args: { customerId: t.arg.id({ required: false }) },
    resolve: async (_r, args, ctx) => {
      const p = ctx.principal!
      if (p.influencerId) throw forbidden('Influencers see their links and stats through `me.influencer`.')
      if (p.customerId && args.customerId && String(args.customerId) !== p.customerId)
        throw forbidden('You may only read your own customer.')
      const customerId = p.customerId ?? (args.customerId ? String(args.customerId) : undefined)
      return connectionOf(
        await repositoriesOf(ctx.platform).campaigns.list({
          ...(customerId && { customerId }),
          ...pageArgs(args),
        }),
      )
    },
  }),
  campaign: t.field({
    type: CampaignRef,
    nullable: true,
    authScopes: { loggedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => lookUp(ctx, 'campaign', String(args.id)),
  }),
  influencers: t.connection({
    type: InfluencerRef,
    authScopes: { platform: true },
    resolve: async (_r, args, ctx) =>
      connectionOf(await repositoriesOf(ctx.platform).influencers.list(pageArgs(args))),
  }),
  influencer: t.field({
    type: InfluencerRef,
    nullable: true,
    authScopes: { loggedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => lookUp(ctx, 'influencer', String(args.id)),
  }),
  links: t.connection({
    type: LinkRef,
    authScopes: { loggedIn: true },
    args: {
      campaignId: t.arg.id({ required: false }),
      influencerId: t.arg.id({ required: false }),
      status: t.arg({ type: LinkStatus, required: false }),
    },
    resolve: async (_r, args, ctx) => {
      const p = ctx.principal!
      if (p.influencerId && args.influencerId && String(args.influencerId) !== p.influencerId)
        throw forbidden('You may only read your own links.')
      const influencerId = p.influencerId ?? (args.influencerId ? String(args.influencerId) : undefined)
      return connectionOf(
        await repositoriesOf(ctx.platform).links.list({
          ...(p.customerId && { customerId: p.customerId }),
          ...(influencerId && { influencerId }),
          ...(args.campaignId && { campaignId: String(args.campaignId) }),
          ...(args.status && { status: args.status }),
          ...pageArgs(args),
        }),
      )
    },
  }),
  link: t.field({
    type: LinkRef,
    nullable: true,
    authScopes: { loggedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => lookUp(ctx, 'link', String(args.id)),
  }),
  shops: t.connection({
    type: ShopRef,
    authScopes: { platform: true },
    resolve: async (_r, args, ctx) =>
      connectionOf(await repositoriesOf(ctx.platform).shops.list(pageArgs(args))),
  }),
  shop: t.field({
    type: ShopRef,
    nullable: true,
    authScopes: { loggedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => lookUp(ctx, 'shop', String(args.id)),
  }),
  users: t.field({
    type: [UserRef],
    authScopes: { admin: true },
    args: { email: t.arg.string({ required: false }) },
    resolve: (_r, args, ctx) =>
      repositoriesOf(ctx.platform).users.list({ ...(args.email && { email: args.email }) }),
  }),
}))
