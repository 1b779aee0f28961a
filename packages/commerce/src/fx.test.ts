// The converter: exact decimal products and quotients rounded once, half to even, with each
// currency's own exponent; the latest rate on or before a day; the inverse only where the
// direct pair is missing; null without a rate; bad rates refused when the converter is built.
import { describe, expect, it } from 'vitest'
import { canonicalRate, createConverter, type RatePoint } from './fx.ts'

const rates = (entries: Record<string, RatePoint[]>) => new Map(Object.entries(entries))

describe('createConverter', () => {
  it('multiplies in decimals, never in floats, and rounds half to even', () => {
    const { convert } = createConverter('USD', rates({ EUR: [{ day: '2026-06-01', rate: '1.0834' }] }))
    // 19.99 EUR × 1.0834 = 21.657166 USD → 2166 cents.
    expect(convert(1999, 'EUR', '2026-06-01')).toBe(2166)
    // 50 × 1.15 = 57.5 exactly, to the even 58 (a float makes it 57.49999999999999: 57).
    const tie = createConverter('USD', rates({ EUR: [{ day: '2026-06-01', rate: '1.15' }] }))
    expect(Math.round(50 * 1.15)).toBe(57)
    expect(tie.convert(50, 'EUR', '2026-06-01')).toBe(58)
    // Ties go to the even neighbour, both ways and for negative amounts alike.
    const even = createConverter('USD', rates({ EUR: [{ day: '2026-06-01', rate: '1.5' }] }))
    expect([1, 3, 5, -1, -3].map((n) => even.convert(n, 'EUR', '2026-06-01'))).toEqual([2, 4, 8, -2, -4])
    expect(convert(0, 'EUR', '2026-06-01')).toBe(0)
    // Twelve significant digits on a large amount stay exact.
    const precise = createConverter('USD', rates({ EUR: [{ day: '2026-06-01', rate: '1.08341234567' }] }))
    expect(precise.convert(123_456_789_012, 'EUR', '2026-06-01')).toBe(133_754_609_372)
  })

  it("uses each currency's minor units (JPY none, KWD three)", () => {
    const toJpy = createConverter('JPY', rates({ EUR: [{ day: '2026-06-01', rate: '162.5' }] }))
    // 19.99 EUR × 162.5 = 3248.375 JPY → 3248.
    expect(toJpy.convert(1999, 'EUR', '2026-06-01')).toBe(3248)
    const toEur = createConverter('EUR', rates({ JPY: [{ day: '2026-06-01', rate: '0.00615' }] }))
    // 3250 JPY × 0.00615 = 19.9875 EUR → 1999 cents (…875 rounds up: not a tie).
    expect(toEur.convert(3250, 'JPY', '2026-06-01')).toBe(1999)
    const toKwd = createConverter('KWD', rates({ EUR: [{ day: '2026-06-01', rate: '0.3321' }] }))
    // 19.99 EUR × 0.3321 = 6.638679 KWD → 6639 fils.
    expect(toKwd.convert(1999, 'EUR', '2026-06-01')).toBe(6639)
  })

  it('takes the latest rate on or before the day, and answers null before the first', () => {
    const { convert } = createConverter(
      'USD',
      rates({
        EUR: [
          { day: '2026-05-28', rate: '1.1' },
          { day: '2026-06-01', rate: '1.2' },
          { day: '2026-06-03', rate: '1.3' },
        ],
      }),
    )
    expect(convert(1000, 'EUR', '2026-05-27')).toBeNull()
    expect(convert(1000, 'EUR', '2026-05-28')).toBe(1100)
    expect(convert(1000, 'EUR', '2026-05-31')).toBe(1100)
    expect(convert(1000, 'EUR', '2026-06-02')).toBe(1200)
    expect(convert(1000, 'EUR', '2026-06-03')).toBe(1300)
    expect(convert(1000, 'EUR', '2027-01-01')).toBe(1300)
  })

  it('leaves the quote currency unchanged and knows no rate it was not given', () => {
    const { convert, quote } = createConverter('EUR', rates({}))
    expect(quote).toBe('EUR')
    expect(convert(1999, 'EUR', '2026-06-01')).toBe(1999)
    expect(convert(1999, 'USD', '2026-06-01')).toBeNull()
    expect(convert(1999, 'XYZ', '2026-06-01')).toBeNull()
  })

  it('divides by the opposite pair exactly when only quote→base is stored', () => {
    // Stored: 1 EUR = 1.0834 USD; asked: USD into EUR. 19.99 / 1.0834 = 18.45117…
    const { convert } = createConverter(
      'EUR',
      rates({ USD: [{ day: '2026-06-01', rate: '1.0834', inverse: true }] }),
    )
    expect(convert(1999, 'USD', '2026-06-01')).toBe(1845)
    // 3 / 2 = 1.5 exactly: a tie, to the even 2; 5 / 2 = 2.5 → 2.
    const half = createConverter('EUR', rates({ USD: [{ day: '2026-06-01', rate: '2', inverse: true }] }))
    expect(half.convert(3, 'USD', '2026-06-01')).toBe(2)
    expect(half.convert(5, 'USD', '2026-06-01')).toBe(2)
    // A third is no finite decimal: 1 / 3 of 100 cents = 33.33… → 33, and 2/3 → 67.
    const third = createConverter('EUR', rates({ USD: [{ day: '2026-06-01', rate: '3', inverse: true }] }))
    expect(third.convert(100, 'USD', '2026-06-01')).toBe(33)
    expect(third.convert(200, 'USD', '2026-06-01')).toBe(67)
    // Into JPY by an inverse: 1 JPY = 0.00615 EUR stored, 19.99 EUR → 3250.406… JPY.
    const jpy = createConverter(
      'JPY',
      rates({ EUR: [{ day: '2026-06-01', rate: '0.00615', inverse: true }] }),
    )
    expect(jpy.convert(1999, 'EUR', '2026-06-01')).toBe(3250)
  })

  it('refuses an unknown quote or a rate that is no positive decimal when built', () => {
    expect(() => createConverter('EURO', rates({}))).toThrow(/ISO 4217/)
    expect(() => createConverter('USD', rates({ EUR: [{ day: '2026-06-01', rate: '0' }] }))).toThrow(
      /not positive/,
    )
    expect(() => createConverter('USD', rates({ EUR: [{ day: '2026-06-01', rate: '1,08' }] }))).toThrow()
    const { convert } = createConverter('USD', rates({ EUR: [{ day: '2026-06-01', rate: '1.1' }] }))
    expect(() => convert(1.5, 'EUR', '2026-06-01')).toThrow(RangeError)
  })
})

describe('canonicalRate', () => {
  it('keeps positive decimals of at most 12 significant digits, in their shortest form', () => {
    expect(canonicalRate('1.0834')).toBe('1.0834')
    expect(canonicalRate('01.50')).toBe('1.5')
    expect(canonicalRate('162')).toBe('162')
    expect(canonicalRate('0.000000001234')).toBe('0.000000001234')
    expect(canonicalRate('123456.789012')).toBe('123456.789012')
    expect(canonicalRate('1200')).toBe('1200')
  })

  it('refuses zero, signs, exponents, commas, blanks and a thirteenth significant digit', () => {
    for (const text of [
      '0',
      '0.000',
      '-1.2',
      '+1.2',
      '1e3',
      '1,08',
      '',
      ' 1.1',
      '.5',
      '1.',
      '1234567.890123',
      'NaN',
    ])
      expect(canonicalRate(text), text).toBeNull()
  })
})
