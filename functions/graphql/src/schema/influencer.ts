/**
 * Influencers: the profile for the callers they work with, e-mail for the platform and
 * themselves; the platform's list and the lookup by id; creating and updating them.
 */
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import { z } from 'zod'
import { builder } from '../builder.ts'
import {
  audit,
  ConflictError,
  connectionOf,
  mutationErrors,
  NotFoundError,
  pageArgs,
  platformOnly,
  validate,
} from './common.ts'
import { InfluencerRef, LinkRef } from './refs.ts'
import { lookUp } from './visibility.ts'

const Channel = builder.objectRef<{ network: string; handle: string }>('Channel').implement({
  fields: (t) => ({ network: t.exposeString('network'), handle: t.exposeString('handle') }),
})

InfluencerRef.implement({
  // An influencer caller sees only themselves; other readers reach influencers only through
  // records already scoped to them (their campaigns, links and orders, or `influencer(id:)`).
  authScopes: (i, ctx) => (ctx.principal?.influencerId ? { influencer: i.id } : { loggedIn: true }),
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

builder.queryFields((t) => ({
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
}))

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
const InfluencerInput = builder.inputType('InfluencerInput', {
  fields: (t) => ({
    handle: t.string({ required: true }),
    name: t.string({ required: true }),
    email: t.string(),
    instagram: t.string(),
    tiktok: t.string(),
  }),
})

builder.mutationFields((t) => ({
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
}))
