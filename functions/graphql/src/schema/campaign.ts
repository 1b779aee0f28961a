/** Campaigns, their influencers with per-influencer links and stats, their orders. */
import { repositoriesOf } from '@glam/db/repositories/index'
import { connectionOf, connectionOfList, pageArgs } from './common.ts'
import { CampaignInfluencerRef, CampaignRef, CustomerRef, InfluencerRef, LinkRef, OrderRef } from './refs.ts'
import { InfluencerSort, StatsGroupBy, StatsRef, statsKey } from './stats.ts'
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
      description: 'In the order they joined, or ranked by their stats (the leaderboard).',
      args: {
        sortBy: t.arg({ type: InfluencerSort, required: false }),
        currency: t.arg.string({
          required: false,
          description: 'For REVENUE: the currency to rank by (default EUR).',
        }),
        from: t.arg({ type: 'DateTime', required: false }),
        to: t.arg({ type: 'DateTime', required: false }),
      },
      resolve: async (c, args, ctx) => {
        const rows = (await ctx.loaders.influencersOfCampaign.load(c.id)).map((row) => ({
          campaign: c,
          influencerId: row.influencerId,
        }))
        const sortBy = args.sortBy ?? 'joined'
        if (sortBy === 'joined') return rows
        if (sortBy === 'handle') {
          const people = await Promise.all(rows.map((r) => ctx.loaders.influencer.load(r.influencerId)))
          const handle = new Map(people.map((p) => [p?.id, p?.handle ?? '']))
          return rows.sort((a, b) => handle.get(a.influencerId)!.localeCompare(handle.get(b.influencerId)!))
        }
        // One batched stats read for all of them (the same rows the stats field reads).
        const stats = await ctx.loaders.stats.load(
          statsKey(ctx, 'campaign', c.id, 'influencer', { ...args, tz: c.timezone }),
        )
        const byId = new Map(stats.map((s) => [s.key, s]))
        const value = (id: string) => {
          const s = byId.get(id)
          if (!s) return 0
          if (sortBy === 'clicks') return s.clicks
          if (sortBy === 'orders') return s.orders
          const currency = (args.currency ?? 'EUR').toUpperCase()
          return s.revenue.find((r) => r.currency === currency)?.netMinor ?? 0
        }
        return rows.sort((a, b) => value(b.influencerId) - value(a.influencerId))
      },
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
