/**
 * Demo traffic: N past days of clicks and orders for both demo customers, through the paths real
 * traffic takes. Clicks are the redirect's `ClickEvent`s (bots and in-app browsers told apart by
 * the redirect's own `agentTraits`); orders go through the pixel's `recordOrder` as the shop's
 * server reports them, with the click's sealed token or a coupon, so attribution is the real one;
 * refunds and cancels change them as the conversions API does.
 *
 * Deterministic: every day of every customer has its own seeded generator, so a rerun (also on a
 * later day, for the days both cover) makes the same click ids (ReplacingMergeTree keeps one) and
 * the same order numbers (already recorded ones are skipped).
 *
 * ```ts
 * const summary = await generateDemoTraffic(platform, { days: 30 })
 * ```
 */

import type { ClickEvent } from '@glam/commerce/click-event'
import { clickToken } from '@glam/commerce/click-token'
import type { Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Link } from '@glam/db/repositories/links'
import type { Shop } from '@glam/db/repositories/shops'
import { emitConversion, recordOrder } from '@glam/pixel/record'
import { agentTraits } from '@glam/redirect/bots'
import { osOf } from '@glam/redirect/decide'
import {
  type Agent,
  botAgents,
  botShare,
  hourWeights,
  referrerOf,
  shopperAgents,
  type TrafficProfile,
  trafficProfiles,
} from './demo-traffic-profiles.ts'

export interface DemoTrafficSummary {
  customer: string
  clicks: number
  bots: number
  orders: number
  refunds: number
  cancels: number
  /** Orders of these days recorded by an earlier run, left as they are. */
  existing: number
}

const dayMs = 24 * 3600 * 1000

/** mulberry32 over a string's FNV-1a hash: small, fast and the same everywhere. */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193)
  let a = h >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A UUIDv7 of a given millisecond with seeded bits: the time the click token reads back. */
function uuidv7(ms: number, random: () => number): string {
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('')
  const time = ms.toString(16).padStart(12, '0')
  const variant = (8 + Math.floor(random() * 4)).toString(16)
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`
}

function pick<T extends { weight: number }>(items: readonly T[], random: () => number): T {
  const total = items.reduce((n, i) => n + i.weight, 0)
  let r = random() * total
  for (const item of items) {
    r -= item.weight
    if (r < 0) return item
  }
  return items[items.length - 1]!
}

const chTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '')
const hours = hourWeights.map((weight, hour) => ({ hour, weight }))

/** The demo clicks and orders of the `days` whole UTC days before `now`'s. */
export async function generateDemoTraffic(
  platform: Platform,
  options: { days: number; now?: Date },
): Promise<DemoTrafficSummary[]> {
  const now = options.now ?? platform.clock.now()
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  const repos = repositoriesOf(platform)
  const summaries: DemoTrafficSummary[] = []
  for (const profile of trafficProfiles) {
    const links = await Promise.all(profile.linkIds.map((id) => repos.links.get(id)))
    const shop = await repos.shops.get(profile.shopId)
    if (!shop || links.some((l) => !l))
      throw new Error(`the demo data of ${profile.name} is missing: start Glam once with GLAM_DEMO_DATA=true`)
    const summary: DemoTrafficSummary = {
      customer: profile.name,
      clicks: 0,
      bots: 0,
      orders: 0,
      refunds: 0,
      cancels: 0,
      existing: 0,
    }
    for (let back = options.days; back >= 1; back--) {
      const day = new Date(today - back * dayMs)
      await generateDay(platform, profile, links as Link[], shop, day, now, summary)
    }
    summaries.push(summary)
  }
  await platform.events.flush()
  return summaries
}

async function generateDay(
  platform: Platform,
  profile: TrafficProfile,
  links: Link[],
  shop: Shop,
  day: Date,
  now: Date,
  summary: DemoTrafficSummary,
) {
  const date = day.toISOString().slice(0, 10)
  const random = seededRandom(`${profile.customerId}:${date}`)
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6
  const count = Math.round(profile.clicksPerDay * (weekend ? 1.3 : 1) * (0.75 + random() * 0.5))
  const orders: { placedAt: Date; token?: string; country: string; coupon?: boolean }[] = []
  for (let n = 0; n < count; n++) {
    const localHour = pick(hours, random).hour
    const ms =
      day.getTime() + ((localHour - profile.utcOffset + 24) % 24) * 3600_000 + Math.floor(random() * 3600_000)
    const bot = random() < botShare
    // A shopper comes back with the same phone: the visitor's agent, so visitors repeat.
    const visitor = Math.floor(random() * 400)
    const botAgent = pick(botAgents, random)
    const agent: Agent = bot
      ? botAgent
      : pick(shopperAgents, seededRandom(`${profile.customerId}:visitor:${visitor}`))
    const { country } = pick(profile.countries, random)
    const link = links[Math.floor(random() * links.length)]!
    const clickId = uuidv7(ms, random)
    const traits = agentTraits(agent.ua, osOf)
    const event: ClickEvent = {
      table: 'clicks',
      id: clickId,
      time: chTime(new Date(ms)),
      link_id: link.id,
      campaign_id: link.campaignId,
      influencer_id: link.influencerId,
      customer_id: link.customerId,
      slug: link.slug,
      channel: link.channel,
      destination_host: new URL(link.destination).host,
      country,
      referrer: referrerOf(traits.inApp),
      in_app: traits.inApp,
      is_bot: traits.bot !== '',
      bot_reason: traits.bot,
      client_ip: `100.${64 + (visitor >> 8)}.${visitor & 255}.${profile.orderPrefix === 'DB' ? 10 : 20}`,
      user_agent: agent.ua,
    }
    platform.events.record(event)
    summary.clicks++
    if (traits.bot) {
      summary.bots++
      continue
    }
    // In-app shoppers buy less often than those who open the shop in their browser.
    if (random() < (traits.inApp ? 0.03 : 0.05)) {
      const delay = random() < 0.7 ? random() * 3600_000 : random() * 2 * dayMs
      orders.push({
        placedAt: new Date(ms + 60_000 + delay),
        token: clickToken(platform.secrets.require('GLAM_SECRET'), clickId, link.id),
        country,
        coupon: random() < 0.25,
      })
    }
  }
  // Orders with a coupon code and no click (the code read in a story), and a few from nowhere.
  for (let n = Math.floor(random() * 3); n > 0; n--)
    orders.push({ placedAt: new Date(day.getTime() + random() * dayMs), country: 'DE', coupon: true })
  if (random() < 0.5) orders.push({ placedAt: new Date(day.getTime() + random() * dayMs), country: 'DE' })

  let number = 0
  for (const order of orders) {
    number++
    const orderRef = `${profile.orderPrefix}-${date.replaceAll('-', '')}-${String(number).padStart(3, '0')}`
    // Drawn for every order, placed or not, so later orders of the day stay the same.
    const draws = Array.from({ length: 6 }, random)
    if (order.placedAt.getTime() > now.getTime()) continue
    if (await repositoriesOf(platform).orders.byRef(shop.id, orderRef)) {
      summary.existing++
      continue
    }
    await placeOrder(platform, profile, shop, orderRef, order, draws, summary)
  }
}

async function placeOrder(
  platform: Platform,
  profile: TrafficProfile,
  shop: Shop,
  orderRef: string,
  order: { placedAt: Date; token?: string; country: string; coupon?: boolean },
  draws: number[],
  summary: DemoTrafficSummary,
) {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = draws
  const currency = profile.countries.find((x) => x.country === order.country)?.currency ?? 'EUR'
  const products = profile.products
  const first = products[Math.floor(a * products.length)]!
  const second = b < 0.35 ? products[Math.floor(c * products.length)] : undefined
  const lines = [first, ...(second && second.sku !== first.sku ? [second] : [])].map((p, i) => ({
    sku: p.sku,
    name: p.name,
    priceMinor: p.priceMinor,
    quantity: i === 0 && d < 0.2 ? 2 : 1,
  }))
  const coupon = order.coupon ? profile.coupons[Math.floor(e * profile.coupons.length)] : undefined
  const linesMinor = lines.reduce((n, l) => n + l.priceMinor * l.quantity, 0)
  const discountMinor = coupon ? Math.round((linesMinor * coupon.percentOff) / 100) : 0
  const { order: stored } = await recordOrder(
    platform,
    shop,
    {
      orderId: orderRef,
      total: (linesMinor - discountMinor) / 100,
      currency,
      items: lines.map((l) => ({
        sku: l.sku,
        name: l.name,
        price: l.priceMinor / 100,
        quantity: l.quantity,
      })),
      ...(coupon && { coupon: coupon.code, discount: discountMinor / 100 }),
      ...(order.token && { clickId: order.token }),
      placedAt: order.placedAt.toISOString(),
    },
    'server',
    platform.logger,
  )
  summary.orders++
  // About one order in eight is partly or wholly refunded, one in twenty-five cancelled.
  const cancel = f < 0.04
  const refund = !cancel && f > 0.88
  if (!cancel && !refund) return
  const amount = cancel ? 0 : f > 0.95 ? stored.totalMinor : Math.max(1, Math.round(stored.totalMinor / 2))
  const changed = await repositoriesOf(platform).orders.refund(stored.id, amount, cancel)
  if (!changed) return
  const itemCount = lines.reduce((n, l) => n + l.quantity, 0)
  emitConversion(platform, changed, [], itemCount, { order: stored, itemCount })
  if (cancel) summary.cancels++
  else summary.refunds++
}

/** One line per run: what each customer got. */
export const describeDemoTraffic = (days: number, summaries: readonly DemoTrafficSummary[]) =>
  `demo traffic over ${days} days: ${summaries
    .map(
      (s) =>
        `${s.customer} ${s.clicks} clicks (${s.bots} bots), ${s.orders} orders, ${s.refunds} refunds, ${s.cancels} cancels${s.existing ? ` (${s.existing} orders already there)` : ''}`,
    )
    .join('; ')}`
