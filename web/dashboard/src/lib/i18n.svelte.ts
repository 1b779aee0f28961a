/**
 * German and English: the language from the switcher (kept in localStorage), else the
 * browser's; numbers, money and dates through Intl in that language.
 */
import { de } from './messages/de.ts'
import { en, type MessageKey } from './messages/en.ts'

export type Lang = 'en' | 'de'
const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, de }
const storageKey = 'glam.dashboard.lang'

function initial(): Lang {
  try {
    const saved = localStorage.getItem(storageKey)
    if (saved === 'en' || saved === 'de') return saved
  } catch {}
  return navigator.language?.toLowerCase().startsWith('de') ? 'de' : 'en'
}

class I18n {
  lang = $state<Lang>(initial())
  number = $derived(new Intl.NumberFormat(this.lang))
  percent = $derived(new Intl.NumberFormat(this.lang, { style: 'percent', maximumFractionDigits: 1 }))
  signedPercent = $derived(
    new Intl.NumberFormat(this.lang, {
      style: 'percent',
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    }),
  )
  date = $derived(new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium' }))
  dateTime = $derived(new Intl.DateTimeFormat(this.lang, { dateStyle: 'medium', timeStyle: 'short' }))

  set(lang: Lang) {
    this.lang = lang
    try {
      localStorage.setItem(storageKey, lang)
    } catch {}
  }
}

export const i18n = new I18n()

$effect.root(() => {
  $effect(() => {
    document.documentElement.lang = i18n.lang
  })
})

/** The message in the current language, `{name}` replaced from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = dictionaries[i18n.lang][key] ?? en[key]
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`))
}

const moneyFormats = new Map<string, Intl.NumberFormat>()
/** Minor units (cents) in a currency. */
export function money(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '–'
  const key = `${i18n.lang}:${currency}`
  let f = moneyFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(i18n.lang, { style: 'currency', currency })
    moneyFormats.set(key, f)
  }
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2
  return f.format(minor / 10 ** digits)
}

export const num = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : i18n.number.format(n)
export const pct = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : i18n.percent.format(n)
export const change = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : i18n.signedPercent.format(n)
export const date = (iso: string | null | undefined) => (iso ? i18n.date.format(new Date(iso)) : '–')
export const dateTime = (iso: string | null | undefined) => (iso ? i18n.dateTime.format(new Date(iso)) : '–')

const regionNames = new Map<string, Intl.DisplayNames>()
/** A country code as its name in the current language. */
export function country(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return code || t('unknown')
  let names = regionNames.get(i18n.lang)
  if (!names) {
    names = new Intl.DisplayNames(i18n.lang, { type: 'region' })
    regionNames.set(i18n.lang, names)
  }
  return names.of(code) ?? code
}
