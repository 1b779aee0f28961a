/**
 * Signed, expiring URLs for private originals: `/a/<sha256>.<ext>?exp=<unix seconds>&sig=<b64url>`
 * where sig = HMAC-SHA256 over `<sha256>.<ext>:<exp>` under a key derived from GLAM_SECRET for
 * this purpose alone. Checked in constant time; an expired or wrong signature is simply invalid
 * (the caller answers 404, so nothing tells a private asset from a missing one).
 */
import { timingSafeEqual } from '@glam/core'
import { purposeHmac } from '@glam/core/hmac'
import { base64urlnopad } from '@scure/base'

const macFor = purposeHmac('glam/asset-url/v1')

const signature = (secret: string, file: string, exp: number) =>
  base64urlnopad.encode(macFor(secret)(`${file}:${exp}`))

/** The query string (`exp=…&sig=…`) that lets anyone read `file` (`<sha256>.<ext>`) until `expiresAt`. */
export function signAssetPath(secret: string, file: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000)
  return `exp=${exp}&sig=${signature(secret, file, exp)}`
}

/** True when `exp`/`sig` sign `file` and have not expired at `now`. */
export function verifyAssetSignature(
  secret: string,
  file: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false
  const seconds = Number(exp)
  if (seconds * 1000 <= now.getTime()) return false
  return timingSafeEqual(signature(secret, file, seconds), sig)
}
