/** The Stats type: clicks, unique visitors, orders, items, revenue per currency, conversion rate. */
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'
import type { Grouping, Revenue, Stats, StatsKey, Subject } from '../stats.ts'

export const RevenueRef = builder.objectRef<Revenue>('Revenue').implement({
  description: 'Money in one currency, in minor units (cents for EUR); currencies are never mixed.',
  fields: (t) => ({
    currency: t.exposeString('currency'),
    orders: t.exposeInt('orders'),
    grossMinor: t.exposeFloat('grossMinor'),
    netMinor: t.exposeFloat('netMinor', { description: 'Gross minus refunds.' }),
    averageOrderValueMinor: t.exposeFloat('averageOrderValueMinor'),
  }),
})

export const StatsRef = builder.objectRef<Stats>('Stats').implement({
  description: 'Bots excluded; cancelled orders excluded.',
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'The group: an id, a day, a country or a device; empty for totals.',
    }),
    clicks: t.exposeInt('clicks'),
    visitors: t.exposeInt('visitors', { description: 'Unique visitors (daily privacy-safe hash).' }),
    orders: t.exposeInt('orders'),
    items: t.exposeInt('items'),
    revenue: t.field({ type: [RevenueRef], resolve: (s) => s.revenue }),
    conversionRate: t.exposeFloat('conversionRate', { nullable: true, description: 'Orders / clicks.' }),
  }),
})

export const InfluencerSort = builder.enumType('InfluencerSort', {
  description:
    'Ranking of a campaign\u2019s influencers; stats-based ones rank highest first (REVENUE: net revenue in one currency, never summed across currencies).',
  values: {
    JOINED: { value: 'joined' },
    HANDLE: { value: 'handle' },
    CLICKS: { value: 'clicks' },
    ORDERS: { value: 'orders' },
    REVENUE: { value: 'revenue' },
  } as const,
})

export const StatsGroupBy = builder.enumType('StatsGroupBy', {
  values: {
    INFLUENCER: { value: 'influencer' },
    LINK: { value: 'link' },
    DAY: { value: 'day' },
    COUNTRY: { value: 'country' },
    DEVICE: { value: 'device' },
  } as const,
})

const day = 24 * 3600 * 1000

/** The loader key for a subject's stats over [from, to) in a timezone. */
export function statsKey(
  ctx: GraphContext,
  subject: Subject,
  id: string,
  groupBy: Grouping,
  window: { from?: Date | null; to?: Date | null; tz?: string | null },
): StatsKey {
  const to = window.to ?? new Date(ctx.platform.clock.now().getTime() + day)
  const from = window.from ?? new Date(to.getTime() - 366 * day)
  return { subject, id, groupBy, from: from.toISOString(), to: to.toISOString(), tz: window.tz ?? 'UTC' }
}
