/**
 * A campaign's influencers: the roster (`Campaign.influencers`, ranked as a leaderboard on
 * request) with per-influencer links and stats, and assigning influencers with a link each.
 */

import { forgetLink } from '@glam/commerce/link-cache'
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Link } from '@glam/db/repositories/links'
import { builder } from '../builder.ts'
import {
  audit,
  ConflictError,
  inputsFor,
  mutationErrors,
  NotFoundError,
  platformOnly,
  validate,
} from './common.ts'
import { CampaignInfluencerRef, CampaignRef, InfluencerRef, LinkRef } from './refs.ts'
import { InfluencerSort, StatsRef, statsKey } from './stats.ts'
import { visibleLinks } from './visibility.ts'

builder.objectField(CampaignRef, 'influencers', (t) =>
  t.field({
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
)

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

const AssignedInfluencers = builder
  .objectRef<{ campaignId: string; links: Link[] }>('AssignedInfluencers')
  .implement({
    fields: (t) => ({
      campaign: t.field({
        type: CampaignRef,
        resolve: async (r, _a, ctx) => (await ctx.loaders.campaign.load(r.campaignId))!,
      }),
      links: t.field({ type: [LinkRef], resolve: (r) => r.links }),
    }),
  })

builder.mutationField('assignInfluencers', (t) =>
  t.field({
    type: AssignedInfluencers,
    description: 'Adds influencers to a campaign and makes one shortlink for each new one, all or nothing.',
    authScopes: platformOnly,
    errors: mutationErrors,
    args: {
      campaignId: t.arg.id({ required: true }),
      influencerIds: t.arg.idList({ required: true }),
      destination: t.arg.string({ required: true }),
      slugPrefix: t.arg.string(),
    },
    resolve: async (_r, args, ctx) => {
      const data = validate(inputsFor(ctx).assignment, {
        destination: args.destination,
        slugPrefix: args.slugPrefix,
        influencerIds: args.influencerIds.map(String),
      })
      const repos = repositoriesOf(ctx.platform)
      const campaign = await repos.campaigns.get(String(args.campaignId))
      if (!campaign) throw new NotFoundError('No campaign with this id.')
      const influencers = await repos.influencers.byIds(data.influencerIds)
      if (influencers.length !== new Set(data.influencerIds).size)
        throw new NotFoundError('Some influencer ids do not exist.')
      const already = new Set(await repos.campaigns.influencerIds(campaign.id))
      const fresh = influencers.filter((i) => !already.has(i.id))
      try {
        const links = await repos.links.createMany(
          fresh.map((i) => ({
            slug: `${
              data.slugPrefix ??
              campaign.name
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, '-')
                .slice(0, 30)
            }-${i.handle.replace(/[^A-Za-z0-9_-]/g, '')}`,
            destination: data.destination,
            customerId: campaign.customerId,
            campaignId: campaign.id,
            influencerId: i.id,
          })),
        )
        await repos.campaigns.addInfluencers(
          campaign.id,
          fresh.map((i) => i.id),
        )
        for (const link of links) await forgetLink(ctx.platform, link.slug)
        await audit(ctx, 'campaign.influencers_assigned', 'campaign', campaign.id, { links: links.length })
        return { campaignId: campaign.id, links }
      } catch (err) {
        if (isUniqueViolation(err))
          throw new ConflictError('One of the slugs is taken; pass another slugPrefix. Nothing was created.')
        throw err
      }
    },
  }),
)
