/**
 * Converting amounts in minor units into one reporting currency with the rates staff keep per
 * day (`repos.fxRates.ratesFor`). Decimal arithmetic throughout (big.js, never a float), each
 * currency's exponent from ISO 4217 (money.ts: JPY 0, EUR 2, KWD 3), the result rounded once,
 * half to even (banker's rounding: sums of many converted amounts carry no upward bias).
 *
 * ```ts
 * const rates = await repos.fxRates.ratesFor('USD', ['EUR', 'GBP'], '2026-06-01', '2026-06-30')
 * const { convert } = createConverter('USD', rates)
 * convert(1999, 'EUR', '2026-06-03') // 2166 at 1.0834; null when EUR has no rate on or before that day
 * ```
 */
import Big from 'big.js'
import { currencyDigits } from './money.ts'

/** One day's rate of a base currency to the quote; `inverse`: the rate is quote→base (use 1/rate). */
export interface RatePoint {
  day: string
  rate: string
  inverse?: boolean
}

export interface Converter {
  readonly quote: string
  /**
   * `amountMinor` of `currency` in the quote's minor units, at the latest rate on or before
   * `day` (`YYYY-MM-DD`); the same currency unchanged; null when there is no such rate.
   */
  convert(amountMinor: number, currency: string, day: string): number | null
}

// Its own constructor: rounding settings of other big.js users stay theirs.
const D = Big()
D.RM = D.roundHalfEven

/** The most significant digits a stored rate may have. */
export const maxRateDigits = 12

/**
 * A rate as it is stored: a positive decimal (`1.0834`, `0.00615`, `162`) with at most 12
 * significant digits, in its shortest form (`01.50` → `1.5`); null for anything else
 * (a sign, an exponent, a comma, zero, too many digits).
 */
export function canonicalRate(text: string): string | null {
  if (!/^\d{1,24}(\.\d{1,24})?$/.test(text)) return null
  const rate = new D(text)
  if (rate.lte(0) || rate.c.length > maxRateDigits) return null
  return rate.toFixed()
}

/** The last point on or before `day` (points sorted by day), or undefined. */
function pointOn<P extends { day: string }>(points: readonly P[], day: string): P | undefined {
  let lo = 0
  let hi = points.length - 1
  let found: P | undefined
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const point = points[mid]!
    if (point.day <= day) {
      found = point
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}

/** numerator / denominator (both positive, exact) rounded to an integer, half to even. */
function divideHalfEven(numerator: Big, denominator: Big): Big {
  const quotient = numerator.div(denominator).round(0, D.roundDown)
  const twiceRest = numerator.minus(quotient.times(denominator)).times(2)
  const order = twiceRest.cmp(denominator)
  if (order > 0) return quotient.plus(1)
  if (order < 0) return quotient
  return quotient.mod(2).eq(0) ? quotient : quotient.plus(1)
}

/**
 * A converter into `quote` from `ratesByBase` (each base's points sorted by day). Throws at once
 * for a quote that is no ISO 4217 currency, or a rate that is no positive decimal.
 */
export function createConverter(
  quote: string,
  ratesByBase: ReadonlyMap<string, readonly RatePoint[]>,
): Converter {
  const quoteDigits = currencyDigits.get(quote)
  if (quoteDigits === undefined) throw new Error(`${quote} is not an ISO 4217 currency`)
  const parsed = new Map<string, { day: string; rate: Big; inverse: boolean }[]>()
  for (const [base, points] of ratesByBase) {
    parsed.set(
      base,
      points.map((p) => {
        const rate = new D(p.rate)
        if (rate.lte(0)) throw new Error(`the rate ${p.rate} of ${base} on ${p.day} is not positive`)
        return { day: p.day, rate, inverse: p.inverse === true }
      }),
    )
  }
  return {
    quote,
    convert(amountMinor, currency, day) {
      if (!Number.isSafeInteger(amountMinor))
        throw new RangeError(`${amountMinor} is not an amount in minor units`)
      if (currency === quote) return amountMinor
      const digits = currencyDigits.get(currency)
      const points = parsed.get(currency)
      if (digits === undefined || !points) return null
      const point = pointOn(points, day)
      if (!point) return null
      // minor_q = minor_b / 10^digits_b × rate × 10^digits_q, exactly, then rounded once.
      const scale = new D(10).pow(Math.abs(quoteDigits - digits))
      const up = quoteDigits >= digits
      const magnitude = new D(Math.abs(amountMinor))
      const numerator = point.inverse
        ? up
          ? magnitude.times(scale)
          : magnitude
        : up
          ? magnitude.times(point.rate).times(scale)
          : magnitude.times(point.rate)
      const denominator = point.inverse ? (up ? point.rate : point.rate.times(scale)) : up ? new D(1) : scale
      const rounded = Number(divideHalfEven(numerator, denominator).toFixed(0))
      if (!Number.isSafeInteger(rounded))
        throw new RangeError(`${amountMinor} ${currency} converts beyond a safe integer`)
      return amountMinor < 0 ? -rounded : rounded
    },
  }
}
