/**
 * Image attributes for pages (edge-safe): `src`, a `srcset` whose widths come from the presets,
 * and the placeholder for blur-up. A variant never upscales, so a preset wider than the original
 * is listed at the original's width (once), and the browser is never told a width it will not get.
 *
 * ```tsx
 * const img = variantImage(asset, { sizes: '(min-width: 60rem) 50vw, 100vw' })
 * <img {...img} alt={title} />
 * ```
 */
import { placeholderToDataUrl } from './placeholder.ts'
import { type PresetName, presets } from './variants.ts'

/** The variant URL of a public image for a preset: `/i/<sha256>?p=<preset>`. */
export const variantUrl = (sha256: string, preset: PresetName, base = '') => `${base}/i/${sha256}?p=${preset}`

/** Presets of a plain width (no crop), narrowest first: what a srcset lists. */
const widthPresets = (Object.entries(presets) as [PresetName, (typeof presets)[PresetName]][])
  .filter(([, preset]) => !('height' in preset))
  .sort(([, a], [, b]) => a.width - b.width)

export function variantSrcset(
  sha256: string,
  options: { width?: number | null; base?: string; urlOf?: (preset: PresetName) => string } = {},
): string {
  const urlOf = options.urlOf ?? ((name: PresetName) => variantUrl(sha256, name, options.base))
  const entries: string[] = []
  const seen = new Set<number>()
  for (const [name, preset] of widthPresets) {
    const width = options.width ? Math.min(preset.width, options.width) : preset.width
    if (seen.has(width)) continue
    seen.add(width)
    entries.push(`${urlOf(name)} ${width}w`)
  }
  return entries.join(', ')
}

export interface VariantImageSource {
  sha256: string
  width?: number | null
  height?: number | null
  placeholder?: string | null
}

export interface VariantImage {
  src: string
  srcset: string
  sizes: string
  width?: number
  height?: number
  /** A blurred background while the image loads (the ThumbHash placeholder), when there is one. */
  style?: string
  loading: 'lazy' | 'eager'
  decoding: 'async'
}

/** Everything an `<img>` needs for a public image asset. */
export function variantImage(
  asset: VariantImageSource,
  options: { sizes?: string; preset?: PresetName; base?: string; eager?: boolean } = {},
): VariantImage {
  let style: string | undefined
  if (asset.placeholder)
    try {
      style = `background: url(${placeholderToDataUrl(asset.placeholder)}) center / cover no-repeat`
    } catch {
      // A malformed placeholder only costs the blur-up.
    }
  return {
    src: variantUrl(asset.sha256, options.preset ?? 'card', options.base),
    srcset: variantSrcset(asset.sha256, { width: asset.width ?? null, base: options.base }),
    sizes: options.sizes ?? '100vw',
    ...(asset.width && { width: asset.width }),
    ...(asset.height && { height: asset.height }),
    ...(style && { style }),
    loading: options.eager ? 'eager' : 'lazy',
    decoding: 'async',
  }
}
