// The layout rules of the story-insight reader on words placed by hand (no OCR): a label and the
// count flush right at its height make a metric, wherever tesseract split its lines; counts with
// no label beside them (clock, battery, notification, icon counts) are no metric.
import type { OcrWord } from '@glam/core'
import { describe, expect, it } from 'vitest'
import { interpretPage, NotStoryInsightsError } from './story-insights.ts'

const size = { width: 1080, height: 2340 }
const uploaded = new Date(2024, 5, 1, 12, 0)

/** Words from `text` starting at x, on the row whose top is y (each word 20 px per letter). */
function words(text: string, x: number, y: number, height = 40, confidence = 92): OcrWord[] {
  const out: OcrWord[] = []
  for (const word of text.split(' ')) {
    const w = word.length * 20
    out.push({ text: word, confidence, bbox: { x0: x, y0: y, x1: x + w, y1: y + height } })
    x += w + 14
  }
  return out
}
/** A count ending at the right margin. */
const right = (text: string, y: number, confidence = 92) =>
  words(text, 1030 - text.length * 20, y, 40, confidence)

describe('reading rows by position', () => {
  it('pairs each label with the count at its height, and leaves numbers without a label alone', () => {
    const page = [
      ...words('13:28', 90, 40),
      ...right('72%', 40),
      ...words('Anna replied to your story 3', 90, 120), // a notification banner
      ...words('Jun 11, 2023 at 11:27 PM', 340, 460, 30),
      ...words('12', 230, 600), // counts under the reply and share icons
      ...words('4', 420, 600),
      ...words('Overview ©', 50, 720),
      ...words('Accounts reached', 50, 850),
      ...right('12,214', 852),
      ...words('Replies', 50, 1000),
      ...words('Shares', 50, 1100),
      ...right('12', 1101),
    ]
    const result = interpretPage(page, '', size, uploaded)
    expect(result.metrics).toEqual({
      accounts_reached: { value: 12214, approximate: false, text: '12,214', confidence: 0.92 },
      shares: { value: 12, approximate: false, text: '12', confidence: 0.92 },
    })
    expect(result.date).toBe('2023-06-11T23:27')
    expect(result.locale).toBe('en')
  })

  it('pairs words of one row that tesseract put on different lines, in any order', () => {
    const page = [
      ...right('1,2 Mio.', 902),
      ...words('Weiter', 50, 900),
      ...words('Zurück', 50, 1000),
      ...right('43,7 Tsd.', 1003),
    ]
    const result = interpretPage(page.reverse(), '', size, uploaded)
    expect(result.metrics.forward?.value).toBe(1_200_000)
    expect(result.metrics.back).toMatchObject({ value: 43_700, approximate: true, text: '43,7 Tsd.' })
    expect(result.locale).toBe('de')
  })

  it('reads a big count standing above its label (the layout of some app versions)', () => {
    const page = [
      ...words('Reach', 50, 700),
      ...words('3,456', 480, 800, 60),
      ...words('Accounts reached', 380, 880),
      ...words('Impressions', 50, 1000),
      ...right('4,012', 1000),
    ]
    const result = interpretPage(page, '', size, uploaded)
    expect(result.metrics.accounts_reached?.value).toBe(3456)
    expect(result.metrics.impressions?.value).toBe(4012)
  })

  it('keeps the first of a repeated row (the overview before its section) and lowers confidence for a misread label', () => {
    const page = [
      ...words('Profile activity', 50, 700),
      ...right('132', 700, 96),
      ...words('Follows', 50, 800),
      ...right('13', 800),
      ...words('Proflle activity', 50, 900),
      ...right('999', 900),
    ]
    const result = interpretPage(page, '', size, uploaded)
    expect(result.metrics.profile_activity).toMatchObject({ value: 132, confidence: 0.96 })
    const misread = interpretPage(
      words('Proflle activity', 50, 700).concat(right('5', 700), words('Back', 50, 800), right('1', 800)),
      '',
      size,
      uploaded,
    )
    expect(misread.metrics.profile_activity?.confidence).toBeLessThan(0.92)
  })

  it('refuses a page with no story-insight rows', () => {
    const page = [...words('Total 12,99 €', 50, 700), ...words('Pink Clay Mask', 50, 800), ...right('2', 800)]
    expect(() => interpretPage(page, 'Total', size, uploaded)).toThrow(NotStoryInsightsError)
    expect(() => interpretPage([], '', size, uploaded)).toThrow(NotStoryInsightsError)
  })
})

describe('lookalikes and marks', () => {
  it('takes no label of the other language (English `Followers` is not German `Follower`), and drops a chevron after a count', () => {
    const page = [
      ...words('Accounts reached', 50, 700),
      ...right('1,024', 700),
      ...words('Followers', 50, 800),
      ...right('812', 800),
      ...words('Link clicks', 50, 900),
      ...right('37', 900),
      ...words('>', 1040, 900),
    ]
    const result = interpretPage(page, '', size, uploaded)
    expect(Object.keys(result.metrics).sort()).toEqual(['accounts_reached', 'link_clicks'])
    expect(result.metrics.link_clicks?.value).toBe(37)
  })
})
