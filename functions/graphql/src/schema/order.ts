/** Orders with their lines and attribution. */
import { toMajor } from '@glam/commerce/money'
import { InfluencerRef, LinkRef, OrderLineRef, OrderRef } from './refs.ts'
import { none } from './visibility.ts'

OrderLineRef.implement({
  fields: (t) => ({
    lineNo: t.exposeInt('lineNo'),
    sku: t.exposeString('sku'),
    name: t.exposeString('name'),
    priceMinor: t.exposeFloat('priceMinor'),
    quantity: t.exposeInt('quantity'),
  }),
})

OrderRef.implement({
  authScopes: (o) => ({ customer: o.customerId ?? none, influencer: o.influencerId ?? none }),
  fields: (t) => ({
    id: t.exposeID('id'),
    orderId: t.exposeString('orderRef'),
    status: t.exposeString('status'),
    currency: t.exposeString('currency'),
    totalMinor: t.exposeFloat('totalMinor'),
    refundedMinor: t.exposeFloat('refundedMinor'),
    total: t.string({ resolve: (o) => toMajor(o.totalMinor, o.currency) }),
    placedAt: t.expose('placedAt', { type: 'DateTime' }),
    source: t.exposeString('source'),
    attributionModel: t.exposeString('attributionModel'),
    influencer: t.field({
      type: InfluencerRef,
      nullable: true,
      resolve: (o, _a, ctx) => (o.influencerId ? ctx.loaders.influencer.load(o.influencerId) : null),
    }),
    link: t.field({
      type: LinkRef,
      nullable: true,
      resolve: (o, _a, ctx) => (o.linkId ? ctx.loaders.link.load(o.linkId) : null),
    }),
    lines: t.field({ type: [OrderLineRef], resolve: (o, _a, ctx) => ctx.loaders.orderLines.load(o.id) }),
  }),
})
