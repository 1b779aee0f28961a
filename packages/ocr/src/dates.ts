/**
 * The date line of a story-insights screen, in English and German, parsed with date-fns and its
 * locales: `Aug 28, 2023 at 4:33 PM`, `January 19 at 11:40 PM`, `24.12.2023, 11:13`,
 * `19. Januar um 23:40`, `Today at 9:05 AM` / `Gestern um 21:10`. A date without a year is in
 * the upload's year, or the year before when that would lie after the upload.
 */
import { addYears, isValid, parse, subDays } from 'date-fns'
import { de, enGB, enUS } from 'date-fns/locale'

export type DateLocale = 'en' | 'de'

const formats: Record<DateLocale, { locale: typeof enUS; patterns: string[] }[]> = {
  en: [
    {
      locale: enUS,
      patterns: [
        "MMM d, yyyy 'at' h:mm a",
        "MMMM d, yyyy 'at' h:mm a",
        "MMM d 'at' h:mm a",
        "MMMM d 'at' h:mm a",
        'MMM d, yyyy, h:mm a',
        'MMM d, yyyy h:mm a',
        "MMM d, yyyy 'at' H:mm",
        "MMMM d 'at' H:mm",
        "MMM d 'at' H:mm",
      ],
    },
    {
      locale: enGB,
      patterns: ["d MMM yyyy 'at' H:mm", "d MMMM yyyy 'at' H:mm", "d MMM 'at' H:mm", "d MMMM 'at' H:mm"],
    },
  ],
  de: [
    {
      locale: de,
      patterns: [
        'dd.MM.yyyy, HH:mm',
        'd.M.yyyy, H:mm',
        'dd.MM.yyyy HH:mm',
        'dd.MM.yy, HH:mm',
        "d. MMMM 'um' H:mm",
        "d. MMMM yyyy 'um' H:mm",
        "d. MMM 'um' H:mm",
        "d. MMM yyyy 'um' H:mm",
        'd. MMMM yyyy, H:mm',
        'd. MMMM, H:mm',
        "dd.MM. 'um' HH:mm",
        'dd.MM., HH:mm',
      ],
    },
  ],
}

const relative: { pattern: RegExp; daysBack: number; locale: DateLocale }[] = [
  { pattern: /^today\b/i, daysBack: 0, locale: 'en' },
  { pattern: /^yesterday\b/i, daysBack: 1, locale: 'en' },
  { pattern: /^heute\b/i, daysBack: 0, locale: 'de' },
  { pattern: /^gestern\b/i, daysBack: 1, locale: 'de' },
]

/** What OCR does to a date line: stray spaces, `11:27PM`, `Marz`, a comma read as a period. */
function tidy(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .replace(/(\d)\s*([AaPp])\.?\s?([Mm])\.?/g, '$1 $2$3')
      .replace(/\bMarz\b/g, 'März')
      // words OCR ran together: `Julium 03:36`, `18at 11:36`
      .replace(/(\p{L}{3,}\.?)um(?=\s+\d)/gu, '$1 um')
      .replace(/(\d)(at|um)(?=\s+\d)/g, '$1 $2')
      .replace(/(\d{1,2})\s*[:;.]\s*(\d{2})\b(?!\.)/g, (all, h, m, offset, whole: string) =>
        // a time (`11:27`), unless it is part of a `dd.MM.yyyy` date
        /\d\.$/.test(whole.slice(0, offset)) || /^\.\d/.test(whole.slice(offset + all.length))
          ? all
          : `${h}:${m}`,
      )
      .trim()
  )
}

const pad = (n: number) => String(n).padStart(2, '0')
const isoMinutes = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`

export interface ParsedDate {
  /** `YYYY-MM-DDTHH:mm`, local time as shown. */
  iso: string
  locale: DateLocale
}

/**
 * The date a line shows, or null. `uploadedAt` (local time of the upload) settles a missing
 * year and `Today`/`Yesterday`; `prefer` is tried first when both locales could read the line.
 */
export function parseShownDate(line: string, uploadedAt: Date, prefer: DateLocale = 'en'): ParsedDate | null {
  const text = tidy(line)
  const words = text.split(' ')
  const order: DateLocale[] = prefer === 'en' ? ['en', 'de'] : ['de', 'en']
  // The whole line first, then shorter windows of it (a stray icon read as a letter at an end).
  for (let length = words.length; length >= 2; length--) {
    for (let from = 0; from + length <= words.length; from++) {
      const candidate = words.slice(from, from + length).join(' ')
      for (const locale of order) {
        const found = parseCandidate(candidate, uploadedAt, locale)
        if (found) return found
      }
    }
  }
  return null
}

function parseCandidate(candidate: string, uploadedAt: Date, locale: DateLocale): ParsedDate | null {
  for (const r of relative) {
    if (r.locale !== locale || !r.pattern.test(candidate)) continue
    const time = candidate.replace(r.pattern, '').replace(/^\s*(at|um)\s*/i, '')
    const day = subDays(uploadedAt, r.daysBack)
    for (const pattern of locale === 'en' ? ['h:mm a', 'H:mm'] : ['H:mm']) {
      const d = parse(time, pattern, day, { locale: locale === 'en' ? enUS : de })
      if (isValid(d)) return { iso: isoMinutes(d), locale }
    }
  }
  for (const { locale: dateLocale, patterns } of formats[locale]) {
    for (const pattern of patterns) {
      const d = parse(candidate, pattern, uploadedAt, { locale: dateLocale })
      if (!isValid(d)) continue
      const year = pattern.includes('y')
      const dated = !year && d.getTime() > uploadedAt.getTime() ? addYears(d, -1) : d
      if (dated.getFullYear() < 2010) continue
      return { iso: isoMinutes(dated), locale }
    }
  }
  return null
}
