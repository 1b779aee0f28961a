/**
 * Date ranges: presets resolved against today (so "today" moves on in live mode) or a custom
 * from/to. On screen `to` is the last day shown; the reports take an exclusive end, so the
 * filter's `to` is the day after.
 */
import { addDays, format, isValid, parseISO, startOfMonth, subDays, subMonths } from 'date-fns'

export const presets = ['today', '7d', '30d', 'this-month', 'last-month', 'custom'] as const
export type Preset = (typeof presets)[number]

export interface Range {
  preset: Preset
  /** First day, YYYY-MM-DD. */
  from: string
  /** Last day (inclusive), YYYY-MM-DD. */
  to: string
}

const day = (d: Date) => format(d, 'yyyy-MM-dd')
const validDay = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) && isValid(parseISO(s)) ? s : null)

export function rangeOf(query: URLSearchParams, now = new Date()): Range {
  const raw = query.get('preset')
  const preset: Preset = (presets as readonly string[]).includes(raw ?? '') ? (raw as Preset) : '30d'
  switch (preset) {
    case 'today':
      return { preset, from: day(now), to: day(now) }
    case '7d':
      return { preset, from: day(subDays(now, 6)), to: day(now) }
    case 'this-month':
      return { preset, from: day(startOfMonth(now)), to: day(now) }
    case 'last-month': {
      const start = startOfMonth(subMonths(now, 1))
      return { preset, from: day(start), to: day(subDays(startOfMonth(now), 1)) }
    }
    case 'custom': {
      const from = validDay(query.get('from')) ?? day(subDays(now, 29))
      const to = validDay(query.get('to')) ?? day(now)
      return from <= to ? { preset, from, to } : { preset, from: to, to: from }
    }
    default:
      return { preset: '30d', from: day(subDays(now, 29)), to: day(now) }
  }
}

/** The reports' window: from the first day to the day after the last. */
export const windowOf = (r: Range) => ({ from: r.from, to: day(addDays(parseISO(r.to), 1)) })

/** Days in the range (1 for today). */
export const daysIn = (r: Range) =>
  Math.round((parseISO(r.to).getTime() - parseISO(r.from).getTime()) / 86_400_000) + 1
