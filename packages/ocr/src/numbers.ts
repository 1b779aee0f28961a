/**
 * Counts as Instagram prints them, in English and German: `12,345` / `12.345`, `12.3K` /
 * `12,3 Tsd.`, `1.2M` / `1,2 Mio.`, `1 Mio.`. Counts are whole numbers, so a separator with
 * exactly three digits after it and no abbreviation is a thousands separator in either locale;
 * with an abbreviation the last separator is the decimal mark. Scaling is decimal (big.js), so
 * `12.3K` is exactly 12300, never 12299.999….
 */
import Big from 'big.js'
import { distance } from 'fastest-levenshtein'

export interface ParsedCount {
  value: number
  /** The text was abbreviated (`12.3K`): the true count is only near `value`. */
  approximate: boolean
  /** The value as read, tidied (`47,1 Tsd.`). */
  text: string
}

const multipliers: Record<string, number> = {
  k: 1e3,
  tsd: 1e3,
  tausend: 1e3,
  m: 1e6,
  mio: 1e6,
  mn: 1e6,
  b: 1e9,
  mrd: 1e9,
}

// What OCR makes of digits: O for 0, l/I/i/| for 1.
const digitLike: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  l: '1',
  I: '1',
  i: '1',
  '|': '1',
  '!': '1',
}

/** `K`, `Tsd`, `Mio` and what OCR makes of the three-letter ones (`Ted`, `Mlo`). */
function multiplierOf(unit: string): number | undefined {
  const u = unit.toLowerCase()
  if (multipliers[u] !== undefined) return multipliers[u]
  if (u.length !== 3) return undefined
  const near = ['tsd', 'mio', 'mrd'].filter((m) => distance(m, u) === 1)
  return near.length === 1 ? multipliers[near[0]!] : undefined
}

const shape = /^([0-9OoDlIi|!]+(?:[.,' \u00a0\u202f][0-9OoDlIi|!]+)*)\s*([A-Za-z]+)?\.?$/

/** Parses a count; null when the text is not one (a clock `4:33`, a percentage, a word, `1,5`). */
export function parseCount(raw: string): ParsedCount | null {
  const text = raw
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[‚،]/g, ',')
    .replace(/(\d)\s*[.,]$/, '$1')
    .replace(/(\d)\s+(?=\d{3}\b)/g, '$1 ')
    .replace(/(\d[.,])\s+(?=\d)/g, '$1')
  const m = shape.exec(text)
  if (!m) return null
  const [, numeral, unit] = m
  const multiplier = unit === undefined ? 1 : multiplierOf(unit)
  if (multiplier === undefined) return null
  const digits = numeral!.replace(/[OoDlIi|!]/g, (c) => digitLike[c]!)
  // Letter-lookalikes alone are a word (`lO`, `im`), unless Instagram's abbreviation follows
  // (`iM` is 1M, `l Mio.` is 1 Mio.).
  if (!/\d/.test(numeral!) && (numeral!.length > 2 || !/^(K|M|B|Tsd|Mio|Mrd)$/.test(unit ?? ''))) return null
  const groups = digits.split(/[.,' \u00a0\u202f]/)
  let number: Big
  if (multiplier === 1) {
    // Grouping only: every group after the first has three digits.
    if (groups.slice(1).some((g) => g.length !== 3) || (groups[0]!.length > 3 && groups.length > 1))
      return null
    number = new Big(groups.join(''))
  } else {
    const last = groups.length > 1 ? groups.pop()! : undefined
    if (groups.slice(1).some((g) => g.length !== 3)) return null
    const whole = groups.join('')
    // `12.3K`, `1,25 Mio.`; `12,345K` would be grouping, which Instagram never prints.
    number =
      last !== undefined && last.length <= 2 ? new Big(`${whole}.${last}`) : new Big(whole + (last ?? ''))
  }
  const value = Number(number.times(multiplier).round(0, Big.roundHalfUp).toString())
  if (!Number.isSafeInteger(value)) return null
  return { value, approximate: multiplier !== 1, text: raw.trim().replace(/\s+/g, ' ') }
}
