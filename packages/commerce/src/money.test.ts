// Money as people read it: the locale's separators and symbol, the currency's own digits.
import { describe, expect, it } from 'vitest'
import { formatMoney, toMajor, toMinor } from './money.ts'

describe('money', () => {
  it('formats minor units per locale with the currency’s digits', () => {
    expect(formatMoney(2990, 'EUR', 'de-DE')).toBe('29,90\u00a0€')
    expect(formatMoney(2990, 'EUR', 'en-GB')).toBe('€29.90')
    expect(formatMoney(1999, 'JPY', 'en-GB')).toBe('JP¥1,999')
    expect(formatMoney(1500, 'KWD', 'en-GB')).toBe('KWD\u00a01.500')
    expect(formatMoney(1999, 'E1', 'en-GB')).toBe('19.99 E1')
  })

  it('turns major units to minor and back', () => {
    expect(toMinor(29.9, 'EUR')).toBe(2990)
    expect(toMinor(29.999, 'EUR')).toBeNull()
    expect(toMajor(2990, 'EUR')).toBe('29.90')
    expect(toMajor(1999, 'JPY')).toBe('1999')
  })
})
