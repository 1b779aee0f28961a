/**
 * Campaigns, their links, stats and orders (their influencers: campaign-influencer.ts); the
 * caller's list and the lookup by id; creating and updating them.
 */
import { isTimeZone } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { z } from 'zod'
import { builder } from '../builder.ts'
import {
  audit,
  connectionOf,
  connectionOfList,
  forbidden,
  mutationErrors,
  NotFoundError,
  pageArgs,
  platformOnly,
  validate,
} from './common.ts'
import { CampaignRef, CustomerRef, LinkRef, OrderRef } from './refs.ts'
import { StatsGroupBy, StatsRef, statsKey } from './stats.ts'
import { lookUp, visibleLinks } from './visibility.ts'

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

builder.queryFields((t) => ({
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
}))

const timezone = z.string().refine(isTimeZone, 'an IANA timezone such as Europe/Berlin')
const campaignInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    status: z.enum(['draft', 'active', 'paused', 'ended', 'archived']).nullish(),
    startsAt: z.date().nullish(),
    endsAt: z.date().nullish(),
    timezone: timezone.nullish(),
    attributionWindowDays: z.number().int().min(1).max(365).nullish(),
  })
  .refine((c) => !c.startsAt || !c.endsAt || c.startsAt < c.endsAt, {
    path: ['endsAt'],
    message: 'must be after startsAt',
  })
const CampaignInput = builder.inputType('CampaignInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    status: t.string(),
    startsAt: t.field({ type: 'DateTime' }),
    endsAt: t.field({ type: 'DateTime' }),
    timezone: t.string(),
    attributionWindowDays: t.int(),
  }),
})

builder.mutationFields((t) => ({
  createCampaign: t.field({
    type: CampaignRef,
    authScopes: platformOnly,
    errors: mutationErrors,
    args: { customerId: t.arg.id({ required: true }), input: t.arg({ type: CampaignInput, required: true }) },
    resolve: async (_r, { customerId, input }, ctx) => {
      const data = validate(campaignInput, input)
      const repos = repositoriesOf(ctx.platform)
      if (!(await repos.customers.get(String(customerId))))
        throw new NotFoundError('No customer with this id.')
      const campaign = await repos.campaigns.create({
        customerId: String(customerId),
        name: data.name,
        ...(data.status && { status: data.status }),
        ...(data.startsAt && { startsAt: data.startsAt }),
        ...(data.endsAt && { endsAt: data.endsAt }),
        ...(data.timezone && { timezone: data.timezone }),
        ...(data.attributionWindowDays && { attributionWindowDays: data.attributionWindowDays }),
      })
      await audit(ctx, 'campaign.created', 'campaign', campaign.id)
      return campaign
    },
  }),
  updateCampaign: t.field({
    type: CampaignRef,
    authScopes: platformOnly,
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: CampaignInput, required: true }) },
    resolve: async (_r, { id, input }, ctx) => {
      const data = validate(campaignInput, input)
      const repos = repositoriesOf(ctx.platform)
      if (!(await repos.campaigns.get(String(id)))) throw new NotFoundError('No campaign with this id.')
      const updated = await repos.campaigns.update(String(id), {
        name: data.name,
        ...(data.status && { status: data.status }),
        ...(data.startsAt !== undefined && { startsAt: data.startsAt ?? null }),
        ...(data.endsAt !== undefined && { endsAt: data.endsAt ?? null }),
        ...(data.timezone && { timezone: data.timezone }),
        ...(data.attributionWindowDays && { attributionWindowDays: data.attributionWindowDays }),
      })
      await audit(ctx, 'campaign.updated', 'campaign', String(id))
      return updated!
    },
  }),
}))
