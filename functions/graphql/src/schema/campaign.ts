/** Campaigns, their influencers with per-influencer links and stats, their orders. */
import { repositoriesOf } from '@glam/db/repositories/index'
import { connectionOf, connectionOfList, pageArgs } from './common.ts'
import { CampaignInfluencerRef, CampaignRef, CustomerRef, InfluencerRef, LinkRef, OrderRef } from './refs.ts'
import { StatsGroupBy, StatsRef, statsKey } from './stats.ts'
import { visibleLinks } from './visibility.ts'

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
