// The date presets against a fixed "now": inclusive days on screen, the exclusive end the
// reports take, month and year edges, a spring night, and custom ranges that are wrong.
import { describe, expect, it } from 'vitest'
import { daysIn, rangeOf, windowOf } from './range.ts'

const at = (preset: string, extra: Record<string, string> = {}, now = new Date(2026, 0, 15, 9, 30)) =>
  rangeOf(new URLSearchParams({ preset, ...extra }), now)

describe('date ranges', () => {
  it('resolves each preset against today', () => {
    expect(at('today')).toEqual({ preset: 'today', from: '2026-01-15', to: '2026-01-15' })
    expect(at('7d')).toMatchObject({ from: '2026-01-09', to: '2026-01-15' })
    expect(daysIn(at('7d'))).toBe(7)
    expect(at('30d')).toMatchObject({ from: '2025-12-17', to: '2026-01-15' })
    expect(daysIn(at('30d'))).toBe(30)
    expect(at('this-month')).toMatchObject({ from: '2026-01-01', to: '2026-01-15' })
    // Last month of January is last year's December.
    expect(at('last-month')).toMatchObject({ from: '2025-12-01', to: '2025-12-31' })
    expect(at('last-month', {}, new Date(2024, 2, 10))).toMatchObject({
      from: '2024-02-01',
      to: '2024-02-29',
    })
  })

  it('takes the last 30 days for an unknown or missing preset', () => {
    expect(at('fortnight')).toMatchObject({ preset: '30d', from: '2025-12-17' })
    expect(rangeOf(new URLSearchParams(), new Date(2026, 0, 15))).toMatchObject({ preset: '30d' })
  })

  it('keeps a custom range, swaps one given backwards, and ignores dates that are not dates', () => {
    expect(at('custom', { from: '2025-11-01', to: '2025-11-30' })).toMatchObject({
      from: '2025-11-01',
      to: '2025-11-30',
    })
    expect(at('custom', { from: '2025-11-30', to: '2025-11-01' })).toMatchObject({
      from: '2025-11-01',
      to: '2025-11-30',
    })
    expect(at('custom', { from: '2025-02-30', to: 'yesterday' })).toMatchObject({
      from: '2025-12-17',
      to: '2026-01-15',
    })
  })

  it('gives the reports the day after the last day as the exclusive end, across a spring night', () => {
    expect(windowOf({ preset: 'custom', from: '2026-03-28', to: '2026-03-29' })).toEqual({
      from: '2026-03-28',
      to: '2026-03-30',
    })
    expect(windowOf(at('last-month'))).toEqual({ from: '2025-12-01', to: '2026-01-01' })
  })
})
