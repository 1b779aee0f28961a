/**
 * Assets: the type (with the URL of its original, signed when private), the caller's list and the
 * lookup by id, deleting one.
 *
 * Who may read an asset is the assets' own rule, the same as on /api/assets (@glam/assets/access):
 * public ones every caller with `assets:read`, private ones platform staff, the uploader and the
 * roles the type's rule (merged with the app's override) names within their reach. The list asks
 * the database for the caller's candidates and the rule has the last word; a lookup of an asset the
 * caller may not read answers NOT_FOUND, exactly like a missing one.
 */
import { mayDelete, mayRead } from '@glam/assets/access'
import { deleteAsset } from '@glam/assets/store'
import { type AssetRule, type AssetType, defaultRules, isAssetType, mergeRule } from '@glam/assets/types'
import { assetPath, variantPaths } from '@glam/assets/urls'
import { hasScope } from '@glam/auth'
import type { Asset } from '@glam/db/repositories/assets'
import { repositoriesOf } from '@glam/db/repositories/index'
import { type PresetName, presetNames } from '@glam/images/variants'
import { GraphQLError } from 'graphql'
import { builder } from '../builder.ts'
import { type GraphContext, isPlatform } from '../context.ts'
import { audit, connectionOf, forbidden, mutationErrors, NotFoundError, pageArgs } from './common.ts'
import { AssetRef, CustomerRef, InfluencerRef } from './refs.ts'
import { lookUp, notFound } from './visibility.ts'

const mayReadAssets = (ctx: GraphContext) => !!ctx.principal && hasScope(ctx.principal, 'assets:read')
const mayWriteAssets = (ctx: GraphContext) => !!ctx.principal && hasScope(ctx.principal, 'assets:write')

/** A type no rule declares (a row from a newer release): only staff and the uploader read it. */
const closedRule = (type: string): AssetRule => ({
  type: type as AssetType,
  maxBytes: 0,
  formats: [],
  visibility: 'private',
  uploadRoles: [],
  readRoles: [],
})

// One rule query per app and type per request, however many assets a page holds.
const rulesOf = new WeakMap<GraphContext, Map<string, Promise<AssetRule>>>()
function ruleFor(ctx: GraphContext, asset: Asset): Promise<AssetRule> {
  let rules = rulesOf.get(ctx)
  if (!rules) {
    rules = new Map()
    rulesOf.set(ctx, rules)
  }
  const key = `${asset.appId}\n${asset.type}`
  let rule = rules.get(key)
  if (!rule) {
    const { type } = asset
    rule = isAssetType(type)
      ? repositoriesOf(ctx.platform)
          .assets.rule(asset.appId, type)
          .then((override) => mergeRule(defaultRules[type], override))
      : Promise.resolve(closedRule(type))
    rules.set(key, rule)
  }
  return rule
}

const readable = async (ctx: GraphContext, asset: Asset) =>
  asset.visibility === 'public' || mayRead(ctx.principal, asset, await ruleFor(ctx, asset))

/** The asset by id as the caller may read it, or null (missing and not theirs alike). */
async function readableById(ctx: GraphContext, id: string): Promise<Asset | null> {
  const asset = /^[0-9a-f-]{36}$/i.test(id) ? await repositoriesOf(ctx.platform).assets.get(id) : null
  return asset && (await readable(ctx, asset)) ? asset : null
}

// `url` and `urlExpiresAt` come from one signature, so the expiry shown is the one in the URL.
const addresses = new WeakMap<Asset, { url: string; expiresAt: Date | null }>()
function addressOf(ctx: GraphContext, asset: Asset) {
  let address = addresses.get(asset)
  if (!address) {
    const { path, expiresAt } = assetPath(ctx.platform, asset)
    address = { url: `${new URL(ctx.platform.config.publicUrl).origin}${path}`, expiresAt }
    addresses.set(asset, address)
  }
  return address
}

const ImagePreset = builder.enumType('ImagePreset', {
  description: 'The image variant presets (`thumb` 160 px, `card` 480 px, `hero` 1600 px, `og` 1200×630).',
  values: presetNames,
})

const variants = new WeakMap<Asset, ReturnType<typeof variantPaths>>()
function variantsOf(ctx: GraphContext, asset: Asset) {
  if (!variants.has(asset)) variants.set(asset, variantPaths(ctx.platform, asset))
  return variants.get(asset)
}

/** The owner when the caller may see it; null otherwise (a public asset shows to everyone, its owner not). */
const ownerOrNull = <T>(lookup: Promise<T>) =>
  lookup.catch((err) => {
    if (err instanceof GraphQLError && err.extensions.code === 'NOT_FOUND') return null
    throw err
  })

AssetRef.implement({
  description: 'An uploaded file: a record pointing at bytes stored once per SHA-256.',
  authScopes: (asset, ctx) => readable(ctx, asset),
  fields: (t) => ({
    id: t.exposeID('id'),
    sha256: t.exposeString('sha256'),
    type: t.exposeString('type', { description: 'The asset type (`product-photo`, `briefing`, …).' }),
    app: t.exposeString('appId', { description: 'The app it was uploaded in; its rules apply.' }),
    name: t.exposeString('name'),
    contentType: t.exposeString('contentType'),
    size: t.exposeFloat('size', { description: 'In bytes (a Float: an app may allow more than 2 GB).' }),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    pages: t.exposeInt('pages', { nullable: true }),
    placeholder: t.exposeString('placeholder', { nullable: true }),
    visibility: t.exposeString('visibility', { description: '`public` or `private`.' }),
    url: t.string({
      description: 'The original; signed and expiring when the asset is private.',
      resolve: (a, _args, ctx) => addressOf(ctx, a).url,
    }),
    urlExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the signed URL expires; null for public assets.',
      resolve: (a, _args, ctx) => addressOf(ctx, a).expiresAt,
    }),
    variantUrl: t.string({
      nullable: true,
      description:
        'An image in a preset’s size, in the format the browser accepts (`/i/<sha256>?p=…`); signed and expiring like `url` when private. Null for what is not an image.',
      args: { preset: t.arg({ type: ImagePreset, required: true }) },
      resolve: (a, args, ctx) => {
        const path = variantsOf(ctx, a)?.presets[args.preset as PresetName]
        return path ? `${new URL(ctx.platform.config.publicUrl).origin}${path}` : null
      },
    }),
    srcset: t.string({
      nullable: true,
      description:
        'For `<img srcset>`: the variants of the plain-width presets with their widths. Null for what is not an image.',
      resolve: (a, _args, ctx) =>
        variantsOf(ctx, a)?.srcset.replaceAll('/i/', `${new URL(ctx.platform.config.publicUrl).origin}/i/`) ??
        null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    customer: t.field({
      type: CustomerRef,
      nullable: true,
      resolve: (a, _args, ctx) => (a.customerId ? ownerOrNull(lookUp(ctx, 'customer', a.customerId)) : null),
    }),
    influencer: t.field({
      type: InfluencerRef,
      nullable: true,
      resolve: (a, _args, ctx) =>
        a.influencerId ? ownerOrNull(lookUp(ctx, 'influencer', a.influencerId)) : null,
    }),
  }),
})

builder.queryFields((t) => ({
  assets: t.connection({
    type: AssetRef,
    description: 'Newest first: everything for platform callers, otherwise what the caller may read.',
    authScopes: (_r, _args, ctx) => mayReadAssets(ctx),
    args: { type: t.arg.string({ required: false }) },
    resolve: async (_r, args, ctx) => {
      if (args.type && !isAssetType(args.type))
        throw new GraphQLError(`There is no asset type ${JSON.stringify(args.type).slice(0, 80)}.`, {
          extensions: { code: 'BAD_USER_INPUT' },
        })
      const p = ctx.principal!
      const page = await repositoriesOf(ctx.platform).assets.list({
        ...(args.type && { type: args.type }),
        ...(!isPlatform(p) && {
          visibleTo: { principalId: p.id, customerId: p.customerId, influencerId: p.influencerId ?? null },
        }),
        ...pageArgs(args),
      })
      const items: Asset[] = []
      for (const asset of page.items) if (await readable(ctx, asset)) items.push(asset)
      const connection = connectionOf({ items, nextCursor: page.nextCursor })
      // The next page starts after the last record read, shown or not (a page may shrink to none).
      return {
        ...connection,
        pageInfo: { ...connection.pageInfo, endCursor: page.nextCursor ?? connection.pageInfo.endCursor },
      }
    },
  }),
  asset: t.field({
    type: AssetRef,
    nullable: true,
    authScopes: (_r, _args, ctx) => mayReadAssets(ctx),
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const asset = await readableById(ctx, String(args.id))
      if (!asset) throw notFound('asset')
      return asset
    },
  }),
}))

builder.mutationField('deleteAsset', (t) =>
  t.field({
    type: 'ID',
    description:
      'Deletes the record (and its bytes when nothing else points at them): its uploader or platform staff.',
    authScopes: (_r, _args, ctx) => mayWriteAssets(ctx),
    errors: mutationErrors,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, { id }, ctx) => {
      const asset = await readableById(ctx, String(id))
      if (!asset) throw new NotFoundError('No asset with this id.')
      if (!mayDelete(ctx.principal!, asset))
        throw forbidden('Only its uploader or platform staff may delete this asset.')
      if (!(await deleteAsset(ctx.platform, asset.id))) throw new NotFoundError('No asset with this id.')
      await audit(ctx, 'asset.deleted', 'asset', asset.id, { type: asset.type, sha256: asset.sha256 })
      return asset.id
    },
  }),
)
