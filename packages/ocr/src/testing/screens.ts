/**
 * Synthetic Instagram story-insights screenshots and their ground truth: the OCR test set of
 * `@glam/ocr`. Cases come from a PRNG seeded by each case's name (never Math.random), so the
 * list is the same everywhere and the rendered bytes the same on one machine (fonts and libvips
 * decide the pixels). Every screen carries numbers that are not metrics on purpose: the status
 * bar clock and battery, the time in the date line, some a notification banner.
 *
 * ```ts
 * import { renderScreen, screenTruth, storyInsightCases } from '@glam/ocr/testing/screens'
 * const [first] = storyInsightCases()
 * const image = await renderScreen(first) // PNG or JPEG bytes, as the case says
 * const { metrics, date } = screenTruth(first) // what a reader must find on it
 * ```
 */
import sharp from 'sharp'
import type { MetricKey } from '../labels.ts'

export type { MetricKey }

export type ScreenLocale = 'en' | 'de'
export type ScreenFont = 'DejaVu Sans' | 'Liberation Sans'

export interface MetricTruth {
  /** The number the text denotes: `12.3K` is 12300. */
  value: number
  /** Exactly as drawn: `12,345`, `12.3K`, `1,2 Mio.`. */
  text: string
  /** The text is abbreviated, so the true count is only near `value`. */
  approximate: boolean
}

export interface ScreenCase {
  name: string
  locale: ScreenLocale
  theme: 'light' | 'dark'
  /** 1080 or 750; the height follows at 9:19.5. */
  width: number
  format: 'png' | 'jpeg'
  jpegQuality?: number
  /** Gaussian sigma applied after rendering. */
  blur?: number
  date: {
    shown: string
    /** YYYY-MM-DDTHH:mm, local time as shown. */
    iso: string
    /** The year of the upload: a date shown without a year is in it, or the year before if later than the upload. */
    uploadYear: number
    /** When the screenshot was uploaded (YYYY-MM-DDTHH:mm), which settles the year of a date shown without one. */
    uploadedAt?: string
  }
  metrics: Partial<Record<MetricKey, MetricTruth>>
  statusClock: string
  notification?: string
  /** Layout variations, each with a default so a hand-written case needs none of them. */
  font?: ScreenFont
  fontScale?: number
  battery?: number
  /** Draws the reply and share counts under their icons too (the same text as their rows). */
  iconCounts?: boolean
  /** Dark theme background: #000000 (default) or #121212. */
  background?: string
}

/** The truth of one case as `truth.json` holds it. */
export interface ScreenTruth {
  file: string
  locale: ScreenLocale
  theme: 'light' | 'dark'
  width: number
  date: string
  metrics: Partial<Record<MetricKey, MetricTruth>>
}

export const METRIC_KEYS: readonly MetricKey[] = [
  'accounts_reached',
  'impressions',
  'accounts_engaged',
  'profile_activity',
  'replies',
  'shares',
  'link_clicks',
  'sticker_taps',
  'profile_visits',
  'follows',
  'forward',
  'back',
  'next_story',
  'exited',
]

export const LABELS: Record<ScreenLocale, Record<MetricKey, string>> = {
  en: {
    accounts_reached: 'Accounts reached',
    impressions: 'Impressions',
    accounts_engaged: 'Accounts engaged',
    profile_activity: 'Profile activity',
    replies: 'Replies',
    shares: 'Shares',
    link_clicks: 'Link clicks',
    sticker_taps: 'Sticker taps',
    profile_visits: 'Profile visits',
    follows: 'Follows',
    forward: 'Forward',
    back: 'Back',
    next_story: 'Next story',
    exited: 'Exited',
  },
  de: {
    accounts_reached: 'Erreichte Konten',
    impressions: 'Impressionen',
    accounts_engaged: 'Interagierende Konten',
    profile_activity: 'Profilaktivität',
    replies: 'Antworten',
    shares: 'Geteilt',
    link_clicks: 'Link-Klicks',
    sticker_taps: 'Sticker-Taps',
    profile_visits: 'Profilaufrufe',
    follows: 'Follower',
    forward: 'Weiter',
    back: 'Zurück',
    next_story: 'Nächste Story',
    exited: 'Verlassen',
  },
}

type SectionId = 'overview' | 'reach' | 'interactions' | 'profile' | 'navigation'

/** Instagram's order; a section with none of the case's metrics is left out. */
export const SECTIONS: readonly {
  id: SectionId
  heading: Record<ScreenLocale, string>
  info: boolean
  keys: readonly MetricKey[]
}[] = [
  {
    id: 'overview',
    heading: { en: 'Overview', de: 'Übersicht' },
    info: true,
    keys: ['accounts_reached', 'accounts_engaged', 'profile_activity'],
  },
  { id: 'reach', heading: { en: 'Reach', de: 'Reichweite' }, info: true, keys: ['impressions'] },
  {
    id: 'interactions',
    heading: { en: 'Engagement', de: 'Interaktionen' },
    info: true,
    keys: ['replies', 'shares', 'sticker_taps', 'link_clicks'],
  },
  {
    id: 'profile',
    heading: { en: 'Profile activity', de: 'Profilaktivität' },
    info: false,
    keys: ['profile_visits', 'follows'],
  },
  {
    id: 'navigation',
    heading: { en: 'Navigation', de: 'Navigation' },
    info: true,
    keys: ['forward', 'back', 'next_story', 'exited'],
  },
]

// ---------------------------------------------------------------------------------------------
// Numbers and dates as Instagram writes them

const pad = (n: number) => String(n).padStart(2, '0')

/** `12,345` in English, `12.345` in German. */
export function groupedCount(n: number, locale: ScreenLocale): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'en' ? ',' : '.')
}

/** `12.3K`, `123K`, `1.2M` in English; `12,3 Tsd.`, `123 Tsd.`, `1,2 Mio.` in German. */
export function abbreviatedCount(raw: number, locale: ScreenLocale): { value: number; text: string } {
  const millions = raw >= 999_500
  const size = millions ? 1_000_000 : 1_000
  const scaled = raw / size
  const rounded = Number(scaled.toFixed(scaled < 99.95 ? 1 : 0))
  const digits = String(rounded).replace('.', locale === 'en' ? '.' : ',')
  const unit = locale === 'en' ? (millions ? 'M' : 'K') : millions ? ' Mio.' : ' Tsd.'
  return { value: Math.round(rounded * size), text: `${digits}${unit}` }
}

function countTruth(raw: number, locale: ScreenLocale, abbreviateFrom: number): MetricTruth {
  if (raw < abbreviateFrom) return { value: raw, text: groupedCount(raw, locale), approximate: false }
  return { ...abbreviatedCount(raw, locale), approximate: true }
}

const MONTHS_EN = 'January February March April May June July August September October November December'
const MONTHS_DE = 'Januar Februar März April Mai Juni Juli August September Oktober November Dezember'
const monthEn = (m: number) => MONTHS_EN.split(' ')[m - 1]!
const monthDe = (m: number) => MONTHS_DE.split(' ')[m - 1]!

/** A local date-time as minutes since 1970 (UTC arithmetic, so no time zone leaks in). */
type Minutes = number
const minutesOf = (y: number, mo: number, d: number, h: number, mi: number): Minutes =>
  Date.UTC(y, mo - 1, d, h, mi) / 60_000
const partsOf = (t: Minutes) => {
  const d = new Date(t * 60_000)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  }
}
const isoOf = (t: Minutes) => {
  const p = partsOf(t)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}
const clock12 = (h: number, mi: number) => `${h % 12 || 12}:${pad(mi)}`

/** `Aug 28, 2023 at 4:33 PM`, `January 19 at 11:40 PM`, `24.12.2023, 11:13`, `19. Januar um 23:40`. */
export function shownDate(t: Minutes, locale: ScreenLocale, withYear: boolean): string {
  const { year, month, day, hour, minute } = partsOf(t)
  if (locale === 'de')
    return withYear
      ? `${pad(day)}.${pad(month)}.${year}, ${pad(hour)}:${pad(minute)}`
      : `${day}. ${monthDe(month)} um ${pad(hour)}:${pad(minute)}`
  const time = `${clock12(hour, minute)} ${hour < 12 ? 'AM' : 'PM'}`
  return withYear
    ? `${monthEn(month).slice(0, 3)} ${day}, ${year} at ${time}`
    : `${monthEn(month)} ${day} at ${time}`
}

// ---------------------------------------------------------------------------------------------
// The cases

/** mulberry32: small, fast and good enough to vary a test set. */
function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** FNV-1a, so each case's numbers follow from its name and survive cases added around it. */
function seedOf(name: string): number {
  let h = 0x811c9dc5
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193)
  return h >>> 0
}

type Random = ReturnType<typeof createRandom>
function createRandom(seed: number) {
  const next = mulberry32(seed)
  const between = (min: number, max: number) => min + (max - min) * next()
  const int = (min: number, max: number) => Math.floor(between(min, max + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }
  return { next, between, int, pick, shuffle }
}

type Magnitude = 'small' | 'mid' | 'large' | 'huge'

/** One line of the plan; each becomes an English and a German case. */
interface Profile {
  tag: string
  magnitude: Magnitude
  /** Counts from this size on are abbreviated (`12.3K`); never when left out. */
  abbreviateFrom?: number
  rows: number
  sections?: SectionId[]
  /** Rows every case of the profile shows. */
  include?: MetricKey[]
  /** Counts set by hand (small values the set must hold). */
  fixed?: Partial<Record<MetricKey, number>>
  date: 'year' | 'no-year' | 'rollback'
  hour?: number
  width?: number
  jpegQuality?: number
  blur?: number
  /** Which of `NOTIFICATIONS` covers the top of the screen. */
  notification?: number
  iconCounts?: boolean
}

const PROFILES: Profile[] = [
  { tag: 'basic', magnitude: 'mid', rows: 8, date: 'year' },
  { tag: 'abbrev-k', magnitude: 'large', abbreviateFrom: 10_000, rows: 7, date: 'no-year' },
  { tag: 'abbrev-m', magnitude: 'huge', abbreviateFrom: 10_000, rows: 9, date: 'year' },
  { tag: 'separators', magnitude: 'large', rows: 8, date: 'no-year' },
  { tag: 'small', magnitude: 'small', rows: 6, fixed: { replies: 0, shares: 3, forward: 27 }, date: 'year' },
  { tag: 'few', magnitude: 'mid', rows: 2, sections: ['overview'], date: 'no-year' },
  { tag: 'jpeg35', magnitude: 'mid', rows: 7, date: 'year', jpegQuality: 35 },
  { tag: 'blur08', magnitude: 'large', abbreviateFrom: 100_000, rows: 8, date: 'no-year', blur: 0.8 },
  { tag: 'w750', magnitude: 'mid', rows: 8, date: 'year', width: 750 },
  {
    tag: 'w750-jpeg50-blur06',
    magnitude: 'large',
    abbreviateFrom: 10_000,
    rows: 6,
    date: 'no-year',
    width: 750,
    jpegQuality: 50,
    blur: 0.6,
  },
  { tag: 'notification', magnitude: 'mid', rows: 7, date: 'year', notification: 0, hour: 12 },
  {
    tag: 'notification-jpeg60',
    magnitude: 'huge',
    abbreviateFrom: 10_000,
    rows: 5,
    date: 'no-year',
    jpegQuality: 60,
    notification: 1,
  },
  {
    tag: 'icon-counts',
    magnitude: 'mid',
    rows: 6,
    sections: ['overview', 'interactions'],
    include: ['replies', 'shares'],
    date: 'year',
    iconCounts: true,
  },
  { tag: 'year-rollback', magnitude: 'mid', rows: 5, date: 'rollback' },
  { tag: 'midnight', magnitude: 'small', rows: 6, date: 'year', hour: 0 },
  { tag: 'navigation', magnitude: 'large', rows: 3, sections: ['navigation'], date: 'no-year' },
  { tag: 'interactions', magnitude: 'mid', rows: 5, sections: ['interactions', 'profile'], date: 'year' },
  { tag: 'blur12-jpeg40', magnitude: 'mid', rows: 7, date: 'no-year', blur: 1.2, jpegQuality: 40 },
  {
    tag: 'mixed',
    magnitude: 'huge',
    abbreviateFrom: 100_000,
    rows: 9,
    date: 'year',
    iconCounts: true,
    include: ['replies', 'shares'],
  },
  {
    tag: 'w750-notification-jpeg55',
    magnitude: 'small',
    rows: 4,
    date: 'no-year',
    width: 750,
    jpegQuality: 55,
    notification: 2,
  },
]

const NOTIFICATIONS: Record<ScreenLocale, readonly string[]> = {
  en: ['3 new messages', 'lena.rose and 12 others liked your story', 'mika_k sent you 2 messages'],
  de: [
    'Neue Nachricht von anna_92: 12 Likes',
    '5 neue Nachrichten',
    'paul.k und 8 weitere mögen deine Story',
  ],
}

/** Plausible counts around one reach: engagement below reach, navigation a share of impressions. */
function rawCounts(random: Random, magnitude: Magnitude): Record<MetricKey, number> {
  const { int, between } = random
  const reach = {
    small: () => int(4, 60),
    mid: () => int(180, 9_800),
    large: () => int(10_500, 96_000),
    huge: () => int(1_050_000, 4_800_000),
  }[magnitude]()
  const part = (of: number, min: number, max: number) => Math.round(of * between(min, max))
  const impressions = part(reach, 1.08, 1.6)
  const engaged = part(reach, 0.03, 0.14)
  const visits = part(reach, 0.01, 0.06)
  const follows = part(visits, 0, 0.3)
  return {
    accounts_reached: reach,
    impressions,
    accounts_engaged: engaged,
    profile_activity: visits + follows + part(visits, 0, 0.2),
    replies: part(engaged, 0.05, 0.3),
    shares: part(engaged, 0.05, 0.4),
    link_clicks: part(engaged, 0, 0.4),
    sticker_taps: part(engaged, 0, 0.5),
    profile_visits: visits,
    follows,
    forward: part(impressions, 0.45, 0.85),
    back: part(impressions, 0.02, 0.09),
    next_story: part(impressions, 0.04, 0.14),
    exited: part(impressions, 0.05, 0.2),
  }
}

/** The story's moment and the upload's, following the profile's date family. */
function datesOf(random: Random, profile: Profile) {
  const { int } = random
  const year = int(2022, 2024)
  const hour = profile.hour ?? int(0, 23)
  const minute = int(0, 59)
  if (profile.date === 'rollback') {
    // Shown without a year, the date would be later than the upload in its year: it is last year's.
    const story = minutesOf(year, 12, int(10, 31), hour, minute)
    const uploaded = minutesOf(year + 1, 1, int(2, 20), int(8, 22), int(0, 59))
    return { story, uploaded, withYear: false }
  }
  if (profile.date === 'year') {
    // Instagram shows the year for a story of an earlier year than today's.
    const story = minutesOf(year, int(1, 12), int(1, 28), hour, minute)
    const uploaded = minutesOf(year + 1, int(1, 6), int(1, 28), int(8, 22), int(0, 59))
    return { story, uploaded, withYear: true }
  }
  const story = minutesOf(year, int(1, 10), int(1, 28), hour, minute)
  return { story, uploaded: story + int(60, 40 * 24 * 60), withYear: false }
}

export function storyInsightCases(): ScreenCase[] {
  const seen = new Set<string>()
  const cases: ScreenCase[] = []
  PROFILES.forEach((profile, index) => {
    for (const locale of ['en', 'de'] as const) {
      const theme = (index + (locale === 'de' ? 1 : 0)) % 2 === 0 ? 'light' : 'dark'
      const name = `${locale}-${pad(index + 1)}-${theme}-${profile.tag}`
      cases.push(buildCase(name, locale, theme, profile, seen))
    }
  })
  return cases
}

function buildCase(
  name: string,
  locale: ScreenLocale,
  theme: 'light' | 'dark',
  profile: Profile,
  seen: Set<string>,
): ScreenCase {
  const random = createRandom(seedOf(name))
  const font = random.pick(['DejaVu Sans', 'Liberation Sans'] as const)
  const fontScale = Math.round(random.between(0.92, 1.1) * 100) / 100
  const iconCounts = profile.iconCounts ?? false
  const raw = { ...rawCounts(random, profile.magnitude), ...profile.fixed }
  const keys = pickRows(random, profile, fontScale, iconCounts, seen)
  const metrics: ScreenCase['metrics'] = {}
  for (const key of keys) metrics[key] = countTruth(raw[key], locale, profile.abbreviateFrom ?? Infinity)

  const { story, uploaded, withYear } = datesOf(random, profile)
  const upload = partsOf(uploaded)
  const statusTime = partsOf(uploaded - random.int(0, 9))
  return {
    name,
    locale,
    theme,
    width: profile.width ?? 1080,
    format: profile.jpegQuality ? 'jpeg' : 'png',
    ...(profile.jpegQuality ? { jpegQuality: profile.jpegQuality } : {}),
    ...(profile.blur ? { blur: profile.blur } : {}),
    date: {
      shown: shownDate(story, locale, withYear),
      iso: isoOf(story),
      uploadYear: upload.year,
      uploadedAt: isoOf(uploaded),
    },
    metrics,
    // iOS writes the status-bar clock without AM/PM in English and as 24 hours in German.
    statusClock:
      locale === 'en'
        ? clock12(statusTime.hour, statusTime.minute)
        : `${pad(statusTime.hour)}:${pad(statusTime.minute)}`,
    ...(profile.notification === undefined
      ? {}
      : { notification: NOTIFICATIONS[locale][profile.notification]! }),
    font,
    fontScale,
    battery: random.int(7, 100),
    iconCounts,
    background: theme === 'dark' ? random.pick(['#000000', '#121212']) : '#ffffff',
  }
}

/** A subset no other case shows, that fits on the screen. */
function pickRows(
  random: Random,
  profile: Profile,
  fontScale: number,
  iconCounts: boolean,
  seen: Set<string>,
): MetricKey[] {
  const allowed = SECTIONS.filter((s) => !profile.sections || profile.sections.includes(s.id))
  const pool = allowed.flatMap((s) => s.keys)
  const forced = [...(profile.include ?? []), ...(Object.keys(profile.fixed ?? {}) as MetricKey[])]
  for (let attempt = 0; attempt < 100; attempt++) {
    const rest = random.shuffle(pool.filter((k) => !forced.includes(k)))
    const chosen = [...forced, ...rest].slice(0, Math.max(profile.rows, forced.length))
    while (layoutSections(chosen, fontScale, iconCounts).bottom > CONTENT_BOTTOM) {
      const droppable = chosen.filter((k) => !forced.includes(k))
      chosen.splice(chosen.indexOf(random.pick(droppable)), 1)
    }
    const ordered = METRIC_KEYS.filter((k) => chosen.includes(k))
    const id = ordered.join(',')
    if (seen.has(id)) continue
    seen.add(id)
    return ordered
  }
  throw new Error(`No unseen subset of rows for profile ${profile.tag}`)
}

export function screenFileName(c: ScreenCase): string {
  return `${c.name}.${c.format === 'jpeg' ? 'jpg' : 'png'}`
}

export function screenTruth(c: ScreenCase): ScreenTruth {
  const metrics: ScreenTruth['metrics'] = {}
  for (const key of METRIC_KEYS) {
    const m = c.metrics[key]
    if (m) metrics[key] = { value: m.value, approximate: m.approximate, text: m.text }
  }
  return {
    file: screenFileName(c),
    locale: c.locale,
    theme: c.theme,
    width: c.width,
    date: c.date.iso,
    metrics,
  }
}

// ---------------------------------------------------------------------------------------------
// Layout and rendering, in the coordinates of a 1080 × 2340 screen (a 750 one is scaled down)

const BASE_WIDTH = 1080
const BASE_HEIGHT = 2340
const MARGIN = 48
const CONTENT_BOTTOM = 2270

type LayoutItem =
  | { kind: 'separator'; y: number }
  | { kind: 'heading'; y: number; section: (typeof SECTIONS)[number] }
  | { kind: 'metric'; y: number; key: MetricKey }

/** Baselines of headings and rows, and where the last section ends. */
function layoutSections(keys: readonly MetricKey[], scale: number, iconCounts: boolean) {
  const items: LayoutItem[] = []
  let y = iconCounts ? 720 : 680
  for (const section of SECTIONS) {
    const rows = section.keys.filter((k) => keys.includes(k))
    if (rows.length === 0) continue
    items.push({ kind: 'separator', y })
    y += Math.round(86 * scale)
    items.push({ kind: 'heading', y, section })
    y += Math.round(12 * scale)
    for (const key of rows) {
      y += Math.round(110 * scale)
      items.push({ kind: 'metric', y, key })
    }
    y += Math.round(46 * scale)
  }
  return { items, bottom: y }
}

const PALETTES = {
  light: { text: '#262626', grey: '#8e8e8e', line: '#dbdbdb', banner: '#f2f2f2', bannerEdge: '#e0e0e0' },
  dark: { text: '#f5f5f5', grey: '#a8a8a8', line: '#262626', banner: '#2c2c2e', bannerEdge: '#3a3a3c' },
}
const THUMB_COLOURS = [
  ['#f58529', '#dd2a7b'],
  ['#515bd4', '#8134af'],
  ['#2bb673', '#1f8ecf'],
  ['#feda75', '#fa7e1e'],
] as const

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!,
  )
}

const textWidths = new Map<string, number>()
/** Ink width of a line as pango lays it out, the engine librsvg draws SVG text with. */
async function textWidth(text: string, font: ScreenFont, bold: boolean, size: number): Promise<number> {
  const spec = `${font}${bold ? ' Bold' : ''} ${size}`
  const key = `${spec}|${text}`
  let width = textWidths.get(key)
  if (width === undefined) {
    const { info } = await sharp({ text: { text: escapeXml(text), font: spec, dpi: 72 } })
      .png()
      .toBuffer({ resolveWithObject: true })
    width = info.width
    textWidths.set(key, width)
  }
  return width
}

/** An "ⓘ" drawn as shapes: no font here has the glyph. */
const infoGlyph = (x: number, y: number, r: number, colour: string) =>
  `<g fill="none" stroke="${colour}" stroke-width="${(r / 6).toFixed(1)}"><circle cx="${x}" cy="${y}" r="${r}"/>` +
  `<line x1="${x}" y1="${y - r * 0.05}" x2="${x}" y2="${y + r * 0.5}"/></g>` +
  `<circle cx="${x}" cy="${y - r * 0.42}" r="${(r / 8).toFixed(1)}" fill="${colour}"/>`

function statusBar(c: ScreenCase, text: string, font: ScreenFont): string {
  const battery = c.battery ?? 87
  const bars = [0, 1, 2, 3]
    .map((i) => `<rect x="${680 + i * 17}" y="${78 - 9 * i}" width="11" height="${14 + 9 * i}" rx="2"/>`)
    .join('')
  const arcs = [12, 24, 36]
    .map((r) => {
      const dx = (r * Math.SQRT1_2).toFixed(1)
      return `<path d="M${790 - Number(dx)} ${92 - Number(dx)} A${r} ${r} 0 0 1 ${790 + Number(dx)} ${92 - Number(dx)}"/>`
    })
    .join('')
  const level = Math.max(4, Math.round((56 * battery) / 100))
  return (
    `<text x="92" y="86" font-family="${font}" font-weight="bold" font-size="44" fill="${text}">${escapeXml(c.statusClock)}</text>` +
    `<g fill="${text}">${bars}</g>` +
    `<g fill="none" stroke="${text}" stroke-width="7" stroke-linecap="round">${arcs}</g>` +
    `<circle cx="790" cy="88" r="5" fill="${text}"/>` +
    `<text x="930" y="85" text-anchor="end" font-family="${font}" font-size="36" fill="${text}">${battery}%</text>` +
    `<rect x="944" y="56" width="66" height="32" rx="8" fill="none" stroke="${text}" stroke-width="3" opacity="0.5"/>` +
    `<rect x="949" y="61" width="${level}" height="22" rx="4" fill="${text}"/>` +
    `<rect x="1013" y="66" width="5" height="12" rx="2" fill="${text}" opacity="0.5"/>`
  )
}

function thumbnail(c: ScreenCase): string {
  const [from, to] = THUMB_COLOURS[seedOf(c.name) % THUMB_COLOURS.length]!
  return (
    `<defs><linearGradient id="thumb" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/>` +
    `<stop offset="1" stop-color="${to}"/></linearGradient></defs>` +
    `<rect x="465" y="150" width="150" height="266" rx="18" fill="url(#thumb)"/>` +
    `<circle cx="575" cy="205" r="22" fill="#ffffff" opacity="0.7"/>` +
    `<path d="M465 370 Q505 320 545 352 T615 338 V398 Q615 416 597 416 H483 Q465 416 465 398 Z" fill="#ffffff" opacity="0.35"/>`
  )
}

/** Heart, reply bubble, paper plane and bookmark; counts only under replies and shares. */
function iconRow(c: ScreenCase, text: string, font: ScreenFont, scale: number): string {
  const y = 575
  const heart = (x: number) =>
    `<path d="M${x} ${y + 24} C${x - 44} ${y - 6} ${x - 30} ${y - 38} ${x} ${y - 16} C${x + 30} ${y - 38} ${x + 44} ${y - 6} ${x} ${y + 24} Z"/>`
  const bubble = (x: number) =>
    `<path d="M${x - 22} ${y + 22} L${x - 28} ${y + 30} L${x - 14} ${y + 27} A30 30 0 1 0 ${x - 22} ${y + 22} Z"/>`
  const plane = (x: number) =>
    `<path d="M${x - 30} ${y - 26} L${x + 30} ${y - 26} L${x - 4} ${y + 30} L${x - 10} ${y - 4} Z M${x - 10} ${y - 4} L${x + 30} ${y - 26}"/>`
  const bookmark = (x: number) =>
    `<path d="M${x - 22} ${y - 28} H${x + 22} V${y + 28} L${x} ${y + 10} L${x - 22} ${y + 28} Z"/>`
  const xs = [255, 445, 635, 825] as const
  const shapes = [heart(xs[0]), bubble(xs[1]), plane(xs[2]), bookmark(xs[3])].join('')
  const counts = !c.iconCounts
    ? ''
    : (
        [
          [xs[1], c.metrics.replies],
          [xs[2], c.metrics.shares],
        ] as const
      )
        .filter(([, m]) => m)
        .map(
          ([x, m]) =>
            `<text x="${x}" y="658" text-anchor="middle" font-family="${font}" font-size="${Math.round(34 * scale)}" fill="${text}">${escapeXml(m!.text)}</text>`,
        )
        .join('')
  return `<g fill="none" stroke="${text}" stroke-width="5" stroke-linejoin="round">${shapes}</g>${counts}`
}

function banner(c: ScreenCase, colours: (typeof PALETTES)['light'], font: ScreenFont): string {
  if (!c.notification) return ''
  return (
    `<rect x="24" y="128" width="1032" height="200" rx="44" fill="${colours.banner}" stroke="${colours.bannerEdge}" stroke-width="2"/>` +
    `<rect x="60" y="170" width="96" height="96" rx="24" fill="url(#thumb)"/>` +
    `<rect x="84" y="194" width="48" height="48" rx="14" fill="none" stroke="#ffffff" stroke-width="5"/>` +
    `<circle cx="108" cy="218" r="11" fill="none" stroke="#ffffff" stroke-width="5"/>` +
    `<text x="188" y="208" font-family="${font}" font-weight="bold" font-size="36" fill="${colours.text}">Instagram</text>` +
    `<text x="1016" y="208" text-anchor="end" font-family="${font}" font-size="30" fill="${colours.grey}">${c.locale === 'en' ? 'now' : 'jetzt'}</text>` +
    `<text x="188" y="270" font-family="${font}" font-size="36" fill="${colours.text}">${escapeXml(c.notification)}</text>`
  )
}

/** The screen as SVG: status bar, story thumbnail and date, icons, then the metric sections. */
export async function screenSvg(c: ScreenCase): Promise<string> {
  const font = c.font ?? 'DejaVu Sans'
  const scale = c.fontScale ?? 1
  const colours = PALETTES[c.theme]
  const background = c.theme === 'dark' ? (c.background ?? '#000000') : '#ffffff'
  const keys = METRIC_KEYS.filter((k) => c.metrics[k])
  const { items, bottom } = layoutSections(keys, scale, c.iconCounts ?? false)
  if (bottom > CONTENT_BOTTOM) throw new Error(`Case ${c.name}: its rows do not fit on the screen`)

  const headingSize = Math.round(46 * scale)
  const rowSize = Math.round(40 * scale)
  const body: string[] = []
  for (const item of items) {
    if (item.kind === 'separator')
      body.push(`<rect x="0" y="${item.y}" width="${BASE_WIDTH}" height="2" fill="${colours.line}"/>`)
    else if (item.kind === 'heading') {
      const heading = item.section.heading[c.locale]
      body.push(
        `<text x="${MARGIN}" y="${item.y}" font-family="${font}" font-weight="bold" font-size="${headingSize}" fill="${colours.text}">${escapeXml(heading)}</text>`,
      )
      if (item.section.info) {
        const end = MARGIN + (await textWidth(heading, font, true, headingSize))
        const r = Math.round(15 * scale)
        body.push(infoGlyph(end + 18 + r, item.y - Math.round(headingSize * 0.36), r, colours.grey))
      }
    } else {
      const metric = c.metrics[item.key]!
      body.push(
        `<text x="${MARGIN}" y="${item.y}" font-family="${font}" font-size="${rowSize}" fill="${colours.text}">${escapeXml(LABELS[c.locale][item.key])}</text>`,
        `<text x="${BASE_WIDTH - MARGIN}" y="${item.y}" text-anchor="end" font-family="${font}" font-size="${rowSize}" fill="${colours.text}">${escapeXml(metric.text)}</text>`,
      )
    }
  }
  const height = Math.round((BASE_HEIGHT * c.width) / BASE_WIDTH)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${height}" viewBox="0 0 ${BASE_WIDTH} ${BASE_HEIGHT}">`,
    `<rect width="${BASE_WIDTH}" height="${BASE_HEIGHT}" fill="${background}"/>`,
    statusBar(c, colours.text, font),
    thumbnail(c),
    `<text x="540" y="486" text-anchor="middle" font-family="${font}" font-size="${Math.round(36 * scale)}" fill="${colours.grey}">${escapeXml(c.date.shown)}</text>`,
    iconRow(c, colours.text, font, scale),
    ...body,
    `<rect x="395" y="2304" width="290" height="12" rx="6" fill="${colours.text}"/>`,
    banner(c, colours, font),
    '</svg>',
  ].join('')
}

/** The screenshot's bytes: PNG (palette, zlib 9) or JPEG at the case's quality, blurred if asked. */
export async function renderScreen(c: ScreenCase): Promise<Buffer> {
  const svg = await screenSvg(c)
  const background = c.theme === 'dark' ? (c.background ?? '#000000') : '#ffffff'
  let image = sharp(Buffer.from(svg)).flatten({ background })
  if (c.blur) image = image.blur(c.blur)
  return c.format === 'jpeg'
    ? image.jpeg({ quality: c.jpegQuality ?? 80, mozjpeg: false }).toBuffer()
    : image.png({ compressionLevel: 9, palette: true, dither: 0 }).toBuffer()
}
