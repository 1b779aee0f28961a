/**
 * The enumerated and checked attributes: availability and condition in their English, German
 * and schema.org spellings, URLs, GTINs (GS1 check digit) and the plain-text twin of an HTML
 * description (htmlparser2, entities decoded, block elements as line breaks).
 */
import { decodeHTML } from 'entities'
import { Parser } from 'htmlparser2'

export const availabilities = ['in_stock', 'out_of_stock', 'preorder', 'backorder'] as const
export type Availability = (typeof availabilities)[number]
export const conditions = ['new', 'used', 'refurbished'] as const
export type Condition = (typeof conditions)[number]

/** Lower case, umlauts folded, spaces, underscores, hyphens and dots gone: `Auf Lager` → `auflager`. */
function key(text: string): string {
  return text
    .trim()
    .replace(/^https?:\/\/schema\.org\//i, '')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[\s_\-.:!]/g, '')
}

const availabilityWords: Record<string, Availability> = {}
const spell = (to: Availability, words: string[]) => {
  for (const w of words) availabilityWords[key(w)] = to
}
spell('in_stock', [
  'in stock',
  'instock',
  'available',
  'limited availability',
  'online only',
  'in store only',
  'yes',
  'true',
  'lieferbar',
  'sofort lieferbar',
  'auf lager',
  'an lager',
  'am lager',
  'vorrätig',
  'verfügbar',
  'sofort verfügbar',
  'ja',
])
spell('out_of_stock', [
  'out of stock',
  'outofstock',
  'sold out',
  'soldout',
  'not available',
  'unavailable',
  'discontinued',
  'no',
  'false',
  'nicht lieferbar',
  'nicht auf lager',
  'nicht vorrätig',
  'nicht verfügbar',
  'ausverkauft',
  'vergriffen',
  'nein',
])
spell('preorder', ['preorder', 'pre order', 'pre-order', 'vorbestellbar', 'vorbestellung', 'vorbestellen'])
spell('backorder', [
  'backorder',
  'back order',
  'backordered',
  'nachbestellbar',
  'nachbestellt',
  'lieferrückstand',
  'im zulauf',
  'bestellbar',
])

const exact = new Map<string, Availability>(availabilities.map((a) => [a, a]))
exact.set('in stock', 'in_stock').set('out of stock', 'out_of_stock')

/** An availability spelling to its value, or null for one nobody knows. */
export const availabilityOf = (text: string): Availability | null =>
  exact.get(text) ?? availabilityWords[key(text)] ?? null

const conditionWords: Record<string, Condition> = {}
for (const [to, words] of [
  ['new', ['new', 'newcondition', 'neu', 'neuware', 'neuwertig']],
  ['used', ['used', 'usedcondition', 'gebraucht', 'gebrauchtware']],
  [
    'refurbished',
    [
      'refurbished',
      'refurbishedcondition',
      'generalüberholt',
      'generalueberholt',
      'aufbereitet',
      'wiederaufbereitet',
    ],
  ],
] as const)
  for (const w of words) conditionWords[key(w)] = to

export const conditionOf = (text: string): Condition | null =>
  text === 'new' || text === 'used' || text === 'refurbished' ? text : (conditionWords[key(text)] ?? null)

export type UrlProblem = 'RELATIVE_URL' | 'INVALID_URL'

/**
 * Why a feed URL is not an absolute http(s) URL with a host: `RELATIVE_URL` for paths,
 * scheme-less (`www.shop.de/p`) and protocol-relative (`//cdn…`) ones, `INVALID_URL` for other
 * schemes and what no URL parser accepts. Null when it is fine.
 */
const plainHttp = /^https?:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#][\x21-\x7e]*)?$/i

export function urlProblem(text: string): UrlProblem | null {
  // The usual shape (a host with a dot, printable ASCII after it) is always a valid URL.
  if (plainHttp.test(text)) return null
  if (text.startsWith('//')) return 'RELATIVE_URL'
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)
  // `shop.de:8080/p` has no scheme, only a host and port.
  if (!scheme || /^[^/]*\.[^/]*:\d+(\/|$)/.test(text)) return 'RELATIVE_URL'
  const name = scheme[1]!.toLowerCase()
  if (name !== 'http' && name !== 'https') return 'INVALID_URL'
  // The host must be written: WHATWG reads `https:///p` as host `p`.
  if (!/^https?:\/\/[^/?#\\]/i.test(text)) return 'INVALID_URL'
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'INVALID_URL'
  }
  return url.hostname ? null : 'INVALID_URL'
}

/** A GTIN (8, 12, 13 or 14 digits) with a valid GS1 mod-10 check digit. */
export function isGtin(text: string): boolean {
  if (!/^\d+$/.test(text)) return false
  const n = text.length
  if (n !== 8 && n !== 12 && n !== 13 && n !== 14) return false
  let sum = 0
  for (let i = n - 2, weight = 3; i >= 0; i--, weight = 4 - weight) sum += (text.charCodeAt(i) - 48) * weight
  return (10 - (sum % 10)) % 10 === text.charCodeAt(n - 1) - 48
}

const blocks = new Set([
  'br',
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'blockquote',
  'dd',
  'dt',
  'hr',
])

/** The text of an HTML fragment: tags gone, entities decoded, block elements as line breaks. */
export function plainText(html: string): string {
  // Text without markup or entities is its own plain twin.
  if (html.indexOf('<') < 0) return (html.indexOf('&') < 0 ? html : decodeHTML(html)).trim()
  const out: string[] = []
  let skip = 0
  const parser = new Parser(
    {
      onopentagname(name) {
        if (name === 'script' || name === 'style') skip++
        else if (blocks.has(name)) out.push('\n')
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style') skip = Math.max(0, skip - 1)
        else if (blocks.has(name)) out.push('\n')
      },
      ontext(text) {
        // In HTML a line break in text is a space; only block elements break lines.
        if (skip === 0) out.push(text.replace(/\s+/g, ' '))
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
}
