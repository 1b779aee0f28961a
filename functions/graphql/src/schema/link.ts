/** Shortlinks with their stats. */
import { CampaignRef, InfluencerRef, LinkRef } from './refs.ts'
import { StatsRef, statsKey } from './stats.ts'
import { none } from './visibility.ts'

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
