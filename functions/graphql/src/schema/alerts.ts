/**
 * A portal member's wishlists and price/stock alerts, with the rules of `/api/wishlists` and
 * `/api/alerts` (@glam/alerts/service): the caller is a user (session or token) holding a
 * `member` or `editor` grant of the `portal` app, else MEMBER_REQUIRED; another member's list or
 * alert is WISHLIST_NOT_FOUND / ALERT_NOT_FOUND, as one that does not exist. Alerts by e-mail
 * without a login (double opt-in) go through `POST /api/alerts` only.
 */
import {
  type AlertView,
  addToWishlist,
  alertsOf,
  createMemberAlert,
  createWishlist,
  deleteAlert,
  deleteWishlist,
  hasTarget,
  memberAlertFields,
  memberFor,
  type ProductView,
  removeFromWishlist,
  type WishlistView,
  wishlistName,
  wishlistsOf,
} from '@glam/alerts/service'
import { GlamError } from '@glam/core'
import type { User } from '@glam/db/repositories/users'
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'
import { mutationErrors, validate } from './common.ts'

const members = new WeakMap<GraphContext, Promise<User | null>>()

/** The calling member (looked up once per request), else MEMBER_REQUIRED. */
async function member(ctx: GraphContext): Promise<User> {
  const p = ctx.principal
  if (!members.has(ctx))
    members.set(ctx, p?.kind === 'user' ? memberFor(ctx.platform, p.id) : Promise.resolve(null))
  const found = await members.get(ctx)
  if (!found) throw new GlamError('MEMBER_REQUIRED')
  return found
}

const AlertKind = builder.enumType('AlertKind', {
  values: {
    PRICE_DROP: {
      value: 'price_drop',
      description: 'Below the price the alert last saw; re-armed when it rises.',
    },
    TARGET_PRICE: { value: 'target_price', description: 'At or below targetPriceMinor.' },
    BACK_IN_STOCK: { value: 'back_in_stock', description: 'On the change to in stock.' },
  } as const,
})

const AlertFrequency = builder.enumType('AlertFrequency', {
  values: {
    INSTANT: { value: 'instant', description: 'Mailed within a minute of the feed run that changed it.' },
    DAILY: { value: 'daily', description: "In the address's morning digest (07:00 UTC)." },
  } as const,
})

const AlertProduct = builder.objectRef<ProductView>('AlertProduct').implement({
  description: 'The product as the catalogue has it now.',
  fields: (t) => ({
    title: t.exposeString('title'),
    brand: t.exposeString('brand', { nullable: true }),
    priceMinor: t.exposeInt('priceMinor'),
    salePriceMinor: t.exposeInt('salePriceMinor', { nullable: true }),
    currency: t.exposeString('currency'),
    availability: t.exposeString('availability'),
    imageUrl: t.exposeString('imageUrl', { nullable: true }),
    onOffer: t.exposeBoolean('onOffer', { description: 'Active, of an active shop.' }),
  }),
})

const WishlistItem = builder.objectRef<WishlistView['items'][number]>('WishlistItem').implement({
  fields: (t) => ({
    productId: t.exposeID('productId'),
    addedAt: t.expose('addedAt', { type: 'DateTime' }),
    product: t.field({ type: AlertProduct, nullable: true, resolve: (i) => i.product }),
  }),
})

const Wishlist = builder.objectRef<WishlistView>('Wishlist').implement({
  description: "A member's named list of products.",
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    shareUrl: t.exposeString('shareUrl', { description: 'Read-only, for anyone with the link.' }),
    items: t.field({ type: [WishlistItem], resolve: (l) => l.items }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
})

const Alert = builder.objectRef<AlertView>('Alert').implement({
  description: "A member's price or stock alert on a product.",
  fields: (t) => ({
    id: t.exposeID('id'),
    productId: t.exposeID('productId'),
    product: t.field({ type: AlertProduct, nullable: true, resolve: (a) => a.product }),
    kind: t.field({ type: AlertKind, resolve: (a) => a.kind }),
    targetPriceMinor: t.exposeInt('targetPriceMinor', { nullable: true }),
    frequency: t.field({ type: AlertFrequency, resolve: (a) => a.frequency }),
    status: t.exposeString('status', { description: '`active`, or `pending` confirmation.' }),
    wishlistId: t.exposeID('wishlistId', { nullable: true }),
    lastAlertedAt: t.expose('lastAlertedAt', { type: 'DateTime', nullable: true }),
    lastAlertedPriceMinor: t.exposeInt('lastAlertedPriceMinor', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

const alertInput = memberAlertFields.refine(hasTarget, {
  path: ['targetPriceMinor'],
  message: 'A TARGET_PRICE alert needs targetPriceMinor (the price in minor units, e.g. 1990).',
})

builder.queryFields((t) => ({
  myWishlists: t.field({
    type: [Wishlist],
    description: "The calling portal member's wishlists, oldest first.",
    resolve: async (_r, _a, ctx) => wishlistsOf(ctx.platform, await member(ctx)),
  }),
  myAlerts: t.field({
    type: [Alert],
    description: "The calling portal member's alerts, newest first.",
    resolve: async (_r, _a, ctx) => alertsOf(ctx.platform, await member(ctx)),
  }),
}))

builder.mutationFields((t) => ({
  createWishlist: t.field({
    type: Wishlist,
    description: 'A new named list (at most 20 per member: WISHLIST_LIMIT).',
    errors: mutationErrors,
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) =>
      createWishlist(ctx.platform, await member(ctx), validate(wishlistName, args.name)),
  }),
  deleteWishlist: t.id({
    description: 'Deletes one of the member’s lists (its alerts stay); answers its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await deleteWishlist(ctx.platform, await member(ctx), String(args.id))
      return String(args.id)
    },
  }),
  addToWishlist: t.field({
    type: Wishlist,
    description: 'Puts a product on the list (again: no change).',
    args: { wishlistId: t.arg.id({ required: true }), productId: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) =>
      (await addToWishlist(ctx.platform, await member(ctx), String(args.wishlistId), String(args.productId)))
        .list,
  }),
  removeFromWishlist: t.field({
    type: Wishlist,
    description: 'Takes a product off the list (NOT_FOUND when it is not on it).',
    args: { wishlistId: t.arg.id({ required: true }), productId: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) =>
      removeFromWishlist(ctx.platform, await member(ctx), String(args.wishlistId), String(args.productId)),
  }),
  createAlert: t.field({
    type: Alert,
    description:
      'An alert for the member, active at once (their login proved the address); the one they had on this product and kind is taken over with this target.',
    errors: mutationErrors,
    args: {
      productId: t.arg.id({ required: true }),
      kind: t.arg({ type: AlertKind, required: true }),
      targetPriceMinor: t.arg.int({ required: false }),
      locale: t.arg.string({ required: false, description: '`de` (default) or `en`: the mails’ language.' }),
      wishlistId: t.arg.id({ required: false }),
      frequency: t.arg({ type: AlertFrequency, required: false }),
    },
    resolve: async (_r, args, ctx) => {
      const who = await member(ctx)
      const input = validate(alertInput, {
        productId: String(args.productId),
        kind: args.kind,
        ...(args.targetPriceMinor != null && { targetPriceMinor: args.targetPriceMinor }),
        ...(args.locale != null && { locale: args.locale }),
        ...(args.wishlistId != null && { wishlistId: String(args.wishlistId) }),
        ...(args.frequency != null && { frequency: args.frequency }),
      })
      return (await createMemberAlert(ctx.platform, who, input)).alert
    },
  }),
  deleteAlert: t.id({
    description: 'Deletes one of the member’s alerts; answers its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await deleteAlert(ctx.platform, await member(ctx), String(args.id))
      return String(args.id)
    },
  }),
}))
