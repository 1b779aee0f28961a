/** Customers and their shops. */
import { repositoriesOf } from '@glam/db/repositories/index'
import { connectionOf, pageArgs } from './common.ts'
import { CampaignRef, CustomerRef, ShopRef } from './refs.ts'
import { none } from './visibility.ts'

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
