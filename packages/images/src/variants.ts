/**
 * What a variant request asks for, edge-safe (no sharp): named presets anyone may ask for, free
 * parameters only under a signature, and the one canonical form both turn into. Two requests
 * that mean the same variant (`?p=card` and a signed `?w=240&dpr=2`) get the same key, so each
 * variant is computed once and stored content-addressed under its source's hash.
 *
 * ```ts
 * const asked = parseVariantQuery(c.req.queries(), { secret, sha256, now })
 * if (!asked.ok) throw new GlamError(asked.code, asked.message)
 * const format = negotiateFormat(c.req.header('accept'), asked.spec, source.format)
 * const variant = resolveVariant(sha256, asked.spec, format, source.format)
 * // variant.key === 'variants/<sha256>/480x_-inside-q80-s.webp'
 * ```
 */
import { createHash } from 'node:crypto'
import { timingSafeEqual } from '@glam/core'
import { purposeHmac } from '@glam/core/hmac'
import { base64urlnopad } from '@scure/base'

export const outputFormats = ['avif', 'webp', 'jpeg', 'png'] as const
export type OutputFormat = (typeof outputFormats)[number]
export type Fit = 'cover' | 'contain' | 'inside'
const fits: readonly Fit[] = ['cover', 'contain', 'inside']

export interface Preset {
  width: number
  height?: number
  fit?: Fit
  /** An animated GIF/WebP stays animated (as WebP) in this preset; else its first frame. */
  animated: boolean
}

/** The presets anyone may ask for (`?p=card`). Pages take their srcset widths from here. */
export const presets = {
  thumb: { width: 160, animated: false },
  card: { width: 480, animated: true },
  hero: { width: 1600, animated: true },
  og: { width: 1200, height: 630, fit: 'cover', animated: false },
} as const satisfies Record<string, Preset>
export type PresetName = keyof typeof presets
export const presetNames = Object.keys(presets) as PresetName[]

/** A variant before its format is negotiated: sizes in device pixels (dpr applied). */
export interface VariantSpec {
  width?: number
  height?: number
  fit: Fit
  format: 'auto' | OutputFormat
  quality?: number
  animated: boolean
  /** The preset it started from, when one was named (logs, srcset). */
  preset?: PresetName
}

/** Largest side a variant may have, in device pixels. */
export const maxVariantSide = 4096
/** Quality when a request gives none: sharp's scale, per output format (PNG is lossless). */
export const defaultQuality: Readonly<Record<OutputFormat, number>> = { avif: 50, webp: 80, jpeg: 80, png: 0 }
export const extOf: Readonly<Record<OutputFormat, string>> = {
  avif: 'avif',
  webp: 'webp',
  jpeg: 'jpg',
  png: 'png',
}
export const contentTypeOf: Readonly<Record<OutputFormat, string>> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  png: 'image/png',
}

const freeParams = ['w', 'h', 'fit', 'format', 'q', 'dpr'] as const
const knownParams = new Set<string>(['p', ...freeParams, 'exp', 'sig'])

export type VariantRefusal = {
  ok: false
  code: 'INVALID_VARIANT' | 'UNSIGNED_VARIANT' | 'INVALID_VARIANT_SIGNATURE' | 'VARIANT_SIGNATURE_EXPIRED'
  message: string
}
export type AskedVariant = {
  ok: true
  spec: VariantSpec
  /** Free parameters under a valid signature (which also lets its holder read a private source). */
  signed: boolean
  /** Unix seconds the signature is valid until, when it has an expiry. */
  exp?: number
}

const refuse = (code: VariantRefusal['code'], message: string): VariantRefusal => ({
  ok: false,
  code,
  message,
})
const invalid = (message: string) => refuse('INVALID_VARIANT', message)

const integerIn = (value: string, min: number, max: number) =>
  /^\d{1,5}$/.test(value) && Number(value) >= min && Number(value) <= max ? Number(value) : undefined

/**
 * The variant a query asks for. `query` maps each name to all its values (Hono's
 * `c.req.queries()`, or `queryValues(url)`), so a repeated parameter is refused rather than
 * silently picked. Unsigned queries may only name a preset.
 */
export function parseVariantQuery(
  query: Readonly<Record<string, readonly string[]>>,
  options: { sha256: string; secret: () => string; now: Date },
): AskedVariant | VariantRefusal {
  const one: Record<string, string> = {}
  for (const [name, values] of Object.entries(query)) {
    if (!knownParams.has(name))
      return invalid(
        `Unknown parameter ${JSON.stringify(name.slice(0, 40))}: use p, or signed ${freeParams.join(', ')}.`,
      )
    if (values.length !== 1) return invalid(`Give ${name} once.`)
    one[name] = values[0]!
  }
  const hasFree = freeParams.some((name) => name in one)
  const hasSignature = 'sig' in one || 'exp' in one
  if (hasFree && !hasSignature)
    return refuse(
      'UNSIGNED_VARIANT',
      `Free parameters (${freeParams.join(', ')}) need a signature (sig); without one, name a preset: ${presetNames.join(', ')}.`,
    )
  if (!hasFree && !('p' in one))
    return invalid(`Name a preset (p=${presetNames.join('|')}) or sign free parameters.`)

  let exp: number | undefined
  if (hasSignature) {
    const checked = checkSignature(one, options)
    if (!checked.ok) return checked
    exp = checked.exp
  }
  const spec = specOf(one)
  if (!spec.ok) return spec
  return { ok: true, spec: spec.spec, signed: hasSignature, ...(exp !== undefined && { exp }) }
}

function specOf(one: Record<string, string>): { ok: true; spec: VariantSpec } | VariantRefusal {
  let spec: VariantSpec = { fit: 'inside', format: 'auto', animated: true }
  if ('p' in one) {
    const name = one.p!
    if (!Object.hasOwn(presets, name))
      return invalid(`Unknown preset ${JSON.stringify(name.slice(0, 40))}: use ${presetNames.join(', ')}.`)
    const preset: Preset = presets[name as PresetName]
    spec = {
      width: preset.width,
      ...(preset.height && { height: preset.height }),
      fit: preset.fit ?? 'inside',
      format: 'auto',
      animated: preset.animated,
      preset: name as PresetName,
    }
  }
  if ('w' in one) {
    const width = integerIn(one.w!, 1, maxVariantSide)
    if (width === undefined) return invalid(`w must be an integer from 1 to ${maxVariantSide}.`)
    spec.width = width
  }
  if ('h' in one) {
    const height = integerIn(one.h!, 1, maxVariantSide)
    if (height === undefined) return invalid(`h must be an integer from 1 to ${maxVariantSide}.`)
    spec.height = height
  }
  if ('fit' in one) {
    if (!fits.includes(one.fit as Fit)) return invalid(`fit must be one of ${fits.join(', ')}.`)
    spec.fit = one.fit as Fit
  }
  if ('format' in one) {
    if (one.format !== 'auto' && !outputFormats.includes(one.format as OutputFormat))
      return invalid(`format must be one of auto, ${outputFormats.join(', ')}.`)
    spec.format = one.format as VariantSpec['format']
  }
  if ('q' in one) {
    const quality = integerIn(one.q!, 1, 100)
    if (quality === undefined) return invalid('q must be an integer from 1 to 100.')
    spec.quality = quality
  }
  if ('dpr' in one) {
    const dpr = /^\d(\.\d{1,2})?$/.test(one.dpr!) ? Number(one.dpr) : Number.NaN
    if (!(dpr >= 1 && dpr <= 4)) return invalid('dpr must be a number from 1 to 4 (at most two decimals).')
    for (const side of ['width', 'height'] as const) {
      const value = spec[side]
      if (value === undefined) continue
      const scaled = Math.round(value * dpr)
      if (scaled > maxVariantSide)
        return invalid(`At dpr ${dpr} the ${side} would exceed ${maxVariantSide} px.`)
      spec[side] = scaled
    }
  }
  return { ok: true, spec }
}

// --- Signatures ----------------------------------------------------------------------------

const macFor = purposeHmac('glam/image-variant/v1')

/** What a signature covers: the source's hash and every parameter but `sig`, sorted by name. */
function signedText(sha256: string, params: Readonly<Record<string, string>>): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sig')
    .sort()
  return `${sha256}?${names.map((name) => `${name}=${params[name]}`).join('&')}`
}

function checkSignature(
  one: Record<string, string>,
  options: { sha256: string; secret: () => string; now: Date },
): { ok: true; exp?: number } | VariantRefusal {
  const { sig, exp } = one
  if (!sig || !/^[A-Za-z0-9_-]{43}$/.test(sig))
    return refuse('INVALID_VARIANT_SIGNATURE', 'sig must be the URL-safe base64 HMAC the server issued.')
  if (exp !== undefined && !/^\d{1,12}$/.test(exp))
    return refuse('INVALID_VARIANT_SIGNATURE', 'exp must be unix seconds.')
  const expected = base64urlnopad.encode(macFor(options.secret())(signedText(options.sha256, one)))
  if (!timingSafeEqual(expected, sig))
    return refuse('INVALID_VARIANT_SIGNATURE', 'The signature does not match these parameters.')
  // Checked after the signature, so an expiry cannot be probed without one.
  if (exp !== undefined && Number(exp) * 1000 <= options.now.getTime())
    return refuse('VARIANT_SIGNATURE_EXPIRED', 'This signed variant URL has expired.')
  return { ok: true, ...(exp !== undefined && { exp: Number(exp) }) }
}

export type VariantParams = Partial<Record<'p' | (typeof freeParams)[number], string | number>>

/**
 * The query string (`w=…&…&sig=…`) of a signed variant of `sha256`, valid until `expiresAt` when
 * given (private sources should always get one).
 */
export function signVariantQuery(
  secret: string,
  sha256: string,
  params: VariantParams,
  options: { expiresAt?: Date } = {},
): string {
  const one: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) if (value !== undefined) one[name] = String(value)
  if (options.expiresAt) one.exp = String(Math.floor(options.expiresAt.getTime() / 1000))
  const sig = base64urlnopad.encode(macFor(secret)(signedText(sha256, one)))
  const query = new URLSearchParams(Object.entries(one).sort(([a], [b]) => (a < b ? -1 : 1)))
  query.set('sig', sig)
  return query.toString()
}

// --- Resolution ------------------------------------------------------------------------------

/** Formats whose sources may be animated; only WebP output keeps their frames. */
const animatableSources = new Set(['gif', 'webp'])

export interface ResolvedVariant {
  /** The blob key, content-addressed under the source: `variants/<sha256>/<canonical>.<ext>`. */
  key: string
  /** A strong ETag, known without reading the bytes (a key's bytes never change). */
  etag: string
  format: OutputFormat
  contentType: string
  width?: number
  height?: number
  fit: Fit
  quality?: number
  animated: boolean
}

/**
 * The one canonical variant for a spec and a chosen format: parameters that cannot change the
 * output are dropped (fit with one side given, quality for PNG, animation for a still source or
 * an output without frames), so equal outputs share one key.
 */
export function resolveVariant(
  sha256: string,
  spec: VariantSpec,
  format: OutputFormat,
  sourceFormat: string,
): ResolvedVariant {
  const both = spec.width !== undefined && spec.height !== undefined
  const fit: Fit = both ? spec.fit : 'inside'
  const quality = format === 'png' ? undefined : (spec.quality ?? defaultQuality[format])
  const animated = spec.animated && format === 'webp' && animatableSources.has(sourceFormat)
  const canonical = `${spec.width ?? '_'}x${spec.height ?? '_'}-${fit}-q${quality ?? 0}-${animated ? 'a' : 's'}`
  return {
    key: `variants/${sha256}/${canonical}.${extOf[format]}`,
    etag: `"${sha256}-${canonical}-${format}"`,
    format,
    contentType: contentTypeOf[format],
    ...(spec.width !== undefined && { width: spec.width }),
    ...(spec.height !== undefined && { height: spec.height }),
    fit,
    ...(quality !== undefined && { quality }),
    animated,
  }
}

/** The prefix every variant of a source is stored under (collected with the source). */
export const variantPrefix = (sha256: string) => `variants/${sha256}/`

/** The name of a variant's raw copy for a fronting nginx (the accel port names files by 64 hex). */
export const variantCopyName = (key: string) => createHash('sha256').update(key).digest('hex')

/** Every value of every parameter of a URL (for `parseVariantQuery` outside Hono). */
export function queryValues(search: URLSearchParams): Record<string, string[]> {
  const values: Record<string, string[]> = {}
  for (const [name, value] of search) {
    values[name] ??= []
    values[name].push(value)
  }
  return values
}
