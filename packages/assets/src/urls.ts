/**
 * The address of an asset's original: `/a/<sha256>.<ext>` for public assets, the same with a
 * signed, expiring query (GLAM_ASSET_URL_TTL) for private ones. The REST API and GraphQL both
 * mint them here, for callers already allowed to read the asset.
 */
import type { Platform } from '@glam/core'
import { type Format, formats } from './formats.ts'
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
