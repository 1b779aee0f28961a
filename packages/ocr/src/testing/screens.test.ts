import { existsSync, readFileSync } from 'node:fs'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import {
  LABELS,
  METRIC_KEYS,
  renderScreen,
  type ScreenCase,
  screenFileName,
  screenTruth,
  storyInsightCases,
} from './screens.ts'

const cases = storyInsightCases()
const fixtures = new URL('../../fixtures/story-insights/', import.meta.url)
const allMetrics = cases.flatMap((c) => Object.values(c.metrics).map((m) => ({ ...m!, locale: c.locale })))

/** What a metric's text says, read independently of the generator's formatting. */
function denoted(text: string, locale: 'en' | 'de'): number {
  const [decimal, group] = locale === 'en' ? ['.', ','] : [',', '.']
  const match = /^([\d.,]+)\s?(K|M|Tsd\.|Mio\.)?$/.exec(text)
  if (!match) throw new Error(`Unreadable count ${text}`)
  const unit = match[2]
  const digits = unit ? match[1]!.replace(decimal, '.') : match[1]!.split(group).join('')
  const factor = unit === 'K' || unit === 'Tsd.' ? 1e3 : unit === 'M' || unit === 'Mio.' ? 1e6 : 1
  return Math.round(Number(digits) * factor)
}

const MONTHS = {
  en: 'January February March April May June July August September October November December'.split(' '),
  de: 'Januar Februar März April Mai Juni Juli August September Oktober November Dezember'.split(' '),
}

interface ReadDate {
  family: string
  month: number
  day: number
  year: number | undefined
  hour: number
  minute: number
}

const hour12 = (h: string, half: string) => (+h % 12) + (half === 'PM' ? 12 : 0)
const enMonth = (name: string) => MONTHS.en.findIndex((m) => m === name || m.slice(0, 3) === name) + 1

/** Each family's pattern and how to read its parts back. */
const DATE_FAMILIES: [string, RegExp, (p: string[]) => Omit<ReadDate, 'family'>][] = [
  [
    'en-year',
    /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) at (\d{1,2}):(\d{2}) (AM|PM)$/,
    ([, mo, d, y, h, mi, half]) => ({
      month: enMonth(mo!),
      day: +d!,
      year: +y!,
      hour: hour12(h!, half!),
      minute: +mi!,
    }),
  ],
  [
    'en-no-year',
    /^([A-Z][a-z]+) (\d{1,2}) at (\d{1,2}):(\d{2}) (AM|PM)$/,
    ([, mo, d, h, mi, half]) => ({
      month: enMonth(mo!),
      day: +d!,
      year: undefined,
      hour: hour12(h!, half!),
      minute: +mi!,
    }),
  ],
  [
    'de-year',
    /^(\d{2})\.(\d{2})\.(\d{4}), (\d{2}):(\d{2})$/,
    ([, d, mo, y, h, mi]) => ({ month: +mo!, day: +d!, year: +y!, hour: +h!, minute: +mi! }),
  ],
  [
    'de-no-year',
    /^(\d{1,2})\. ([A-ZÄÖÜ][a-zäöü]+) um (\d{2}):(\d{2})$/,
    ([, d, mo, h, mi]) => ({
      month: MONTHS.de.indexOf(mo!) + 1,
      day: +d!,
      year: undefined,
      hour: +h!,
      minute: +mi!,
    }),
  ],
]

/** The shown date read back: month, day, hour, minute and the year when it is written. */
function readDate(c: ScreenCase): ReadDate {
  for (const [family, pattern, read] of DATE_FAMILIES) {
    const parts = pattern.exec(c.date.shown)
    if (parts) return { family, ...read([...parts]) }
  }
  throw new Error(`Unknown date family: ${c.date.shown}`)
}
const pad = (n: number) => String(n).padStart(2, '0')

describe('storyInsightCases', () => {
  it('has at least 30 cases with unique names and an unseen subset of rows each', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length)
    const subsets = cases.map((c) => METRIC_KEYS.filter((k) => c.metrics[k]).join(','))
    expect(new Set(subsets).size).toBe(cases.length)
    expect(cases.some((c) => Object.keys(c.metrics).length <= 3)).toBe(true)
    expect(storyInsightCases()).toEqual(cases)
  })

  it('covers both locales and themes, and every degradation', () => {
    for (const locale of ['en', 'de'] as const)
      for (const theme of ['light', 'dark'] as const)
        expect(cases.some((c) => c.locale === locale && c.theme === theme)).toBe(true)
    const jpegs = cases.filter((c) => c.format === 'jpeg')
    expect(jpegs.length).toBeGreaterThan(0)
    for (const c of jpegs) expect(c.jpegQuality).toBeGreaterThanOrEqual(35)
    for (const c of jpegs) expect(c.jpegQuality).toBeLessThanOrEqual(60)
    const blurred = cases.filter((c) => c.blur)
    expect(blurred.length).toBeGreaterThan(0)
    for (const c of blurred) expect(c.blur).toBeGreaterThanOrEqual(0.6)
    for (const c of blurred) expect(c.blur).toBeLessThanOrEqual(1.2)
    expect(cases.some((c) => c.width === 750)).toBe(true)
    expect(new Set(cases.map((c) => c.font)).size).toBe(2)
  })

  it('writes counts abbreviated, grouped and small, each denoting its value', () => {
    const texts = (locale: 'en' | 'de') => allMetrics.filter((m) => m.locale === locale).map((m) => m.text)
    expect(texts('en').some((t) => /^\d+\.\dK$/.test(t))).toBe(true)
    expect(texts('en').some((t) => /^\d+\.\dM$/.test(t))).toBe(true)
    expect(texts('de').some((t) => /^\d+,\d Tsd\.$/.test(t))).toBe(true)
    expect(texts('de').some((t) => /^\d+,\d Mio\.$/.test(t))).toBe(true)
    expect(texts('en').some((t) => /^\d{1,3},\d{3}$/.test(t))).toBe(true)
    expect(texts('de').some((t) => /^\d{1,3}\.\d{3}$/.test(t))).toBe(true)
    for (const small of [0, 3, 27]) expect(allMetrics.some((m) => m.value === small)).toBe(true)
    for (const m of allMetrics) {
      expect(denoted(m.text, m.locale), m.text).toBe(m.value)
      expect(m.approximate, m.text).toBe(/[KM]|Tsd|Mio/.test(m.text))
    }
  })

  it('shows all four date families, with iso and the year rule agreeing with the shown date', () => {
    const families = new Set<string>()
    let rolledBack = 0
    for (const c of cases) {
      const d = readDate(c)
      families.add(d.family)
      const uploadedAt = c.date.uploadedAt!
      expect(uploadedAt.slice(0, 4)).toBe(String(c.date.uploadYear))
      const inUploadYear = `${c.date.uploadYear}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}`
      const year = d.year ?? (inUploadYear > uploadedAt ? c.date.uploadYear - 1 : c.date.uploadYear)
      if (year < c.date.uploadYear && d.year === undefined) rolledBack++
      expect(c.date.iso, c.name).toBe(`${year}-${pad(d.month)}-${pad(d.day)}T${pad(d.hour)}:${pad(d.minute)}`)
    }
    expect([...families].sort()).toEqual(['de-no-year', 'de-year', 'en-no-year', 'en-year'])
    expect(rolledBack).toBeGreaterThan(0)
  })

  it('carries distractor numbers: the clock, the battery, notifications', () => {
    for (const c of cases) expect(c.statusClock).toMatch(/^\d{1,2}:\d{2}$/)
    const notes = cases.flatMap((c) => (c.notification ? [c.notification] : []))
    expect(notes).toContain('3 new messages')
    expect(notes).toContain('Neue Nachricht von anna_92: 12 Likes')
    expect(cases.every((c) => (c.battery ?? 0) > 0)).toBe(true)
  })

  it('labels every metric in both locales', () => {
    for (const locale of ['en', 'de'] as const)
      expect(Object.keys(LABELS[locale]).sort()).toEqual([...METRIC_KEYS].sort())
  })
})

describe('the fixtures', () => {
  it('truth.json matches the cases, and every image is there', () => {
    const truth = JSON.parse(readFileSync(new URL('truth.json', fixtures), 'utf8'))
    expect(truth).toEqual(cases.map(screenTruth))
    for (const c of cases) expect(existsSync(new URL(screenFileName(c), fixtures)), c.name).toBe(true)
  })
})

describe('renderScreen', () => {
  it('renders the same bytes twice, at the case size and format', async () => {
    const c = cases.find((x) => x.width === 750 && x.format === 'jpeg' && x.blur)!
    const [first, second] = [await renderScreen(c), await renderScreen(c)]
    expect(first.equals(second)).toBe(true)
    const meta = await sharp(first).metadata()
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({
      format: 'jpeg',
      width: 750,
      height: 1625,
    })
  })
})
