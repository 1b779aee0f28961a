/**
 * The dashboards' reports (`report*` queries): the same views as `/api/reports/<view>`
 * (@glam/reports), with the same filters, rules and errors: a client sees its customer only
 * and no internal fields (those are null), an influencer her own results, and another
 * customer's ids answer NOT_FOUND like missing ones. Figures come from the ClickHouse rollups.
 */
import { hasScope } from '@glam/auth'
import { GlamError } from '@glam/core'
import { parseViewInput, type ReportViewName, runView } from '@glam/reports'
import { builder } from '../builder.ts'
import type { GraphContext } from '../context.ts'

// biome-ignore lint/suspicious/noExplicitAny: the views' answers are typed by the objects below
type Json = Record<string, any>

const MoneyRef = builder.objectRef<Json>('ReportMoney').implement({
  description: 'Revenue in one currency, minor units (cents for EUR); currencies are never mixed.',
  fields: (t) => ({
    currency: t.exposeString('currency'),
    orders: t.exposeInt('orders'),
    grossMinor: t.exposeFloat('grossMinor'),
    refundedMinor: t.exposeFloat('refundedMinor'),
    netMinor: t.exposeFloat('netMinor'),
    averageOrderValueMinor: t.exposeFloat('averageOrderValueMinor', { nullable: true }),
  }),
})

const ReportingRef = builder.objectRef<Json>('ReportingTotal').implement({
  description:
    'The revenue converted into the reporting currency with each day\u2019s rate; currencies without a rate are named in missingRates and left out.',
  fields: (t) => ({
    currency: t.exposeString('currency'),
    grossMinor: t.exposeFloat('grossMinor'),
    netMinor: t.exposeFloat('netMinor'),
    averageOrderValueMinor: t.exposeFloat('averageOrderValueMinor', { nullable: true }),
    missingRates: t.exposeStringList('missingRates'),
  }),
})

const FiguresRef = builder.objectRef<Json>('ReportFigures').implement({
  description: 'Bots excluded from clicks and visitors; cancelled orders excluded from orders and revenue.',
  fields: (t) => ({
    clicks: t.exposeInt('clicks'),
    visitors: t.exposeInt('visitors'),
    botClicks: t.exposeInt('botClicks', { nullable: true, description: 'Staff only (null otherwise).' }),
    botShare: t.exposeFloat('botShare', { nullable: true, description: 'Staff only (null otherwise).' }),
    orders: t.exposeInt('orders'),
    cancelled: t.exposeInt('cancelled'),
    items: t.exposeInt('items'),
    refunds: t.exposeInt('refunds', { description: 'Orders with a refund, partial or whole.' }),
    couponOrders: t.exposeInt('couponOrders'),
    linkOrders: t.exposeInt('linkOrders'),
    conversionRate: t.exposeFloat('conversionRate', { nullable: true }),
    revenue: t.field({ type: [MoneyRef], resolve: (f) => f.revenue }),
    reporting: t.field({ type: ReportingRef, resolve: (f) => f.reporting }),
  }),
})

const ReportCampaignRef = builder.objectRef<Json>('ReportCampaign').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.exposeString('status'),
    customerId: t.exposeID('customerId', { nullable: true }),
    timezone: t.exposeString('timezone'),
    startsAt: t.exposeString('startsAt', { nullable: true }),
    endsAt: t.exposeString('endsAt', { nullable: true }),
  }),
})

const SparkRef = builder.objectRef<Json>('ReportSparkPoint').implement({
  fields: (t) => ({
    day: t.exposeString('day'),
    clicks: t.exposeInt('clicks'),
    orders: t.exposeInt('orders'),
  }),
})

const CampaignRowRef = builder.objectRef<Json>('CampaignReportRow').implement({
  fields: (t) => ({
    campaign: t.field({ type: ReportCampaignRef, resolve: (r) => r.campaign }),
    figures: t.field({ type: FiguresRef, resolve: (r) => r.figures }),
    sparkline: t.field({ type: [SparkRef], resolve: (r) => r.sparkline }),
  }),
})

const InfluencerRowRef = builder.objectRef<Json>('InfluencerReportRow').implement({
  fields: (t) => ({
    influencerId: t.id({ resolve: (r) => r.influencer.id }),
    handle: t.string({ nullable: true, resolve: (r) => r.influencer.handle }),
    name: t.string({ nullable: true, resolve: (r) => r.influencer.name }),
    figures: t.field({ type: FiguresRef, resolve: (r) => r.figures }),
  }),
})

const LinkRowRef = builder.objectRef<Json>('LinkReportRow').implement({
  fields: (t) => ({
    linkId: t.id({ resolve: (r) => r.link.id }),
    slug: t.string({ nullable: true, resolve: (r) => r.link.slug }),
    influencerId: t.id({ nullable: true, resolve: (r) => r.link.influencerId }),
    destination: t.string({ nullable: true, resolve: (r) => r.link.destination }),
    figures: t.field({ type: FiguresRef, resolve: (r) => r.figures }),
  }),
})

const OrderRowRef = builder.objectRef<Json>('OrderReportRow').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    orderRef: t.exposeString('orderRef'),
    placedAt: t.exposeString('placedAt'),
    status: t.exposeString('status'),
    currency: t.exposeString('currency'),
    totalMinor: t.exposeFloat('totalMinor'),
    refundedMinor: t.exposeFloat('refundedMinor'),
    netMinor: t.exposeFloat('netMinor'),
    coupon: t.exposeString('coupon', { nullable: true }),
    attributed: t.exposeBoolean('attributed'),
    attributedBy: t.exposeString('attributedBy', { description: 'coupon, link or none.' }),
    campaignId: t.exposeID('campaignId', { nullable: true }),
    influencerId: t.exposeID('influencerId', { nullable: true }),
    linkId: t.exposeID('linkId', { nullable: true }),
    clickId: t.exposeString('clickId', { nullable: true, description: 'Staff only.' }),
    attributionModel: t.exposeString('attributionModel', { nullable: true, description: 'Staff only.' }),
    source: t.exposeString('source', { nullable: true, description: 'Staff only.' }),
  }),
})

const NetRef = builder.objectRef<Json>('ReportNet').implement({
  description: 'Net revenue (gross minus refunds) in one currency, minor units.',
  fields: (t) => ({ currency: t.exposeString('currency'), netMinor: t.exposeFloat('netMinor') }),
})

const SeriesPointRef = builder.objectRef<Json>('ReportSeriesPoint').implement({
  fields: (t) => ({
    bucket: t.exposeString('bucket', {
      description: 'A day (YYYY-MM-DD) or an hour (YYYY-MM-DDTHH:00), local time.',
    }),
    clicks: t.exposeInt('clicks'),
    visitors: t.exposeInt('visitors'),
    orders: t.exposeInt('orders'),
    botClicks: t.exposeInt('botClicks', { nullable: true, description: 'Staff only.' }),
    revenue: t.field({ type: [NetRef], resolve: (p) => p.revenue }),
  }),
})

const SplitRef = builder.objectRef<Json>('ReportSplit').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    clicks: t.exposeInt('clicks'),
    share: t.exposeFloat('share', { description: 'Of the clicks (bots excluded).' }),
    botClicks: t.exposeInt('botClicks', { nullable: true, description: 'Staff only.' }),
  }),
})

const FunnelRef = builder.objectRef<Json>('ReportFunnel').implement({
  fields: (t) => ({
    clicks: t.exposeInt('clicks'),
    visitors: t.exposeInt('visitors'),
    orders: t.exposeInt('orders'),
    conversionRate: t.exposeFloat('conversionRate', { nullable: true }),
  }),
})

const ChangeRef = builder.objectRef<Json>('ReportChange').implement({
  description: 'Relative change against the previous period (0.25 = +25 %); null where it had none.',
  fields: (t) => ({
    clicks: t.exposeFloat('clicks', { nullable: true }),
    visitors: t.exposeFloat('visitors', { nullable: true }),
    orders: t.exposeFloat('orders', { nullable: true }),
    revenue: t.exposeFloat('revenue', { nullable: true }),
  }),
})

const PreviousRef = builder.objectRef<Json>('ReportPrevious').implement({
  fields: (t) => ({
    from: t.exposeString('from'),
    to: t.exposeString('to'),
    totals: t.field({ type: FiguresRef, resolve: (p) => p.totals }),
    change: t.field({ type: ChangeRef, resolve: (p) => p.change }),
  }),
})

/** The fields every report answer has. */
const common = {
  from: 'The window start (ISO).',
  to: 'The window end (ISO, exclusive).',
  timezone: 'The time zone days and hours are counted in.',
  currency: 'The reporting currency.',
  source: 'rollup, or raw where the window or zone is not whole hours.',
} as const

const page = <T>(name: string, row: T) =>
  builder.objectRef<Json>(name).implement({
    fields: (t) => ({
      ...Object.fromEntries(
        Object.entries(common).map(([k, d]) => [k, t.exposeString(k as never, { description: d })]),
      ),
      total: t.exposeInt('total', { description: 'Rows in the whole table (all pages).' }),
      rows: t.field({ type: [row as never], resolve: (r) => r.rows }),
    }),
  })

const CampaignPageRef = page('CampaignReportPage', CampaignRowRef)
const InfluencerPageRef = page('InfluencerReportPage', InfluencerRowRef)
const LinkPageRef = page('LinkReportPage', LinkRowRef)
const OrderPageRef = builder.objectRef<Json>('OrderReportPage').implement({
  fields: (t) => ({
    ...Object.fromEntries(
      Object.entries(common).map(([k, d]) => [k, t.exposeString(k as never, { description: d })]),
    ),
    rows: t.field({ type: [OrderRowRef], resolve: (r) => r.rows }),
    nextCursor: t.exposeString('nextCursor', { nullable: true }),
  }),
})

const OverviewRef = builder.objectRef<Json>('CampaignOverview').implement({
  fields: (t) => ({
    ...Object.fromEntries(
      Object.entries(common).map(([k, d]) => [k, t.exposeString(k as never, { description: d })]),
    ),
    campaign: t.field({ type: ReportCampaignRef, resolve: (o) => o.campaign }),
    bucket: t.exposeString('bucket'),
    totals: t.field({ type: FiguresRef, resolve: (o) => o.totals }),
    funnel: t.field({ type: FunnelRef, resolve: (o) => o.funnel }),
    series: t.field({ type: [SeriesPointRef], resolve: (o) => o.series }),
    countries: t.field({ type: [SplitRef], resolve: (o) => o.countries }),
    devices: t.field({ type: [SplitRef], resolve: (o) => o.devices }),
    previous: t.field({ type: PreviousRef, nullable: true, resolve: (o) => o.previous }),
  }),
})

const ReportFilter = builder.inputType('ReportFilter', {
  description: 'What every report takes; dates without a time are midnight in the report\u2019s time zone.',
  fields: (t) => ({
    customer: t.id(),
    campaign: t.id(),
    influencer: t.id(),
    link: t.id(),
    from: t.string({ description: 'ISO time with offset, or YYYY-MM-DD.' }),
    to: t.string(),
    tz: t.string({ description: 'IANA time zone (default: the campaign\u2019s, else UTC).' }),
    currency: t.string({ description: 'Reporting currency (default EUR).' }),
  }),
})

/** Runs a view for the caller with the REST route's parsing (the same errors, the same rules). */
async function report(ctx: GraphContext, view: ReportViewName, input: Record<string, unknown>) {
  const principal = ctx.principal
  if (!principal) throw new GlamError('UNAUTHORIZED')
  if (!hasScope(principal, 'reports:read'))
    throw new GlamError('FORBIDDEN', 'Reports need the reports:read scope.')
  const query = Object.fromEntries(
    Object.entries(input)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, String(v)]),
  )
  return runView(ctx.platform, principal, view, parseViewInput(view, query)) as Promise<Json>
}

const tableArgs = (t: Parameters<Parameters<typeof builder.queryFields>[0]>[0]) => ({
  filter: t.arg({ type: ReportFilter }),
  sort: t.arg.string({
    description: 'name, clicks, visitors, orders, items, revenue, conversionRate, averageOrderValue.',
  }),
  order: t.arg.string({ description: 'asc or desc (default).' }),
  limit: t.arg.int(),
  offset: t.arg.int(),
})

builder.queryFields((t) => ({
  reportCampaigns: t.field({
    type: CampaignPageRef,
    description: 'Campaigns with totals and a daily sparkline (sort also by startsAt).',
    args: { ...tableArgs(t), status: t.arg.string() },
    resolve: (_r, { filter, ...rest }, ctx) => report(ctx, 'campaigns', { ...filter, ...rest }),
  }),
  reportCampaignOverview: t.field({
    type: OverviewRef,
    description: 'A campaign: totals, series, funnel, country and device split, previous period.',
    args: {
      campaign: t.arg.id({ required: true }),
      filter: t.arg({ type: ReportFilter }),
      bucket: t.arg.string({ description: 'hour or day (default: hour up to 3 days, else day).' }),
      compare: t.arg.boolean({ description: 'With the previous period (default true).' }),
    },
    resolve: (_r, { filter, ...rest }, ctx) => report(ctx, 'campaign-overview', { ...filter, ...rest }),
  }),
  reportInfluencers: t.field({
    type: InfluencerPageRef,
    args: {
      ...tableArgs(t),
      q: t.arg.string({ description: 'Only influencers whose handle or name contains this.' }),
    },
    resolve: (_r, { filter, ...rest }, ctx) => report(ctx, 'influencers', { ...filter, ...rest }),
  }),
  reportLinks: t.field({
    type: LinkPageRef,
    args: {
      ...tableArgs(t),
      q: t.arg.string({ description: 'Only links whose slug or destination contains this.' }),
    },
    resolve: (_r, { filter, ...rest }, ctx) => report(ctx, 'links', { ...filter, ...rest }),
  }),
  reportOrders: t.field({
    type: OrderPageRef,
    args: {
      filter: t.arg({ type: ReportFilter }),
      kind: t.arg.string({ description: 'all, attributed, unattributed, refunded, cancelled.' }),
      cursor: t.arg.string(),
      limit: t.arg.int(),
    },
    resolve: (_r, { filter, ...rest }, ctx) => report(ctx, 'orders', { ...filter, ...rest }),
  }),
}))
