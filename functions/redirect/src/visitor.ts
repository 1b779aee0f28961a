/**
 * A privacy-safe visitor hash: HMAC-SHA256 of IP and user agent under a key derived from the
 * server secret and the UTC date, so every process agrees without shared state, the hash
 * changes every day, and no raw IP is ever stored.
 *
 * It runs on the redirect's path for every click, so it is synchronous: node:crypto's HMAC
 * (native; in workerd through nodejs_compat, in Deno through its Node layer) where WebCrypto's
 * async sign would cost a round trip per call; about a microsecond.
 */
import { createHmac } from 'node:crypto'

// The day's key, derived once per day (and secret).
let today: { day: string; secret: string; key: Uint8Array } | undefined

export function visitorHash(secret: string, now: Date, ip: string, userAgent: string): string {
  const day = now.toISOString().slice(0, 10)
  if (today?.day !== day || today.secret !== secret) {
    today = { day, secret, key: createHmac('sha256', secret).update(`glam/visitor/${day}`).digest() }
  }
  return createHmac('sha256', today.key)
    .update(`${ip}\n${userAgent}`)
    .digest('hex')
    .slice(0, 16 * 2)
}

/** The client's address as the proxy in front reports it (Cloudflare, then standard headers). */
export function clientIp(header: (name: string) => string | undefined): string {
  return (
    header('cf-connecting-ip') ??
    header('x-real-ip') ??
    header('x-forwarded-for')?.split(',')[0]?.trim() ??
    ''
  )
}
