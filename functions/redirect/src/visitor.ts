/**
 * A privacy-safe visitor hash: HMAC-SHA256 of IP and user agent under a key derived from the
 * server secret and the UTC date, so every process agrees without shared state, the hash
 * changes every day, and no raw IP is ever stored.
 *
 * It runs on the redirect's path for every click, so it is synchronous (hmac.ts: about two
 * microseconds, where WebCrypto's async sign costs a thread-pool round trip per call).
 */
import { Buffer } from 'node:buffer'
import { deriveKey, type KeyedHmac, keyedHmacSha256 } from './hmac.ts'

// The day's keyed HMAC, prepared once per UTC day (and secret).
let today: { day: number; secret: string; mac: KeyedHmac } | undefined
const dayMs = 86_400_000

export function visitorHash(secret: string, now: Date, ip: string, userAgent: string): string {
  const day = Math.floor(now.getTime() / dayMs)
  if (today?.day !== day || today.secret !== secret) {
    const date = new Date(day * dayMs).toISOString().slice(0, 10)
    today = { day, secret, mac: keyedHmacSha256(deriveKey(secret, `glam/visitor/${date}`)) }
  }
  const digest = today.mac(`${ip}\n${userAgent}`)
  return Buffer.from(digest.buffer, digest.byteOffset, 16).toString('hex')
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
