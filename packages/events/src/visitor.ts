/**
 * A privacy-safe visitor hash: HMAC-SHA256 of IP and user agent under a key derived from the
 * server secret and the click's UTC date, so every process agrees without shared state, the
 * hash changes every day, and no raw IP is ever stored.
 *
 * It is computed when a batch is flushed (enrich.ts), before anything is sent or spilled: the
 * raw address lives only in the process's memory until then, and the redirect does not pay an
 * HMAC per click on its path (BENCHMARKS.md "Redirect").
 */
import { Buffer } from 'node:buffer'
import { deriveKey, type KeyedHmac, keyedHmacSha256 } from '@glam/core/hmac'

// The keyed HMACs of the last few UTC days (a batch can straddle midnight), per secret.
const keyed = new Map<string, KeyedHmac>()

/** `day` is the click's UTC date, `YYYY-MM-DD`. */
export function visitorHash(secret: string, day: string, ip: string, userAgent: string): string {
  const id = `${day}\n${secret}`
  let mac = keyed.get(id)
  if (!mac) {
    if (keyed.size >= 8) keyed.clear()
    mac = keyedHmacSha256(deriveKey(secret, `glam/visitor/${day}`))
    keyed.set(id, mac)
  }
  const digest = mac(`${ip}\n${userAgent}`)
  return Buffer.from(digest.buffer, digest.byteOffset, 16).toString('hex')
}
