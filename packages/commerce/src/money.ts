/**
 * Currencies and amounts. Shops send major units (`49.90`); Glam stores integer minor units
 * with each currency's exponent from ISO 4217 (`currency-codes`, its data file only): JPY has
 * none, KWD three. Precious metals, testing and "no currency" codes are refused.
 */
import list from 'currency-codes/data.js'

const notMoney = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
])

export const currencyDigits: ReadonlyMap<string, number> = new Map(
  (list as { code: string; digits: number }[])
    .filter((c) => !notMoney.has(c.code) && Number.isInteger(c.digits))
    .map((c) => [c.code, c.digits]),
)

export const isCurrency = (code: string) => currencyDigits.has(code)

/** Major units to minor units; null when the amount has more decimals than the currency allows. */
export function toMinor(amount: number, currency: string): number | null {
  const digits = currencyDigits.get(currency)
  if (digits === undefined || !Number.isFinite(amount)) return null
  const scaled = amount * 10 ** digits
  const minor = Math.round(scaled)
  return Math.abs(scaled - minor) < 1e-6 ? minor : null
}

export function toMajor(minor: number, currency: string): string {
  const digits = currencyDigits.get(currency) ?? 2
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(minor)
  if (digits === 0) return `${sign}${abs}`
  const text = String(abs).padStart(digits + 1, '0')
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/** Formatters by locale and currency, made once (a NumberFormat costs more than many formats). */
const formats = new Map<string, Intl.NumberFormat>()

/**
 * Minor units as a locale writes money, with the currency's own digits: 1999 EUR → `19,99 €`
 * (`de-DE`) or `€19.99` (`en-GB`); 1999 JPY → `JP¥1,999`. A code Intl refuses is written
 * `19.99 E1`.
 */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}:${currency}`
  let format = formats.get(key)
  try {
    if (!format) {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency })
      if (formats.size < 200) formats.set(key, format)
    }
  } catch {
    return `${toMajor(minor, currency)} ${currency}`
  }
  return format.format(minor / 10 ** (currencyDigits.get(currency) ?? 2))
}
