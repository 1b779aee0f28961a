/** Shortlinks with their stats: the type, the caller's list and the lookup by id, their status. */

import { forgetLink } from '@glam/commerce/link-cache'
import { repositoriesOf } from '@glam/db/repositories/index'
import { builder } from '../builder.ts'
import {
  audit,
  connectionOf,
  forbidden,
  mutationErrors,
  NotFoundError,
  pageArgs,
  platformOnly,
} from './common.ts'
import { CampaignRef, InfluencerRef, LinkRef } from './refs.ts'
import { StatsRef, statsKey } from './stats.ts'
import { lookUp, none } from './visibility.ts'

export const LinkStatus = builder.enumType('LinkStatus', {
  values: {
    ACTIVE: { value: 'active' },
    PAUSED: { value: 'paused' },
    ARCHIVED: { value: 'archived' },
  } as const,
})

LinkRef.implement({
  authScopes: (l) => ({ customer: l.customerId, influencer: l.influencerId ?? none }),
  fields: (t) => ({
    id: t.exposeID('id'),
    slug: t.exposeString('slug'),
    shortUrl: t.string({ resolve: (l, _a, ctx) => `${ctx.platform.config.publicUrl}/${l.slug}` }),
    destination: t.exposeString('destination'),
    status: t.exposeString('status'),
    channel: t.exposeString('channel', {
      description: 'Where the link is placed: influencer, portal, look, newsletter or alert.',
    }),
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

builder.queryFields((t) => ({
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
}))

builder.mutationField('setLinkStatus', (t) =>
  t.field({
    type: LinkRef,
    authScopes: platformOnly,
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }), status: t.arg({ type: LinkStatus, required: true }) },
    resolve: async (_r, { id, status }, ctx) => {
      const repos = repositoriesOf(ctx.platform)
      const link = await repos.links.get(String(id))
      if (!link) throw new NotFoundError('No link with this id.')
      const updated = await repos.links.update(link.id, { status })
      await forgetLink(ctx.platform, link.slug)
      await audit(ctx, 'link.updated', 'link', link.id, { status })
      return updated!
    },
  }),
)
