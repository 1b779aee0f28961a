/**
 * The write side, for admins and staff (clients and influencers read only); grants for admins.
 * Input is checked with zod; a caller gets ValidationError, NotFoundError or ConflictError as a
 * typed result to handle. Every change is audited with the actor and the request id.
 */
import { isTimeZone, webOrigin, webUrl } from '@glam/core'
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Link } from '@glam/db/repositories/links'
import type { Shop } from '@glam/db/repositories/shops'
import type { Role } from '@glam/db/repositories/users'
import { forgetLink } from '@glam/redirect/link-cache'
import { z } from 'zod'
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'
import { ConflictError, mutationErrors, NotFoundError, ValidationError, validate } from './common.ts'
import { LinkStatus } from './queries.ts'
import { CampaignRef, CustomerRef, InfluencerRef, LinkRef, ShopRef, UserRef } from './refs.ts'

const audit = (
  ctx: GraphContext,
  action: string,
  targetType: string,
  targetId: string,
  details: Record<string, unknown> = {},
) =>
  repositoriesOf(ctx.platform).audit.record({
    actorType: ctx.principal!.kind,
    actorId: ctx.principal!.id,
    action,
    targetType,
    targetId,
    details: { ...details, via: 'graphql' },
    requestId: ctx.requestId,
  })

const timezone = z.string().refine(isTimeZone, 'an IANA timezone such as Europe/Berlin')
const influencerInput = z.object({
  handle: z
    .string()
    .trim()
    .regex(/^@?[\p{L}\p{N}._-]{1,63}$/u, 'letters, digits, . _ -'),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320).nullish(),
  instagram: z.string().trim().max(64).nullish(),
  tiktok: z.string().trim().max(64).nullish(),
})
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
const slugPrefix = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)

/**
 * The inputs holding URLs, per mode: every URL is stored as its WHATWG-normalised href (IDNA to
 * punycode, percent-encoded, at most 2,048 characters once normalised) and every shop origin as
 * its normalised origin; production refuses private, loopback and link-local hosts.
 */
function urlInputs(publicOnly: boolean) {
  const url = webUrl({ publicOnly })
  return {
    customer: z.object({ name: z.string().trim().min(1).max(200), landingUrl: url.nullish() }),
    shop: z.object({
      name: z.string().trim().min(1).max(200),
      origins: z.array(webOrigin({ publicOnly })).min(1).max(20),
      customerId: z.uuid().nullish(),
    }),
    assignment: z.object({
      destination: url,
      slugPrefix: slugPrefix.nullish(),
      influencerIds: z.array(z.uuid()).min(1).max(500),
    }),
  }
}
const byMode = { production: urlInputs(true), development: urlInputs(false) }
/** The URL-holding input schemas for the caller's platform (public hosts only in production). */
export const inputsFor = (ctx: Pick<GraphContext, 'platform'>) =>
  ctx.platform.config.env === 'production' ? byMode.production : byMode.development

const CustomerInput = builder.inputType('CustomerInput', {
  fields: (t) => ({ name: t.string({ required: true }), landingUrl: t.string() }),
})
const CustomerPatch = builder.inputType('CustomerPatch', {
  fields: (t) => ({ name: t.string(), landingUrl: t.string(), archived: t.boolean() }),
})
const InfluencerInput = builder.inputType('InfluencerInput', {
  fields: (t) => ({
    handle: t.string({ required: true }),
    name: t.string({ required: true }),
    email: t.string(),
    instagram: t.string(),
    tiktok: t.string(),
  }),
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
const ShopInput = builder.inputType('ShopInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    origins: t.stringList({ required: true }),
    customerId: t.id(),
  }),
})
const GrantInput = builder.inputType('GrantInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    app: t.string({ required: true }),
    role: t.string({ required: true }),
    scopeType: t.string(),
    scopeId: t.id(),
  }),
})

const CreatedShop = builder.objectRef<{ shop: Shop; signingSecret: string }>('CreatedShop').implement({
  fields: (t) => ({
    shop: t.field({ type: ShopRef, resolve: (r) => r.shop }),
    signingSecret: t.exposeString('signingSecret', {
      description: 'Shown this once; store it in the shop backend.',
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

const platformOnly = { editor: true } as const
const str = (v: unknown) => (v == null ? undefined : String(v))

builder.mutationFields((t) => ({
  createCustomer: t.field({
    type: CustomerRef,
    authScopes: platformOnly,
    errors: mutationErrors,
    args: { input: t.arg({ type: CustomerInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const data = validate(inputsFor(ctx).customer, input)
      const customer = await repositoriesOf(ctx.platform).customers.create({
        name: data.name,
        landingUrl: data.landingUrl ?? null,
      })
      await audit(ctx, 'customer.created', 'customer', customer.id)
      return customer
    },
  }),
  updateCustomer: t.field({
    type: CustomerRef,
    authScopes: platformOnly,
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }), patch: t.arg({ type: CustomerPatch, required: true }) },
    resolve: async (_r, { id, patch }, ctx) => {
      const data = validate(
        inputsFor(ctx).customer.partial().extend({ archived: z.boolean().nullish() }),
        patch,
      )
      const repos = repositoriesOf(ctx.platform)
      if (!(await repos.customers.get(String(id)))) throw new NotFoundError('No customer with this id.')
      const updated = await repos.customers.update(String(id), {
        ...(data.name && { name: data.name }),
        ...(data.landingUrl !== undefined && { landingUrl: data.landingUrl ?? null }),
        ...(data.archived != null && { status: data.archived ? 'archived' : 'active' }),
      })
      await audit(ctx, 'customer.updated', 'customer', String(id), { fields: Object.keys(patch) })
      return updated!
    },
  }),
  createShop: t.field({
    type: CreatedShop,
    authScopes: platformOnly,
    errors: mutationErrors,
    args: { input: t.arg({ type: ShopInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const data = validate(inputsFor(ctx).shop, { ...input, customerId: str(input.customerId) })
      const repos = repositoriesOf(ctx.platform)
      if (data.customerId && !(await repos.customers.get(data.customerId)))
        throw new NotFoundError('No customer with this id.')
      const created = await repos.shops.create({
        name: data.name,
        origins: data.origins,
        customerId: data.customerId ?? null,
      })
      await audit(ctx, 'shop.created', 'shop', created.shop.id, { origins: data.origins })
      return created
    },
  }),
  createInfluencer: t.field({
    type: InfluencerRef,
    authScopes: platformOnly,
    errors: mutationErrors,
    args: { input: t.arg({ type: InfluencerInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const data = validate(influencerInput, input)
      const channels: Record<string, string> = {}
      if (data.instagram) channels.instagram = data.instagram
      if (data.tiktok) channels.tiktok = data.tiktok
      try {
        const influencer = await repositoriesOf(ctx.platform).influencers.create({
          handle: data.handle,
          name: data.name,
          email: data.email ?? null,
          channels,
        })
        await audit(ctx, 'influencer.created', 'influencer', influencer.id)
        return influencer
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`The handle ${data.handle} is taken.`)
        throw err
      }
    },
  }),
  updateInfluencer: t.field({
    type: InfluencerRef,
    authScopes: platformOnly,
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }), name: t.arg.string(), email: t.arg.string() },
    resolve: async (_r, args, ctx) => {
      const data = validate(influencerInput.pick({ name: true, email: true }).partial(), {
        name: args.name ?? undefined,
        email: args.email,
      })
      const repos = repositoriesOf(ctx.platform)
      if (!(await repos.influencers.get(String(args.id))))
        throw new NotFoundError('No influencer with this id.')
      const updated = await repos.influencers.update(String(args.id), {
        ...(data.name && { name: data.name }),
        ...(data.email !== undefined && { email: data.email ?? null }),
      })
      await audit(ctx, 'influencer.updated', 'influencer', String(args.id))
      return updated!
    },
  }),
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
  assignInfluencers: t.field({
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
  setLinkStatus: t.field({
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
  grantRole: t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: { input: t.arg({ type: GrantInput, required: true }) },
    resolve: (_r, { input }, ctx) => changeGrant(ctx, input, 'grant'),
  }),
  revokeRole: t.field({
    type: UserRef,
    authScopes: { admin: true },
    errors: mutationErrors,
    args: { input: t.arg({ type: GrantInput, required: true }) },
    resolve: (_r, { input }, ctx) => changeGrant(ctx, input, 'revoke'),
  }),
}))

const grantSchema = z
  .object({
    userId: z.uuid(),
    app: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    role: z.enum(['admin', 'staff', 'client', 'influencer', 'viewer', 'editor']),
    scopeType: z.enum(['customer', 'influencer']).nullish(),
    scopeId: z.uuid().nullish(),
  })
  .refine((g) => (g.role === 'client' ? g.scopeType === 'customer' && !!g.scopeId : true), {
    path: ['scopeType'],
    message: 'client needs a customer scope',
  })
  .refine((g) => (g.role === 'influencer' ? g.scopeType === 'influencer' && !!g.scopeId : true), {
    path: ['scopeType'],
    message: 'influencer needs an influencer scope',
  })
  .refine((g) => (g.role === 'admin' || g.role === 'staff' ? !g.scopeType : true), {
    path: ['scopeType'],
    message: 'admin and staff are platform-wide',
  })

async function changeGrant(ctx: GraphContext, input: Record<string, unknown>, change: 'grant' | 'revoke') {
  const g = validate(grantSchema, { ...input, userId: str(input.userId), scopeId: str(input.scopeId) })
  const repos = repositoriesOf(ctx.platform)
  const user = await repos.users.get(g.userId)
  if (!user) throw new NotFoundError('No user with this id.')
  const app = await repos.apps.get(g.app)
  if (!app) throw new NotFoundError(`No application is registered as ${g.app}.`)
  const scope = g.scopeType && g.scopeId ? { type: g.scopeType, id: g.scopeId } : null
  if (change === 'grant') {
    // The same checks as /api/users/:id/grants: a role the app knows, a scope that exists.
    if (!app.roles.includes(g.role))
      throw new ValidationError(`The app ${app.id} has no role ${g.role}.`, [
        { path: 'role', message: `one of ${app.roles.join(', ')}` },
      ])
    if (scope?.type === 'customer' && !(await repos.customers.get(scope.id)))
      throw new NotFoundError('No customer with this id.')
    if (scope?.type === 'influencer' && !(await repos.influencers.get(scope.id)))
      throw new NotFoundError('No influencer with this id.')
    await repos.users.grant({
      userId: user.id,
      app: g.app,
      role: g.role as Role,
      scope,
      createdBy: ctx.principal!.kind === 'user' ? ctx.principal!.id : null,
    })
  } else if (!(await repos.users.revoke({ userId: user.id, app: g.app, role: g.role as Role, scope }))) {
    throw new NotFoundError('The user holds no such grant.')
  }
  ctx.loaders.grantsOfUser.clear(user.id)
  await audit(ctx, change === 'grant' ? 'grant.added' : 'grant.revoked', 'user', user.id, {
    app: g.app,
    role: g.role,
    scope,
  })
  return user
}
