/** Customers: the type, the platform's list and the lookup by id, creating and updating them. */
import { repositoriesOf } from '@glam/db/repositories/index'
import { z } from 'zod'
import { builder } from '../builder.ts'
import {
  audit,
  connectionOf,
  inputsFor,
  mutationErrors,
  NotFoundError,
  pageArgs,
  platformOnly,
  validate,
} from './common.ts'
import { CampaignRef, CustomerRef } from './refs.ts'
import { lookUp } from './visibility.ts'

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

builder.queryFields((t) => ({
  customers: t.connection({
    type: CustomerRef,
    authScopes: { platform: true },
    resolve: async (_r, args, ctx) =>
      connectionOf(await repositoriesOf(ctx.platform).customers.list(pageArgs(args))),
  }),
  customer: t.field({
    type: CustomerRef,
    nullable: true,
    authScopes: { loggedIn: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => lookUp(ctx, 'customer', String(args.id)),
  }),
}))

const CustomerInput = builder.inputType('CustomerInput', {
  fields: (t) => ({ name: t.string({ required: true }), landingUrl: t.string() }),
})
const CustomerPatch = builder.inputType('CustomerPatch', {
  fields: (t) => ({ name: t.string(), landingUrl: t.string(), archived: t.boolean() }),
})

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
}))
