/**
 * `format=auto`: the output format from the request's `Accept` (parsed with Hono's parser, q-values
 * honoured): AVIF when the client names it, then WebP, else JPEG (PNG for PNG and GIF sources,
 * which may be transparent). Only formats the client names count: `image/*` and `*\/*` do not,
 * since browsers without AVIF send them too. An animated source in an animated preset skips AVIF
 * (no animated AVIF is written), so it stays animated as WebP.
 */
import { parseAccept } from 'hono/utils/accept'
import type { OutputFormat, VariantSpec } from './variants.ts'

interface Named {
  avif: boolean
  webp: boolean
}

/** Accept headers repeat a lot (a few per browser release): parsed once each, up to a bound. */
const parsed = new Map<string, Named>()
const parsedLimit = 512

function named(accept: string): Named {
  let entry = parsed.get(accept)
  if (!entry) {
    const list = parseAccept(accept)
    const q = (type: string) => list.find((a) => a.type.toLowerCase() === type)?.q ?? 0
    entry = { avif: q('image/avif') > 0, webp: q('image/webp') > 0 }
    if (parsed.size >= parsedLimit) parsed.clear()
    parsed.set(accept, entry)
  }
  return entry
}

/** The fallback for clients that name neither AVIF nor WebP. */
export const fallbackFormat = (sourceFormat: string): OutputFormat =>
  sourceFormat === 'png' || sourceFormat === 'gif' ? 'png' : 'jpeg'

export function negotiateFormat(
  accept: string | undefined,
  spec: Pick<VariantSpec, 'format' | 'animated'>,
  sourceFormat: string,
): OutputFormat {
  if (spec.format !== 'auto') return spec.format
  const client = accept ? named(accept) : { avif: false, webp: false }
  const keepsFrames = spec.animated && (sourceFormat === 'gif' || sourceFormat === 'webp')
  if (client.avif && !keepsFrames) return 'avif'
  if (client.webp) return 'webp'
  return fallbackFormat(sourceFormat)
}
