// Counts as Instagram prints them in English and German, and what is no count at all.
import { describe, expect, it } from 'vitest'
import { parseCount } from './numbers.ts'

describe('parseCount', () => {
  it.each([
    ['12,345', 12345, false],
    ['12.345', 12345, false],
    ['12 345', 12345, false],
    ['1,234,567', 1234567, false],
    ['554', 554, false],
    ['0', 0, false],
    ['12.3K', 12300, true],
    ['12,3 Tsd.', 12300, true],
    ['12,3 Tsd', 12300, true],
    ['1.2M', 1200000, true],
    ['1,2 Mio.', 1200000, true],
    ['1 Mio.', 1000000, true],
    ['105 Tsd.', 105000, true],
    ['999.9K', 999900, true],
    ['2.5B', 2500000000, true],
    ['1,5 Mrd.', 1500000000, true],
  ])('reads %s as %d (approximate: %s)', (text, value, approximate) => {
    expect(parseCount(text)).toEqual({ value, approximate, text })
  })

  it('scales in decimal, never by floating point', () => {
    // 4.1 * 1000 is 4099.999… in binary floating point
    expect(parseCount('4.1K')?.value).toBe(4100)
    expect(parseCount('0,29 Mio.')?.value).toBe(290000)
  })

  it('takes the digits OCR reads as letters beside real digits', () => {
    expect(parseCount('1O5')?.value).toBe(105)
    expect(parseCount('l2')?.value).toBe(12)
    expect(parseCount('iM')).toEqual({ value: 1_000_000, approximate: true, text: 'iM' })
    expect(parseCount('l Mio.')?.value).toBe(1_000_000)
    expect(parseCount('655 Ted.')).toEqual({ value: 655_000, approximate: true, text: '655 Ted.' })
    expect(parseCount('1,2 Mlo.')?.value).toBe(1_200_000)
  })

  it.each(['4:33', '72%', 'Tsd.', '1,5', '12,34', 'Follower', 'lO', 'im', 'Im', '1,2 Foo', '', '12.3.4K'])(
    'is no count: %j',
    (text) => {
      expect(parseCount(text)).toBeNull()
    },
  )
})
