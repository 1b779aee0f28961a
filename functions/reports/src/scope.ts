/**
 * A report's filters as a caller may use them: every id named must be a record the caller may
 * see (another customer's campaign answers `404 NOT_FOUND` exactly like a missing one), a
 * client's customer and an influencer's own id are forced, dates without a time are midnight in
 * the report's time zone (the campaign's unless `tz` says otherwise), and whether the caller
 * sees internal fields (bot share, attribution path, click ids: platform staff only).
 */
import { TZDate } from '@date-fns/tz'
import { GlamError, isTimeZone, type Platform, type Principal } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { visibility } from '@glam/db/repositories/visibility'
import { z } from 'zod'
import { chTime, type QueryScope, rollupsFit, type SourceName } from './sql.ts'

const uuid = z.uuid()
const when = z.iso.datetime({ offset: true }).or(z.iso.date())

/** The filters every report takes (views add their own). */
export const filterFields = {
  customer: uuid.optional(),
  campaign: uuid.optional(),
  influencer: uuid.optional(),
  link: uuid.optional(),
  from: when.optional(),
  to: when.optional(),
  tz: z.string().refine(isTimeZone, 'unknown IANA timezone').optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
    .optional()
    .describe('The reporting currency totals are converted into (default EUR).'),
}
export const filtersSchema = z.strictObject(filterFields)
export type ReportFilters = z.infer<typeof filtersSchema>

export interface ReportScope extends QueryScope {
  fromDate: Date
  toDate: Date
  /** Platform staff (admin, staff, a platform-wide key): internal fields too. */
  internal: boolean
  /** The reporting currency. */
  currency: string
  /** Where the figures come from: the rollups unless the window or time zone is not whole hours. */
  source: SourceName
  principal: Principal
}

const day = 86_400_000

/** A plain date is midnight in the zone; a time with an offset is that instant. */
function instant(value: string, tz: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number]
    return new Date(new TZDate(y, m - 1, d, tz).getTime())
  }
  return new Date(value)
}

export async function resolveScope(
  platform: Platform,
  principal: Principal,
  filters: ReportFilters,
  options: { source?: SourceName } = {},
): Promise<ReportScope> {
  const see = visibility(repositoriesOf(platform), principal)
  const [customer, campaign, influencer, link] = await Promise.all([
    filters.customer ? see.customer(filters.customer) : undefined,
    filters.campaign ? see.campaign(filters.campaign) : undefined,
    filters.influencer ? see.influencer(filters.influencer) : undefined,
    filters.link ? see.link(filters.link) : undefined,
  ])
  if (customer === null) throw new GlamError('NOT_FOUND', 'No such customer.')
  if (campaign === null) throw new GlamError('NOT_FOUND', 'No such campaign.')
  if (influencer === null) throw new GlamError('NOT_FOUND', 'No such influencer.')
  if (link === null) throw new GlamError('NOT_FOUND', 'No such link.')
  const tz = filters.tz ?? campaign?.timezone ?? 'UTC'
  const now = platform.clock.now()
  const toDate = filters.to
    ? instant(filters.to, tz)
    : new Date(Math.ceil(now.getTime() / 3_600_000) * 3_600_000)
  const fromDate = filters.from ? instant(filters.from, tz) : new Date(toDate.getTime() - 30 * day)
  if (fromDate >= toDate)
    throw new GlamError('VALIDATION_FAILED', 'from must be before to.', {
      details: [{ path: 'from', code: 'invalid_value', message: 'must be before to' }],
    })
  if (toDate.getTime() - fromDate.getTime() > 400 * day)
    throw new GlamError('VALIDATION_FAILED', 'A report covers at most 400 days.', {
      details: [{ path: 'from', code: 'too_big', message: 'at most 400 days before to' }],
    })
  return {
    customer: principal.customerId ?? filters.customer ?? campaign?.customerId,
    campaign: filters.campaign,
    influencer: principal.influencerId ?? filters.influencer,
    link: filters.link,
    from: chTime(fromDate),
    to: chTime(toDate),
    tz,
    fromDate,
    toDate,
    internal: !principal.customerId && !principal.influencerId,
    currency: filters.currency ?? 'EUR',
    source: options.source ?? (rollupsFit(fromDate, toDate, tz) ? 'rollup' : 'raw'),
    principal,
  }
}

/** The same scope over the period just before it (as long, ending where it starts). */
export function previousPeriod(scope: ReportScope): ReportScope {
  const length = scope.toDate.getTime() - scope.fromDate.getTime()
  const fromDate = new Date(scope.fromDate.getTime() - length)
  return { ...scope, fromDate, toDate: scope.fromDate, from: chTime(fromDate), to: scope.from }
}
