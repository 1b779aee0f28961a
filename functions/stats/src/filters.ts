/** Filters shared by every stats endpoint, and the caller's limits applied to them. */
import type { AppEnv } from '@glam/core'
import { GlamError, isTimeZone } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Context } from 'hono'
import { z } from 'zod'

export const uuid = z.uuid()
export const timezone = z.string().refine(isTimeZone, 'unknown IANA timezone')

/** The filters a caller may use: their own customer or influencer forced, the timezone resolved. */
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
  if (principal.customerId && q.customer && q.customer !== principal.customerId) {
    throw new GlamError('FORBIDDEN', 'You may only read your own customer.')
  }
  if (principal.influencerId && q.influencer && q.influencer !== principal.influencerId) {
    throw new GlamError('FORBIDDEN', 'You may only read your own statistics.')
  }
  const influencer = principal.influencerId ?? q.influencer ?? ''
  const customer = principal.customerId ?? q.customer ?? ''
  let tz = q.tz
  if (q.campaign) {
    const campaign = await repositoriesOf(c.var.platform).campaigns.get(q.campaign)
    if (!campaign || (customer && campaign.customerId !== customer))
      throw new GlamError('NOT_FOUND', 'No such campaign.')
    tz ??= campaign.timezone
  }
  tz ??= 'UTC'
  const now = c.var.platform.clock.now()
  const to = q.to ? new Date(q.to) : now
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * 24 * 3600 * 1000)
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    tz,
    customer,
    campaign: q.campaign ?? '',
    influencer,
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
