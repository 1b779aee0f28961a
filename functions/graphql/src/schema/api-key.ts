/**
 * API keys, with the rules of `/api/keys` (@glam/auth/api-keys): people (session or token) who
 * are clients, staff or admins manage them, never a key or an influencer; a client's keys are its
 * customer's, with scopes it holds; platform-wide keys are for admins. The plaintext key is
 * answered once, by `createApiKey`; an `ApiKey` never carries it or its hash.
 */
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from '@glam/auth/api-keys'
import { z } from 'zod'
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'
import { connectionOf, mutationErrors, pageArgs, validate } from './common.ts'

const callerOf = (ctx: GraphContext) => ({
  platform: ctx.platform,
  principal: ctx.principal,
  requestId: ctx.requestId,
})

const ApiKeyRef = builder.objectRef<ApiKeyView>('ApiKey').implement({
  description: 'An API key as listed: never the key itself.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to recognise it.' }),
    scopes: t.exposeStringList('scopes'),
    customerId: t.exposeID('customerId', { nullable: true, description: 'null: a platform-wide key.' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

const CreatedApiKey = builder.objectRef<{ key: string; apiKey: ApiKeyView }>('CreatedApiKey').implement({
  description: 'A new key: `key` is shown this once and cannot be read again.',
  fields: (t) => ({
    key: t.exposeString('key'),
    apiKey: t.field({ type: ApiKeyRef, resolve: (r) => r.apiKey }),
  }),
})

const createInput = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string().min(1).max(64)).min(1).max(30),
  customerId: z.uuid().nullable().optional(),
})

builder.queryFields((t) => ({
  apiKeys: t.connection({
    type: ApiKeyRef,
    description:
      "Newest first, revoked ones too: a client's customer's; staff name `customerId`; admins may list every key.",
    args: { customerId: t.arg.id({ required: false }) },
    resolve: async (_r, args, ctx) =>
      connectionOf(
        await listApiKeys(callerOf(ctx), {
          ...(args.customerId && { customerId: String(args.customerId) }),
          ...pageArgs(args),
        }),
      ),
  }),
}))

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    description:
      "Creates a key with scopes the caller holds: a client's for its customer; staff name `customerId`; `customerId: null` makes a platform-wide key (admins).",
    errors: mutationErrors,
    args: {
      name: t.arg.string({ required: true }),
      scopes: t.arg.stringList({ required: true }),
      customerId: t.arg.id({ required: false }),
    },
    resolve: async (_r, args, ctx) => {
      const input = validate(createInput, {
        name: args.name,
        scopes: args.scopes,
        ...(args.customerId !== undefined && {
          customerId: args.customerId === null ? null : String(args.customerId),
        }),
      })
      return createApiKey(callerOf(ctx), input)
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    description: 'Revokes a key (again: no change); it stops authenticating at once.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => revokeApiKey(callerOf(ctx), String(args.id)),
  }),
}))
