/**
 * Attribution: the last click wins within its campaign's window (the shopper's newest click
 * token, which the snippet's cookie keeps); without a valid click, a coupon or shortcode
 * mapped to an influencer attributes the order; otherwise the order stays unattributed.
 * A click on another customer's link never attributes a shop's order.
 */

import { readClickToken } from '@glam/commerce/click-token'
import type { Platform } from '@glam/core'
import type { Campaign } from '@glam/db/repositories/campaigns'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Link } from '@glam/db/repositories/links'
import type { Shop } from '@glam/db/repositories/shops'
import { recentCache } from './recent.ts'

export interface Attribution {
  model: 'last_click' | 'coupon' | 'none'
  clickId: string | null
  linkId: string | null
  influencerId: string | null
  campaignId: string | null
  customerId: string | null
  /** Why a click or coupon did not count, for the log. */
  note?: string
}

const day = 24 * 3600 * 1000

/**
 * Links and campaigns by id, kept a few seconds per process or isolate: attribution reads them
 * on every order, and they change rarely (a changed window or link applies within 10 s).
 */
const links = recentCache<Link | null>('pixel.links')
const campaigns = recentCache<Campaign | null>('pixel.campaigns')
/** Clocks differ a little between the click's process and the order's. */
const skewMs = 5 * 60 * 1000

export async function attribute(
  platform: Platform,
  shop: Shop,
  input: { clickToken?: string | undefined; coupon?: string | undefined; placedAt: Date },
): Promise<Attribution> {
  const repos = repositoriesOf(platform)
  const none: Attribution = {
    model: 'none',
    clickId: null,
    linkId: null,
    influencerId: null,
    campaignId: null,
    customerId: shop.customerId,
  }
  let note: string | undefined
  const click = input.clickToken
    ? readClickToken(platform.secrets.require('GLAM_SECRET'), input.clickToken)
    : null
  if (input.clickToken && !click) note = 'click token invalid'
  if (click) {
    const link = await links.get(platform, click.linkId, () => repos.links.get(click.linkId))
    const campaign = link?.campaignId
      ? await campaigns.get(platform, link.campaignId, () => repos.campaigns.get(link.campaignId!))
      : null
    const windowMs = (campaign?.attributionWindowDays ?? 30) * day
    const age = input.placedAt.getTime() - click.clickedAt
    if (!link) note = 'link gone'
    else if (shop.customerId && link.customerId !== shop.customerId) note = 'click on another customer'
    else if (age < -skewMs) note = 'click after the order'
    else if (age > windowMs) note = 'click outside the attribution window'
    else
      return {
        model: 'last_click',
        clickId: click.clickId,
        linkId: link.id,
        influencerId: link.influencerId,
        campaignId: link.campaignId,
        customerId: link.customerId,
      }
  }
  if (input.coupon && shop.customerId) {
    const coupon = await repos.coupons.byCode(shop.customerId, input.coupon)
    const campaign = coupon ? await repos.campaigns.get(coupon.campaignId) : null
    const placed = input.placedAt.getTime()
    const open =
      campaign &&
      (!campaign.startsAt || placed >= campaign.startsAt.getTime()) &&
      (!campaign.endsAt || placed <= campaign.endsAt.getTime() + (campaign.attributionWindowDays ?? 30) * day)
    if (coupon && open) {
      return {
        model: 'coupon',
        clickId: click?.clickId ?? null,
        linkId: coupon.linkId,
        influencerId: coupon.influencerId,
        campaignId: coupon.campaignId,
        customerId: coupon.customerId,
        ...(note && { note }),
      }
    }
  }
  return { ...none, clickId: click?.clickId ?? null, ...(note && { note }) }
}
