/**
 * Reads an Instagram story-insights screenshot into metrics: the ocr port prepares the image
 * (orientation, greyscale, dark mode inverted, a working width) and reads words with
 * their boxes, and rows are rebuilt from positions: a label on the left and a count flush right
 * at the same height make a metric, so a value never goes to the wrong row. Numbers that are no
 * metric (the status-bar clock and battery, the time in the date line, a notification, counts
 * under the icons) have no label beside them and are left alone.
 *
 * ```ts
 * const result = await readStoryInsights(platform.ocr, bytes, { uploadedAt: new Date() })
 * result.metrics.link_clicks // { value: 554, approximate: false, text: '554', confidence: 0.93 }
 * ```
 */
import type { OcrPreparation, OcrWord, TextRecognizer } from '@glam/core'
import { type DateLocale, parseShownDate } from './dates.ts'
import { isHeading, type Locale, type MetricKey, matchLabel } from './labels.ts'
import { type ParsedCount, parseCount } from './numbers.ts'

export type { MetricKey } from './labels.ts'

export interface MetricReading {
  value: number
  approximate: boolean
  /** The value as read (`12,3 Tsd.`). */
  text: string
  /** 0–1: tesseract's confidence in the value's words, lowered by a label read with errors. */
  confidence: number
}

export interface StoryInsights {
  locale: Locale
  /** `YYYY-MM-DDTHH:mm` as shown, or null when no date line was read. */
  date: string | null
  metrics: Partial<Record<MetricKey, MetricReading>>
  rawText: string
}

/** The image is readable but no story-insights screen: too few metric rows. */
export class NotStoryInsightsError extends Error {
  override name = 'NotStoryInsightsError'
}

export interface ReadOptions {
  /** When the screenshot was uploaded (local time): settles a date shown without a year. */
  uploadedAt: Date
  /** Tesseract page segmentation modes to read with, the next only when one leaves gaps. */
  passes?: readonly number[]
  /** How the adapter prepares the image; default: the working width and steps measured best. */
  prepare?: OcrPreparation
  signal?: AbortSignal
}

/** What measuring the test set chose (BENCHMARKS.md): 1080 px, greyscale, inverted if dark, normalised. */
/** psm 4 (one column of varying sizes) first, psm 6 (one uniform block) where it leaves gaps: measured on the test set. */
export const storyInsightPasses: readonly number[] = [4, 6]

export const storyInsightPreparation: OcrPreparation = { width: 1080, greyscale: true, normalise: true }

interface Row {
  y0: number
  y1: number
  words: OcrWord[]
}

const centre = (w: OcrWord) => (w.bbox.y0 + w.bbox.y1) / 2

/** Words grouped into rows by height: a word joins the row its vertical centre falls in. */
export function rowsOf(words: OcrWord[]): Row[] {
  const rows: Row[] = []
  for (const word of [...words].sort((a, b) => centre(a) - centre(b))) {
    const c = centre(word)
    const row = rows.find((r) => c >= r.y0 && c <= r.y1)
    if (row) {
      row.words.push(word)
      row.y0 = Math.min(row.y0, word.bbox.y0)
      row.y1 = Math.max(row.y1, word.bbox.y1)
    } else {
      rows.push({ y0: word.bbox.y0, y1: word.bbox.y1, words: [word] })
    }
  }
  for (const row of rows) row.words.sort((a, b) => a.bbox.x0 - b.bbox.x0)
  return rows.sort((a, b) => a.y0 - b.y0)
}

const text = (words: OcrWord[]) => words.map((w) => w.text).join(' ')
/** Icons read as text (`©`, `@`, `~`) and other wordless marks at a label's ends. */
const isMark = (w: OcrWord) => !/[\p{L}\p{N}]{2,}/u.test(w.text) && !/^\p{N}$/u.test(w.text)

interface RowReading {
  label: string
  match: ReturnType<typeof matchLabel>
  count: (ParsedCount & { words: OcrWord[] }) | null
}

/** A row's label (left) and count (flush right), tried with the count's last one to three words. */
function readRow(row: Row, width: number): RowReading {
  // Marks at the right end (a chevron `>`, an info icon) are no part of the count.
  const words = trimEnd(row.words.filter((w) => w.text.trim() !== ''))
  const best: RowReading = { label: text(words.filter((w) => !isMark(w))), match: null, count: null }
  best.match = matchLabel(best.label)
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const right = words.slice(words.length - n)
    const left = words.slice(0, words.length - n)
    // The count sits in the right part of the screen, apart from the label.
    if (right.at(-1)!.bbox.x1 < width * 0.6) continue
    if (left.length > 0 && right[0]!.bbox.x0 - left.at(-1)!.bbox.x1 < width * 0.04) continue
    const parsed = parseCount(text(right))
    if (!parsed) continue
    const label = text(trimMarks(left))
    const match = matchLabel(label)
    if (match) return { label, match, count: { ...parsed, words: right } }
  }
  return best
}

const trimEnd = (words: OcrWord[]) => {
  let to = words.length
  while (to > 0 && isMark(words[to - 1]!)) to--
  return words.slice(0, to)
}

const trimMarks = (words: OcrWord[]) => {
  let from = 0
  let to = words.length
  while (from < to && isMark(words[from]!)) from++
  while (to > from && isMark(words[to - 1]!)) to--
  return words.slice(from, to)
}

/** A count standing alone in the middle of its row (Instagram's big numbers above their label). */
function loneCount(row: Row | undefined, width: number) {
  if (!row) return null
  const words = trimMarks(row.words)
  if (words.length === 0 || words.length > 3) return null
  const mid = (words[0]!.bbox.x0 + words.at(-1)!.bbox.x1) / 2
  if (Math.abs(mid - width / 2) > width * 0.15) return null
  const parsed = parseCount(text(words))
  return parsed ? { ...parsed, words } : null
}

const confidenceOf = (words: OcrWord[], similarity: number) =>
  Math.round((Math.min(...words.map((w) => w.confidence)) / 100) * similarity * 100) / 100

/**
 * Reads the screen; throws NotStoryInsightsError when fewer than two metric rows are found. A
 * second reading with the other page segmentation runs only when the first left a label without
 * its count, found no date, or too few rows (tesseract's layout analysis now and then drops a
 * column of small counts); it fills in what the first missed and never overrides it.
 */
export async function readStoryInsights(
  ocr: TextRecognizer,
  image: Uint8Array,
  options: ReadOptions,
): Promise<StoryInsights> {
  const passes = options.passes ?? storyInsightPasses
  let merged: Interpretation | undefined
  for (const psm of passes) {
    const page = await ocr.recognize(image, {
      psm,
      prepare: options.prepare ?? storyInsightPreparation,
      ...(options.signal && { signal: options.signal }),
    })
    const reading = interpret(
      page.lines.flatMap((l) => l.words),
      page.text,
      page,
      options.uploadedAt,
    )
    merged = merged ? mergeReadings(merged, reading) : reading
    if (merged.unpaired === 0 && merged.date !== null && Object.keys(merged.metrics).length >= 2) break
  }
  return settle(merged!)
}

/** The first reading's metrics and date stand; the second adds only what the first lacks. */
function mergeReadings(first: Interpretation, second: Interpretation): Interpretation {
  const sameLocale = second.locale === first.locale
  const metrics = sameLocale ? { ...second.metrics, ...first.metrics } : first.metrics
  const filled = Object.keys(metrics).length - Object.keys(first.metrics).length
  return {
    ...first,
    metrics,
    date: first.date ?? (sameLocale ? second.date : null),
    unpaired: Math.max(0, first.unpaired - filled),
    headingsSeen: Math.max(first.headingsSeen, second.headingsSeen),
  }
}

/** What a page says, before deciding whether it is story insights at all. */
interface Interpretation extends StoryInsights {
  /** Metric labels of the screen's language with no count found beside them. */
  unpaired: number
  headingsSeen: number
}

/** The reading, or NotStoryInsightsError when too few metric rows were found. */
function settle({ unpaired: _, headingsSeen, ...reading }: Interpretation): StoryInsights {
  const count = Object.keys(reading.metrics).length
  if (count < 2 && !(count === 1 && headingsSeen > 0)) {
    throw new NotStoryInsightsError(
      count === 0
        ? 'No story-insight metric was found on this image.'
        : 'Only one metric row was found on this image; it does not look like story insights.',
    )
  }
  return reading
}

/** Rows, metrics, locale and date from a page's words (exported for tests of the layout rules). */
export function interpretPage(
  words: OcrWord[],
  rawText: string,
  size: { width: number; height: number },
  uploadedAt: Date,
): StoryInsights {
  return settle(interpret(words, rawText, size, uploadedAt))
}

function interpret(
  words: OcrWord[],
  rawText: string,
  size: { width: number; height: number },
  uploadedAt: Date,
): Interpretation {
  const rows = rowsOf(words)
  const votes: Record<Locale, number> = { en: 0, de: 0 }
  let headingsSeen = 0
  // Every row that names a metric and has its count: beside it, or a big count just above it.
  const found: { index: number; key: MetricKey; locales: Locale[]; reading: MetricReading }[] = []
  const labelsWithoutCount: { key: MetricKey; locales: Locale[] }[] = []
  rows.forEach((row, index) => {
    const reading = readRow(row, size.width)
    if (reading.match && reading.match.locales.length === 1) votes[reading.match.locales[0]!]++
    const count = reading.match && (reading.count ?? loneCount(rows[index - 1], size.width))
    if (!reading.match || !count) {
      if (isHeading(reading.label)) headingsSeen++
      else if (reading.match) labelsWithoutCount.push(reading.match)
      return
    }
    found.push({
      index,
      key: reading.match.key,
      locales: reading.match.locales,
      reading: {
        value: count.value,
        approximate: count.approximate,
        text: count.text,
        confidence: confidenceOf(count.words, reading.match.similarity),
      },
    })
  })
  const numbersLocale = guessNumberLocale(found.map((f) => f.reading))
  const prefer: DateLocale = votes.de > votes.en ? 'de' : votes.en > votes.de ? 'en' : (numbersLocale ?? 'en')
  // A label of the other language is a lookalike (`Followers` on an English screen is not
  // German `Follower`); the first row of a key wins (the overview comes before its section).
  const metrics: Partial<Record<MetricKey, MetricReading>> = {}
  let firstMetricRow = rows.length
  for (const f of found) {
    if (!f.locales.includes(prefer) || metrics[f.key]) continue
    metrics[f.key] = f.reading
    firstMetricRow = Math.min(firstMetricRow, f.index)
  }
  // The date line is above the first metric row and below the status bar.
  let date: ReturnType<typeof parseShownDate> = null
  for (const row of rows.slice(0, firstMetricRow)) {
    if (row.y1 < size.height * 0.035) continue
    date = parseShownDate(text(row.words), uploadedAt, prefer)
    if (date) break
  }
  const locale: Locale = votes.de !== votes.en ? prefer : (date?.locale ?? numbersLocale ?? 'en')
  // `Profile activity` is both a heading and a row: a label without a count only counts as
  // missed when its metric was not read elsewhere.
  const unpaired = labelsWithoutCount.filter((l) => l.locales.includes(prefer) && !metrics[l.key]).length
  return { locale, date: date?.iso ?? null, metrics, rawText, unpaired, headingsSeen }
}

/** `Tsd.`/`Mio.` or `12.345` say German, `12.3K` or `12,345` English; null when nothing says. */
function guessNumberLocale(readings: MetricReading[]): Locale | null {
  for (const r of readings) {
    if (/Tsd|Mio|Mrd/i.test(r.text) || /\d\.\d{3}\b/.test(r.text) || /\d,\d{1,2}\s*\p{L}/u.test(r.text))
      return 'de'
    if (/\d[KMB]\b/.test(r.text) || /\d,\d{3}\b/.test(r.text) || /\d\.\d{1,2}\s*\p{L}/u.test(r.text))
      return 'en'
  }
  return null
}
