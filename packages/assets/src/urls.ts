/**
 * The address of an asset's original: `/a/<sha256>.<ext>` for public assets, the same with a
 * signed, expiring query (GLAM_ASSET_URL_TTL) for private ones. The REST API and GraphQL both
 * mint them here, for callers already allowed to read the asset.
 */
import type { Platform } from '@glam/core'
import { variantSrcset, variantUrl } from '@glam/images/srcset'
import { type PresetName, presetNames, signVariantQuery } from '@glam/images/variants'
import { type Format, formats, isImageFormat } from './formats.ts'
import { signAssetPath } from './signing.ts'

export interface AddressableAsset {
  sha256: string
  format: string
  visibility: 'public' | 'private'
}

export const extOf = (asset: Pick<AddressableAsset, 'format'>) =>
  formats[asset.format as Format]?.ext ?? 'bin'
export const fileOf = (asset: Pick<AddressableAsset, 'sha256' | 'format'>) =>
  `${asset.sha256}.${extOf(asset)}`

/** The path of the original (signed when private) and when the signature expires. */
export function assetPath(
  platform: Pick<Platform, 'clock' | 'config' | 'secrets'>,
  asset: AddressableAsset,
): { path: string; expiresAt: Date | null } {
  const file = fileOf(asset)
  if (asset.visibility === 'public') return { path: `/a/${file}`, expiresAt: null }
  const expiresAt = new Date(platform.clock.now().getTime() + platform.config.assetUrlTtlSeconds * 1000)
  const query = signAssetPath(platform.secrets.require('GLAM_SECRET'), file, expiresAt)
  return { path: `/a/${file}?${query}`, expiresAt }
}

/** What an image asset's variants are asked for by: every preset's path, and a srcset for pages. */
export interface VariantPaths {
  presets: Record<PresetName, string>
  /** `<path> <width>w, …` over the plain-width presets, capped at the original's width. */
  srcset: string
  expiresAt: Date | null
}

/**
 * The paths of an image asset's variants (`/i/<sha256>?p=<preset>`), each signed with an expiry
 * when the asset is private; null for what is not an image.
 */
export function variantPaths(
  platform: Pick<Platform, 'clock' | 'config' | 'secrets'>,
  asset: AddressableAsset & { width?: number | null },
): VariantPaths | null {
  if (!formats[asset.format as Format] || !isImageFormat(asset.format as Format)) return null
  if (asset.visibility === 'public') {
    const presets = Object.fromEntries(presetNames.map((p) => [p, variantUrl(asset.sha256, p)]))
    return {
      presets: presets as Record<PresetName, string>,
      srcset: variantSrcset(asset.sha256, { width: asset.width ?? null }),
      expiresAt: null,
    }
  }
  const expiresAt = new Date(platform.clock.now().getTime() + platform.config.assetUrlTtlSeconds * 1000)
  const secret = platform.secrets.require('GLAM_SECRET')
  const signed = (p: PresetName) =>
    `/i/${asset.sha256}?${signVariantQuery(secret, asset.sha256, { p }, { expiresAt })}`
  const presets = Object.fromEntries(presetNames.map((p) => [p, signed(p)])) as Record<PresetName, string>
  const srcset = variantSrcset(asset.sha256, { width: asset.width ?? null, urlOf: (p) => presets[p] })
  return { presets, srcset, expiresAt }
}
