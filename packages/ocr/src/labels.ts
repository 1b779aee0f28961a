/**
 * The words of a story-insights screen in English and German: each metric's row labels
 * (Instagram's current wording first, then older or regional ones) and the section headings.
 * Matching is on a compact form (lower case, no diacritics, letters only) with an edit
 * distance allowance that grows with the label's length, since OCR drops umlauts
 * (`Zuruck`), joins hyphens (`LinkKlicks`) and misreads a letter here and there.
 */
import { distance } from 'fastest-levenshtein'

export type MetricKey =
  | 'accounts_reached'
  | 'impressions'
  | 'accounts_engaged'
  | 'profile_activity'
  | 'replies'
  | 'shares'
  | 'link_clicks'
  | 'sticker_taps'
  | 'profile_visits'
  | 'follows'
  | 'forward'
  | 'back'
  | 'next_story'
  | 'exited'

export type Locale = 'en' | 'de'

export const metricLabels: Record<MetricKey, Record<Locale, readonly string[]>> = {
  accounts_reached: { en: ['Accounts reached', 'Reach'], de: ['Erreichte Konten', 'Reichweite'] },
  impressions: { en: ['Impressions'], de: ['Impressionen'] },
  accounts_engaged: {
    en: ['Accounts engaged'],
    de: ['Interagierende Konten', 'Konten mit Interaktionen', 'Konten, die interagiert haben'],
  },
  profile_activity: { en: ['Profile activity'], de: ['Profilaktivität', 'Profilaktivitäten'] },
  replies: { en: ['Replies'], de: ['Antworten'] },
  shares: { en: ['Shares'], de: ['Geteilt', 'Geteilte Inhalte', 'Mal geteilt'] },
  link_clicks: { en: ['Link clicks', 'Link taps', 'Link sticker taps'], de: ['Link-Klicks', 'Link-Tipps'] },
  sticker_taps: { en: ['Sticker taps'], de: ['Sticker-Taps', 'Sticker-Tipps'] },
  profile_visits: { en: ['Profile visits'], de: ['Profilaufrufe', 'Profilbesuche'] },
  follows: { en: ['Follows'], de: ['Follower', 'Neue Follower'] },
  forward: { en: ['Forward', 'Forward taps'], de: ['Weiter', 'Vorwärts'] },
  back: { en: ['Back', 'Back taps'], de: ['Zurück'] },
  next_story: { en: ['Next story', 'Next stories'], de: ['Nächste Story'] },
  exited: { en: ['Exited', 'Exits'], de: ['Verlassen', 'Beendet'] },
}

/** Section headings: they tell a story-insights screen from another, and carry no metric of their own. */
export const headings: Record<Locale, readonly string[]> = {
  en: ['Overview', 'Reach', 'Engagement', 'Interactions', 'Story interactions', 'Navigation', 'Insights'],
  de: [
    'Übersicht',
    'Reichweite',
    'Interaktionen',
    'Story-Interaktionen',
    'Navigation',
    'Insights',
    'Statistiken',
  ],
}

/** Lower case, diacritics folded (`ä` → `a`, `ß` → `ss`), letters only. */
export const compact = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z]/g, '')

const allowance = (length: number) => (length <= 4 ? 0 : length <= 8 ? 1 : length <= 14 ? 2 : 3)

interface Entry {
  key: MetricKey
  locale: Locale
  form: string
}

const entries: Entry[] = Object.entries(metricLabels).flatMap(([key, byLocale]) =>
  (Object.entries(byLocale) as [Locale, readonly string[]][]).flatMap(([locale, labels]) =>
    labels.map((label) => ({ key: key as MetricKey, locale, form: compact(label) })),
  ),
)
const headingForms = new Set(Object.values(headings).flatMap((h) => h.map(compact)))

export interface LabelMatch {
  key: MetricKey
  /** The locales whose wording it matches (both for `Navigation`, `Sticker taps`/`Sticker-Taps`). */
  locales: Locale[]
  /** 1 for an exact match, less for each edit. */
  similarity: number
}

/** The metric a row's label names, or null. */
export function matchLabel(text: string): LabelMatch | null {
  const form = compact(text)
  if (form.length < 3) return null
  let best: { entry: Entry; d: number } | undefined
  const locales = new Set<Locale>()
  for (const entry of entries) {
    if (Math.abs(entry.form.length - form.length) > allowance(entry.form.length)) continue
    const d = distance(entry.form, form)
    if (d > allowance(entry.form.length)) continue
    if (!best || d < best.d) {
      best = { entry, d }
      locales.clear()
    }
    if (best.entry.key === entry.key && d === best.d) locales.add(entry.locale)
  }
  if (!best) return null
  return { key: best.entry.key, locales: [...locales], similarity: 1 - best.d / best.entry.form.length }
}

/** True when the text is a section heading (`Overview`, `Übersicht`, `Navigation`). */
export function isHeading(text: string): boolean {
  const form = compact(text)
  if (form.length < 4) return false
  for (const h of headingForms) if (distance(h, form) <= allowance(h.length)) return true
  return false
}
