/**
 * Rows from ClickHouse made into report figures: per currency (never mixed), and converted into
 * one reporting currency with the day's rate (`/api/fx-rates`) beside them. A currency without a
 * rate on or before a day is named in `missingRates` and left out of the converted total, never
 * guessed.
 */
import { type Converter, createConverter } from '@glam/commerce/fx'
import { currencyDigits } from '@glam/commerce/money'
import { GlamError, type Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { ClickRow, ConversionRow } from './sql.ts'

export interface Money {
  currency: string
  orders: number
  grossMinor: number
  refundedMinor: number
  netMinor: number
  averageOrderValueMinor: number | null
}

export interface Reporting {
  currency: string
  grossMinor: number
  netMinor: number
  averageOrderValueMinor: number | null
  /** Currencies left out of the converted figures: no rate on or before some day. */
  missingRates: string[]
}

export interface Figures {
  clicks: number
  visitors: number
  /** Internal (staff): clicks by bots, and their share of all clicks. */
  botClicks: number
  botShare: number | null
  orders: number
  cancelled: number
  items: number
  /** Orders with a refund (partial or whole). */
  refunds: number
  /** Orders attributed by coupon, and by link (last click). */
  couponOrders: number
  linkOrders: number
  conversionRate: number | null
  revenue: Money[]
  reporting: Reporting
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null)

/** Sums click and conversion rows into figures; `finish` converts them. */
export function createFigures() {
  let clicks = 0
  let visitors = 0
  let botClicks = 0
  let cancelled = 0
  let refunds = 0
  let couponOrders = 0
  let linkOrders = 0
  let items = 0
  const money = new Map<string, { orders: number; gross: number; refunded: number }>()
  const byDay: { day: string; currency: string; gross: number; net: number }[] = []
  return {
    addClicks(row: ClickRow) {
      clicks += Number(row.clicks)
      visitors += Number(row.visitors)
      botClicks += Number(row.bots)
    },
    addConversions(row: ConversionRow) {
      const orders = Number(row.orders)
      const gross = Number(row.gross_minor)
      const refunded = Number(row.refunded_minor)
      cancelled += Number(row.cancelled)
      refunds += Number(row.refunds)
      items += Number(row.items)
      if (row.attribution_model === 'coupon') couponOrders += orders
      else if (row.attribution_model === 'last_click') linkOrders += orders
      const m = money.get(row.currency) ?? { orders: 0, gross: 0, refunded: 0 }
      m.orders += orders
      m.gross += gross
      m.refunded += refunded
      money.set(row.currency, m)
      byDay.push({ day: row.day.slice(0, 10), currency: row.currency, gross, net: gross - refunded })
    },
    currencies: () => [...money.keys()],
    finish(converter: Converter): Figures {
      const revenue = [...money.entries()]
        .filter(([, m]) => m.orders !== 0 || m.gross !== 0)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, m]) => ({
          currency,
          orders: m.orders,
          grossMinor: m.gross,
          refundedMinor: m.refunded,
          netMinor: m.gross - m.refunded,
          averageOrderValueMinor: m.orders > 0 ? Math.round(m.gross / m.orders) : null,
        }))
      const orders = revenue.reduce((n, m) => n + m.orders, 0)
      const missing = new Set<string>()
      let gross = 0
      let net = 0
      let convertedOrders = orders
      for (const d of byDay) {
        const g = converter.convert(d.gross, d.currency, d.day)
        const n = converter.convert(d.net, d.currency, d.day)
        if (g === null || n === null) {
          missing.add(d.currency)
          continue
        }
        gross += g
        net += n
      }
      for (const c of missing) convertedOrders -= money.get(c)?.orders ?? 0
      return {
        clicks,
        visitors,
        botClicks,
        botShare: ratio(botClicks, clicks + botClicks),
        orders,
        cancelled,
        items,
        refunds,
        couponOrders,
        linkOrders,
        conversionRate: ratio(orders, clicks),
        revenue,
        reporting: {
          currency: converter.quote,
          grossMinor: gross,
          netMinor: net,
          averageOrderValueMinor: convertedOrders > 0 ? Math.round(gross / convertedOrders) : null,
          missingRates: [...missing].sort(),
        },
      }
    },
  }
}
export type FigureSet = ReturnType<typeof createFigures>

/** The converter for the currencies of `sets` over the scope's days. */
export async function converterFor(
  platform: Platform,
  quote: string,
  sets: readonly FigureSet[],
  fromDay: string,
  toDay: string,
): Promise<Converter> {
  if (!currencyDigits.has(quote))
    throw new GlamError('VALIDATION_FAILED', `${quote} is not an ISO 4217 currency.`, {
      details: [{ path: 'currency', code: 'invalid_value', message: 'not an ISO 4217 currency' }],
    })
  const bases = [...new Set(sets.flatMap((s) => s.currencies()))].filter((c) => c !== quote)
  const rates =
    bases.length > 0
      ? await repositoriesOf(platform).fxRates.ratesFor(quote, bases, fromDay, toDay)
      : new Map()
  return createConverter(quote, rates)
}
