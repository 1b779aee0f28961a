/**
 * Prices as shops write them, to an exact decimal: `12,99` (with a currency column),
 * `1.249,00`, `1,249.00`, `12.99 EUR`, `EUR 12.99`, `1 249,00`, `{ value: 24.5, currency: "EUR" }`.
 * The number is read as text and checked by big.js, never through a float; one with more decimals
 * than its currency has is no price (as `toMinor` in commerce/money). A lone separator
 * followed by exactly three digits groups thousands (`1.249` is 1249) unless the integer part
 * is 0 (`0.995`) or the currency has three decimals (KWD); a JSON number always has a decimal point.
 */
import { currencyDigits } from '@glam/commerce/money'
import Big from 'big.js'

export interface Money {
  /** The amount with two decimals (more when the currency has more: KWD has three). */
  amount: string
  /** Integer minor units of the currency (cents; yen for JPY). */
  minor: number
  /** ISO 4217, as written. */
  currency: string
}

export type PriceProblem = 'INVALID_PRICE' | 'INVALID_CURRENCY' | 'NON_POSITIVE_PRICE'
export type PriceResult = { ok: true; money: Money } | { ok: false; reason: PriceProblem; message: string }

const fail = (reason: PriceProblem, message: string): PriceResult => ({ ok: false, reason, message })

/** Spaces, no-break and thin spaces, apostrophes (Swiss `1'249.00`): thousands separators. */
const grouping = /[\s\u00a0\u202f\u2009'’]/g

/** Symbols a price may carry beside a currency column that names the code exactly. */
const symbols: Record<string, readonly string[]> = {
  '€': ['EUR'],
  '£': ['GBP'],
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'],
  '¥': ['JPY', 'CNY'],
  Fr: ['CHF'],
  'Fr.': ['CHF'],
  zł: ['PLN'],
  Kč: ['CZK'],
  kr: ['SEK', 'DKK', 'NOK'],
}

function currencyOf(token: string, column: string | undefined): string | PriceResult {
  if (token && column && symbols[token]?.includes(column)) token = column
  const written = token || column || ''
  if (!written)
    return fail('INVALID_CURRENCY', 'the price names no currency (write `12.99 EUR` or add a currency)')
  if (token && column && token !== column)
    return fail('INVALID_CURRENCY', `the price says ${token} but the currency is ${column}`)
  if (!currencyDigits.has(written))
    return fail(
      'INVALID_CURRENCY',
      `"${written}" is not an ISO 4217 currency code (like EUR, written in capitals)`,
    )
  return written
}

/** The decimal text of a written number (`1.249,00` → `1249.00`), or null when it is not one. */
export function decimalText(written: string, currencyDecimals = 2): string | null {
  const text = written.replace(grouping, '')
  const match = /^([+-]?)([\d.,]*\d[\d.,]*|[.,]\d+)$/.exec(text)
  if (!match) return null
  const [, sign, body] = match as unknown as [string, string, string]
  const dot = body.lastIndexOf('.')
  const comma = body.lastIndexOf(',')
  let decimal: '.' | ',' | null = null
  if (dot >= 0 && comma >= 0) decimal = dot > comma ? '.' : ','
  else if (dot >= 0 || comma >= 0) {
    const sep = dot >= 0 ? '.' : ','
    const parts = body.split(sep)
    // Three digits after a lone separator group thousands, unless the currency has three decimals.
    const grouped = parts[1]!.length === 3 && parts[0] !== '0' && parts[0] !== '' && currencyDecimals !== 3
    if (parts.length === 2 && !grouped) decimal = sep
  }
  const [int, frac = ''] = decimal ? splitLast(body, decimal) : [body, '']
  const thousands = decimal === '.' ? ',' : decimal === ',' ? '.' : dot >= 0 ? '.' : ','
  if (frac.includes('.') || frac.includes(',')) return null
  const groups = int.split(thousands)
  if (groups.length > 1 && (groups[0] === '' || groups.slice(1).some((g) => g.length !== 3))) return null
  if (groups.some((g) => g.includes('.') || g.includes(','))) return null
  const digits = groups.join('') || '0'
  return `${sign}${digits}${frac ? `.${frac}` : ''}`
}

function splitLast(text: string, sep: string): [string, string] {
  const at = text.lastIndexOf(sep)
  return [text.slice(0, at), text.slice(at + 1)]
}

function money(decimal: string, currency: string): PriceResult {
  const digits = currencyDigits.get(currency) ?? 2
  let value: Big
  try {
    value = new Big(decimal)
  } catch {
    return fail('INVALID_PRICE', `"${decimal}" is not a number`)
  }
  // As everywhere in Glam (commerce/money): an amount is never rounded into its currency.
  if (!value.round(digits, Big.roundDown).eq(value))
    return fail('INVALID_PRICE', `${decimal} has more decimals than ${currency} has (${digits})`)
  if (value.lte(0))
    return fail(
      'NON_POSITIVE_PRICE',
      `the price must be above 0 (it is ${value.toFixed(Math.max(2, digits))})`,
    )
  const minor = Number(value.times(new Big(10).pow(digits)).toFixed(0))
  if (!Number.isSafeInteger(minor) || minor > 1e13)
    return fail('INVALID_PRICE', `${decimal} is too large for a price`)
  return { ok: true, money: { amount: value.toFixed(Math.max(2, digits)), minor, currency } }
}

/**
 * A price as written in a feed: text with an optional currency code before or after the
 * number, or a JSON `{ value|amount, currency }`; `column` is the feed's currency column.
 */
export function parsePrice(input: unknown, column?: string): PriceResult {
  if (typeof input === 'string') {
    const fast = quick(input, column)
    if (fast) return fast
  }
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    const record = input as Record<string, unknown>
    const value = record.value ?? record.amount ?? record.price
    const currency = textOf(record.currency ?? record.currencyCode ?? record.currency_code)
    if (value === undefined || value === null || value === '')
      return fail('INVALID_PRICE', 'the price object has no value')
    if (typeof value === 'number') {
      const unit = currencyOf(currency ?? '', column)
      if (typeof unit !== 'string') return unit
      const decimal = Number.isFinite(value) ? String(value) : ''
      if (!/^-?\d+(\.\d+)?$/.test(decimal)) return fail('INVALID_PRICE', `${decimal || value} is not a price`)
      return money(decimal, unit)
    }
    return parsePrice(currency ? `${textOf(value)} ${currency}` : textOf(value), column)
  }
  if (typeof input === 'number') return parsePrice({ value: input }, column)
  const text = textOf(input)?.trim() ?? ''
  if (!text) return fail('INVALID_PRICE', 'the price is empty')
  const first = text.search(/[\d]/)
  if (first < 0) return fail('INVALID_PRICE', `"${clip(text)}" is not a price`)
  let start = first
  while (start > 0 && /[+\-.,]/.test(text[start - 1]!)) start--
  let end = text.length
  while (end > start && !/\d/.test(text[end - 1]!)) end--
  const before = text.slice(0, start).trim()
  // `12,-` and `12.` are whole amounts.
  const after = text
    .slice(end)
    .replace(/^[.,]-?/, '')
    .trim()
  if (/\s/.test(before) || /\s/.test(after))
    return fail('INVALID_PRICE', `"${clip(text)}" is not a price (write it like 12.99 EUR)`)
  if (before && after) return fail('INVALID_PRICE', `"${clip(text)}" is not a price`)
  const unit = currencyOf(before || after, column?.trim() || undefined)
  if (typeof unit !== 'string') {
    // Letters glued into the number (`12x99`) make it no price at all, not a bad currency.
    if (/\d/.test(before + after)) return fail('INVALID_PRICE', `"${clip(text)}" is not a price`)
    return unit
  }
  const decimal = decimalText(text.slice(start, end), currencyDigits.get(unit))
  if (decimal === null) return fail('INVALID_PRICE', `"${clip(text)}" is not a price`)
  return money(decimal, unit)
}

/** `24.90 EUR`, `12,99` with a column, `7 EUR`: integer arithmetic, no rounding needed. */
const common = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?(?:\s?([A-Z]{3}))?\s*$/

function quick(input: string, column: string | undefined): PriceResult | null {
  const m = common.exec(input)
  if (!m) return null
  const code = m[3] ?? column?.trim()
  if (!code || currencyDigits.get(code) !== 2 || (m[3] && column && column.trim() !== m[3])) return null
  const frac = m[2] === undefined ? '00' : m[2].length === 1 ? `${m[2]}0` : m[2]
  const minor = Number(m[1]) * 100 + Number(frac)
  if (minor <= 0) return null
  return { ok: true, money: { amount: `${Number(m[1])}.${frac}`, minor, currency: code } }
}

const textOf = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'string' ? value : String(value)

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text)
