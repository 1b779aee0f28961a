/**
 * A privacy-safe visitor hash: HMAC-SHA256 of IP and user agent under a key derived from the
 * server secret and the UTC date, so every process agrees without shared state, the hash
 * changes every day, and no raw IP is ever stored.
 *
 * It runs on the redirect's path for every click, so it is synchronous: @noble/hashes (audited,
 * pure JS, every runtime) takes a few microseconds where WebCrypto's async sign costs a
 * thread-pool round trip per call.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

// The day's keyed HMAC state, prepared once: each click then clones it and hashes its message.
let today: { day: string; base: ReturnType<typeof hmac.create> } | undefined

export function visitorHash(secret: string, now: Date, ip: string, userAgent: string): string {
  const day = now.toISOString().slice(0, 10)
  if (today?.day !== day) {
    const key = hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`glam/visitor/${day}`))
    today = { day, base: hmac.create(sha256, key) }
  }
  return bytesToHex(
    today.base
      .clone()
      .update(utf8ToBytes(`${ip}\n${userAgent}`))
      .digest(),
  ).slice(0, 16 * 2)
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
