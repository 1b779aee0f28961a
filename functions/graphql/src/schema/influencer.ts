/** Influencers: the profile for the callers they work with, e-mail for the platform and themselves. */
import { repositoriesOf } from '@glam/db/repositories/index'
import { builder } from '../builder.ts'
import { connectionOf, pageArgs } from './common.ts'
import { InfluencerRef, LinkRef } from './refs.ts'

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
