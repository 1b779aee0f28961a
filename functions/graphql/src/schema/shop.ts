/** Shops: the type, the platform's list and the lookup by id, registering one (with its secret). */
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Shop } from '@glam/db/repositories/shops'
import { builder } from '../builder.ts'
import {
  audit,
  connectionOf,
  inputsFor,
  mutationErrors,
  NotFoundError,
  pageArgs,
  platformOnly,
  str,
  validate,
} from './common.ts'
import { CustomerRef, ShopRef } from './refs.ts'
import { lookUp, none } from './visibility.ts'

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

builder.queryFields((t) => ({
  shops: t.connection({
    type: ShopRef,
    authScopes: { platform: true },
    resolve: async (_r, args, ctx) =>
      connectionOf(await repositoriesOf(ctx.platform).shops.list(pageArgs(args))),
  }),
  shop: t.field({
    type: ShopRef,
    nullable: true,
    authScopes: { loggedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => lookUp(ctx, 'shop', String(args.id)),
  }),
}))

const ShopInput = builder.inputType('ShopInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    origins: t.stringList({ required: true }),
    customerId: t.id(),
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

builder.mutationField('createShop', (t) =>
  t.field({
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
)
