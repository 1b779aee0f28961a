/**
 * Shared rules for what a caller may see beyond the type checks, and the lookups by id.
 *
 * A lookup by id (`customer`, `shop`, `campaign`, `link`, `influencer`) is scoped exactly like
 * the lists: admin and staff (and platform-wide keys) see every record; a `client` their
 * customer's; an `influencer` themselves and their own links. A record the caller may not see
 * answers exactly as one that does not exist: `null` with a `NOT_FOUND` error and the same
 * message, so nobody learns which ids exist elsewhere.
 */
import { canSee, hasScope } from '@glam/auth'
import type { Campaign } from '@glam/db/repositories/campaigns'
import type { Customer } from '@glam/db/repositories/customers'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Influencer } from '@glam/db/repositories/influencers'
import type { Link } from '@glam/db/repositories/links'
import type { Shop } from '@glam/db/repositories/shops'
import { GraphQLError } from 'graphql'
import { type GraphContext, isPlatform } from '../context.ts'

/** Stands in for a missing owner: matches no caller's customer or influencer. */
export const none = '-'

/** Links an influencer caller may see: only their own. */
export const visibleLinks = <T extends { influencerId: string | null }>(ctx: GraphContext, links: T[]) =>
  ctx.principal?.influencerId ? links.filter((l) => l.influencerId === ctx.principal!.influencerId) : links

/** The one answer for "no such record" and "not yours". */
export const notFound = (kind: string) =>
  new GraphQLError(`No ${kind} with this id.`, { extensions: { code: 'NOT_FOUND' } })

/** A customer- or influencer-limited reader (a client, an influencer, a customer's API key). */
const limitedReader = (ctx: GraphContext) => {
  const p = ctx.principal
  return p && hasScope(p, 'links:read') && (p.customerId || p.influencerId) ? p : null
}

/** Whether the caller may see each kind of record (the lists' rules, record by record). */
const mayRead = {
  customer(ctx: GraphContext, customer: Customer): boolean {
    if (isPlatform(ctx.principal)) return true
    const p = limitedReader(ctx)
    return !!p?.customerId && !p.influencerId && p.customerId === customer.id
  },
  shop(ctx: GraphContext, shop: Shop): boolean {
    if (isPlatform(ctx.principal)) return true
    const p = limitedReader(ctx)
    return !!p?.customerId && !p.influencerId && shop.customerId === p.customerId
  },
  campaign(ctx: GraphContext, campaign: Campaign): boolean {
    if (isPlatform(ctx.principal)) return true
    // Influencers see their links and stats through `me.influencer`, not campaigns (as the list).
    const p = limitedReader(ctx)
    return !!p?.customerId && !p.influencerId && campaign.customerId === p.customerId
  },
  link(ctx: GraphContext, link: Link): boolean {
    if (isPlatform(ctx.principal)) return true
    const p = limitedReader(ctx)
    return !!p && canSee(p, link)
  },
}

/**
 * Whether the caller may see the influencer with this id. For a client this asks the database
 * whether the id exists or not, so an id of another customer's influencer costs the same as an
 * unknown one.
 */
async function mayReadInfluencer(ctx: GraphContext, id: string): Promise<boolean> {
  if (isPlatform(ctx.principal)) return true
  const p = limitedReader(ctx)
  if (!p) return false
  if (p.influencerId) return p.influencerId === id
  // Works for the customer: on one of its links or in one of its campaigns' rosters.
  return !!p.customerId && (await repositoriesOf(ctx.platform).campaigns.influencerWorksFor(id, p.customerId))
}

type Kinds = { customer: Customer; shop: Shop; campaign: Campaign; link: Link; influencer: Influencer }

/** A record by id as the caller may see it; NOT_FOUND (the same for missing and not theirs). */
export async function lookUp<K extends keyof Kinds>(
  ctx: GraphContext,
  kind: K,
  id: string,
): Promise<Kinds[K]> {
  if (kind === 'influencer') {
    const [record, allowed] = await Promise.all([ctx.loaders.influencer.load(id), mayReadInfluencer(ctx, id)])
    if (record && allowed) return record as Kinds[K]
    throw notFound(kind)
  }
  const record = (await ctx.loaders[kind].load(id)) as Kinds[K] | null
  const check = mayRead[kind as Exclude<K, 'influencer'>] as (ctx: GraphContext, r: Kinds[K]) => boolean
  if (record && check(ctx, record)) return record
  throw notFound(kind)
}
