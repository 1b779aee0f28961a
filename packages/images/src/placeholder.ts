/**
 * ThumbHash placeholders where pages are made (edge-safe: web APIs and thumbhash only). The
 * sharp adapter stores a placeholder as base64 (standard, padded); a page turns it into a small
 * blurred PNG data URL to show while the image loads.
 *
 * ```tsx
 * <img src={url} style={`background: url(${placeholderToDataUrl(asset.placeholder)}) center / cover`} />
 * ```
 */
import { thumbHashToApproximateAspectRatio, thumbHashToDataURL } from 'thumbhash'

/** The bytes of a base64 ThumbHash (standard or URL-safe, padded or not); a TypeError when malformed. */
export function placeholderBytes(hash: string): Uint8Array {
  const standard = hash.trim().replaceAll('-', '+').replaceAll('_', '/')
  if (!/^[A-Za-z0-9+/]{6,}={0,2}$/.test(standard)) throw new TypeError('Invalid placeholder: expected base64')
  let binary: string
  try {
    binary = atob(standard)
  } catch {
    throw new TypeError('Invalid placeholder: expected base64')
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

/** A `data:image/png;base64,…` URL of the placeholder, rendered at about 32 pixels across. */
export function placeholderToDataUrl(hash: string): string {
  return thumbHashToDataURL(placeholderBytes(hash))
}

/** The original image's approximate aspect ratio (width / height), from its placeholder. */
export function placeholderAspectRatio(hash: string): number {
  return thumbHashToApproximateAspectRatio(placeholderBytes(hash))
}
