/**
 * The read side: every domain type with its fields and grants. Grants are checked on the type
 * (a client never receives another customer's object, whatever path leads to it) and on the
 * fields that are narrower than their type (e-mails, secrets).
 */
import { repositoriesOf } from '@glam/db/repositories/index'
import { toMajor } from '@glam/pixel/money'
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'
import { connectionOf, connectionOfList, pageArgs } from './common.ts'
import {
  CampaignInfluencerRef,
  CampaignRef,
  CustomerRef,
  GrantRef,
  InfluencerRef,
  LinkRef,
  OrderLineRef,
  OrderRef,
  ShopRef,
  UserRef,
} from './refs.ts'
import { StatsGroupBy, StatsRef, statsKey } from './stats.ts'

const none = '-'

/** Links an influencer caller may see: only their own. */
const visibleLinks = <T extends { influencerId: string | null }>(ctx: GraphContext, links: T[]) =>
  ctx.principal?.influencerId ? links.filter((l) => l.influencerId === ctx.principal!.influencerId) : links

CustomerRef.implement({
  authScopes: (c) => ({ customer: c.id }),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    landingUrl: t.exposeString('landingUrl', { nullable: true }),
    status: t.exposeString('status'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    campaigns: t.connection({
      type: CampaignRef,
      resolve: async (c, args, ctx) =>
        connectionOf(
          await repositoriesOf(ctx.platform).campaigns.list({ customerId: c.id, ...pageArgs(args) }),
        ),
    }),
  }),
})

ShopRef.implement({
  authScopes: (s) => ({ customer: s.customerId ?? none }),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    origins: t.exposeStringList('origins'),
    publicKey: t.exposeString('publicKey'),
    clickParam: t.exposeString('clickParam'),
    status: t.exposeString('status'),
    customer: t.field({
      type: CustomerRef,
      nullable: true,
      resolve: (s, _a, ctx) => (s.customerId ? ctx.loaders.customer.load(s.customerId) : null),
    }),
  }),
})

const Channel = builder.objectRef<{ network: string; handle: string }>('Channel').implement({
  fields: (t) => ({ network: t.exposeString('network'), handle: t.exposeString('handle') }),
})

InfluencerRef.implement({
  authScopes: (i) => ({ loggedIn: true, influencer: i.id }),
  fields: (t) => ({
    id: t.exposeID('id'),
    handle: t.exposeString('handle'),
    name: t.exposeString('name'),
    email: t.exposeString('email', {
      nullable: true,
      authScopes: (i) => ({ platform: true, influencer: i.id }),
      unauthorizedResolver: () => null,
    }),
    channels: t.field({
      type: [Channel],
      resolve: (i) => Object.entries(i.channels ?? {}).map(([network, handle]) => ({ network, handle })),
    }),
    links: t.connection({
      type: LinkRef,
      args: { campaignId: t.arg.id({ required: false }) },
      resolve: async (i, args, ctx) => {
        const p = ctx.principal!
        return connectionOf(
          await repositoriesOf(ctx.platform).links.list({
            influencerId: i.id,
            ...(p.customerId && { customerId: p.customerId }),
            ...(args.campaignId && { campaignId: String(args.campaignId) }),
            ...pageArgs(args),
          }),
        )
      },
    }),
  }),
})

CampaignRef.implement({
  authScopes: (c) => ({ customer: c.customerId }),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.exposeString('status'),
    startsAt: t.expose('startsAt', { type: 'DateTime', nullable: true }),
    endsAt: t.expose('endsAt', { type: 'DateTime', nullable: true }),
    timezone: t.exposeString('timezone'),
    attributionWindowDays: t.exposeInt('attributionWindowDays'),
    customer: t.field({
      type: CustomerRef,
      resolve: async (c, _a, ctx) => (await ctx.loaders.customer.load(c.customerId))!,
    }),
    influencers: t.field({
      type: [CampaignInfluencerRef],
      resolve: async (c, _a, ctx) =>
        (await ctx.loaders.influencersOfCampaign.load(c.id)).map((row) => ({
          campaign: c,
          influencerId: row.influencerId,
        })),
    }),
    links: t.connection({
      type: LinkRef,
      resolve: async (c, args, ctx) =>
        connectionOfList(visibleLinks(ctx, await ctx.loaders.linksOfCampaign.load(c.id)), args),
    }),
    totals: t.field({
      type: StatsRef,
      args: {
        from: t.arg({ type: 'DateTime', required: false }),
        to: t.arg({ type: 'DateTime', required: false }),
      },
      resolve: (c, args, ctx) =>
        ctx.loaders.statsRow(statsKey(ctx, 'campaign', c.id, 'total', { ...args, tz: c.timezone })),
    }),
    stats: t.field({
      type: [StatsRef],
      description: "Grouped stats; days count in the campaign's timezone.",
      args: {
        groupBy: t.arg({ type: StatsGroupBy, required: true }),
        from: t.arg({ type: 'DateTime', required: false }),
        to: t.arg({ type: 'DateTime', required: false }),
      },
      resolve: (c, args, ctx) =>
        ctx.loaders.stats.load(statsKey(ctx, 'campaign', c.id, args.groupBy, { ...args, tz: c.timezone })),
    }),
    orders: t.connection({
      type: OrderRef,
      resolve: async (c, args, ctx) => {
        const { limit, cursor } = { cursor: null, ...pageArgs(args) }
        const rows = await repositoriesOf(ctx.platform).orders.campaignPage(c.id, cursor, limit + 1)
        const items = rows.slice(0, limit)
        return connectionOf({ items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null })
      },
    }),
  }),
})

CampaignInfluencerRef.implement({
  fields: (t) => ({
    influencer: t.field({
      type: InfluencerRef,
      resolve: async (ci, _a, ctx) => (await ctx.loaders.influencer.load(ci.influencerId))!,
    }),
    links: t.field({
      type: [LinkRef],
      resolve: async (ci, _a, ctx) =>
        visibleLinks(
          ctx,
          (await ctx.loaders.linksOfCampaign.load(ci.campaign.id)).filter(
            (l) => l.influencerId === ci.influencerId,
          ),
        ),
    }),
    stats: t.field({
      type: StatsRef,
      args: {
        from: t.arg({ type: 'DateTime', required: false }),
        to: t.arg({ type: 'DateTime', required: false }),
      },
      authScopes: (ci) => ({ customer: ci.campaign.customerId, influencer: ci.influencerId }),
      resolve: (ci, args, ctx) =>
        ctx.loaders.statsRow(
          statsKey(ctx, 'campaign', ci.campaign.id, 'influencer', { ...args, tz: ci.campaign.timezone }),
          ci.influencerId,
        ),
    }),
  }),
})

LinkRef.implement({
  authScopes: (l) => ({ customer: l.customerId, influencer: l.influencerId ?? none }),
  fields: (t) => ({
    id: t.exposeID('id'),
    slug: t.exposeString('slug'),
    shortUrl: t.string({ resolve: (l, _a, ctx) => `${ctx.platform.config.publicUrl}/${l.slug}` }),
    destination: t.exposeString('destination'),
    status: t.exposeString('status'),
    redirectStatus: t.exposeInt('redirectStatus'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    campaign: t.field({
      type: CampaignRef,
      nullable: true,
      resolve: (l, _a, ctx) => (l.campaignId ? ctx.loaders.campaign.load(l.campaignId) : null),
    }),
    influencer: t.field({
      type: InfluencerRef,
      nullable: true,
      resolve: (l, _a, ctx) => (l.influencerId ? ctx.loaders.influencer.load(l.influencerId) : null),
    }),
    stats: t.field({
      type: StatsRef,
      args: {
        from: t.arg({ type: 'DateTime', required: false }),
        to: t.arg({ type: 'DateTime', required: false }),
      },
      resolve: (l, args, ctx) => ctx.loaders.statsRow(statsKey(ctx, 'link', l.id, 'total', args)),
    }),
  }),
})

OrderLineRef.implement({
  fields: (t) => ({
    lineNo: t.exposeInt('lineNo'),
    sku: t.exposeString('sku'),
    name: t.exposeString('name'),
    priceMinor: t.exposeFloat('priceMinor'),
    quantity: t.exposeInt('quantity'),
  }),
})

OrderRef.implement({
  authScopes: (o) => ({ customer: o.customerId ?? none, influencer: o.influencerId ?? none }),
  fields: (t) => ({
    id: t.exposeID('id'),
    orderId: t.exposeString('orderRef'),
    status: t.exposeString('status'),
    currency: t.exposeString('currency'),
    totalMinor: t.exposeFloat('totalMinor'),
    refundedMinor: t.exposeFloat('refundedMinor'),
    total: t.string({ resolve: (o) => toMajor(o.totalMinor, o.currency) }),
    placedAt: t.expose('placedAt', { type: 'DateTime' }),
    source: t.exposeString('source'),
    attributionModel: t.exposeString('attributionModel'),
    influencer: t.field({
      type: InfluencerRef,
      nullable: true,
      resolve: (o, _a, ctx) => (o.influencerId ? ctx.loaders.influencer.load(o.influencerId) : null),
    }),
    link: t.field({
      type: LinkRef,
      nullable: true,
      resolve: (o, _a, ctx) => (o.linkId ? ctx.loaders.link.load(o.linkId) : null),
    }),
    lines: t.field({ type: [OrderLineRef], resolve: (o, _a, ctx) => ctx.loaders.orderLines.load(o.id) }),
  }),
})

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
