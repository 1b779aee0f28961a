// The date line of a story-insights screen in both locales, with the year a date without one takes.
import { describe, expect, it } from 'vitest'
import { parseShownDate } from './dates.ts'

const uploaded = new Date(2024, 0, 10, 12, 0) // 10 January 2024, local time

describe('parseShownDate', () => {
  it.each([
    ['Aug 28, 2023 at 4:33 PM', '2023-08-28T16:33', 'en'],
    ['Jun 11, 2023 at 11:27PM', '2023-06-11T23:27', 'en'],
    ['Dec 28 at 1:05 AM', '2023-12-28T01:05', 'en'],
    ['January 8 at 11:40 PM', '2024-01-08T23:40', 'en'],
    ['8 January at 14:40', '2024-01-08T14:40', 'en'],
    ['Today at 9:05 AM', '2024-01-10T09:05', 'en'],
    ['Yesterday at 10:15 PM', '2024-01-09T22:15', 'en'],
    ['24.12.2023, 11:13', '2023-12-24T11:13', 'de'],
    ['09.12.2023, 17:45', '2023-12-09T17:45', 'de'],
    ['5. Januar um 23:40', '2024-01-05T23:40', 'de'],
    ['5. März um 08:02', '2023-03-05T08:02', 'de'],
    ['5. Marz um 08:02', '2023-03-05T08:02', 'de'],
    ['Gestern um 21:10', '2024-01-09T21:10', 'de'],
    ['28. Aug. 2023 um 16:33', '2023-08-28T16:33', 'de'],
    ['24.12.23, 11:13', '2023-12-24T11:13', 'de'],
    ['3. Okt. um 09:15', '2023-10-03T09:15', 'de'],
    ['28 Aug 2023 at 16:33', '2023-08-28T16:33', 'en'],
    ['September 3, 2023 at 9:15 AM', '2023-09-03T09:15', 'en'],
  ])('%s → %s', (line, iso, locale) => {
    expect(parseShownDate(line, uploaded, locale as 'en' | 'de')).toEqual({ iso, locale })
  })

  it('puts a date without a year that would lie after the upload in the year before', () => {
    expect(parseShownDate('January 19 at 11:40 PM', uploaded)?.iso).toBe('2023-01-19T23:40')
    expect(parseShownDate('19. Januar um 23:40', uploaded, 'de')?.iso).toBe('2023-01-19T23:40')
  })

  it('separates words OCR ran together', () => {
    expect(parseShownDate('28. Julium 03:36', uploaded, 'de')?.iso).toBe('2023-07-28T03:36')
    expect(parseShownDate('July 18at 11:36 AM', uploaded)?.iso).toBe('2023-07-18T11:36')
  })

  it('finds the date between stray marks OCR adds at the ends', () => {
    expect(parseShownDate('© Jun 11, 2023 at 11:27 PM ~', uploaded)?.iso).toBe('2023-06-11T23:27')
  })

  it.each(['13:28 all 72%', '12,214', 'Profile activity 132', 'Navigation'])(
    'finds no date in %j',
    (line) => {
      expect(parseShownDate(line, uploaded)).toBeNull()
    },
  )
})
