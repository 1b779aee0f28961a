/** Filters shared by every stats endpoint, and the caller's limits applied to them. */
import type { AppEnv } from '@glam/core'
import { GlamError, isTimeZone } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { visibility } from '@glam/db/repositories/visibility'
import type { Context } from 'hono'
import { z } from 'zod'

export const uuid = z.uuid()
export const timezone = z.string().refine(isTimeZone, 'unknown IANA timezone')

/**
 * The filters a caller may use: their own customer or influencer forced, the timezone resolved.
 * Every id named in a filter must be a record the caller may see: another customer's campaign,
 * link, influencer or the customer itself answers `404 NOT_FOUND`, exactly like an id that does
 * not exist (nothing about it, not even its timezone, leaves).
 */
export async function resolveFilters(
  c: Context<AppEnv>,
  q: {
    customer?: string
    campaign?: string
    influencer?: string
    link?: string
    from?: string
    to?: string
    tz?: string
  },
) {
  const principal = c.var.principal!
  const see = visibility(repositoriesOf(c.var.platform), principal)
  const [customer, campaign, influencer, link] = await Promise.all([
    q.customer ? see.customer(q.customer) : undefined,
    q.campaign ? see.campaign(q.campaign) : undefined,
    q.influencer ? see.influencer(q.influencer) : undefined,
    q.link ? see.link(q.link) : undefined,
  ])
  if (customer === null) throw new GlamError('NOT_FOUND', 'No such customer.')
  if (campaign === null) throw new GlamError('NOT_FOUND', 'No such campaign.')
  if (influencer === null) throw new GlamError('NOT_FOUND', 'No such influencer.')
  if (link === null) throw new GlamError('NOT_FOUND', 'No such link.')
  const tz = q.tz ?? campaign?.timezone ?? 'UTC'
  const now = c.var.platform.clock.now()
  const to = q.to ? new Date(q.to) : now
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 24 * 3600 * 1000)
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    tz,
    customer: principal.customerId ?? q.customer ?? '',
    campaign: q.campaign ?? '',
    influencer: principal.influencerId ?? q.influencer ?? '',
    link: q.link ?? '',
  }
}

/** The filters every stats endpoint takes (the grouping differs per endpoint). */
export const filterFields = {
  customer: uuid.optional(),
  campaign: uuid.optional(),
  influencer: uuid.optional(),
  link: uuid.optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  tz: timezone.optional(),
}

/** from must come before to (for `.refine(fromBeforeTo, fromBeforeToError)`). */
export const fromBeforeTo = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || new Date(q.from) < new Date(q.to)
export const fromBeforeToError = { message: 'from must be before to', path: ['from'] }
