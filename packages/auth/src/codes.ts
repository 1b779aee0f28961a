/**
 * One-time login codes: 6 digits from the CSPRNG (unbiased), stored only as an HMAC keyed with
 * the server secret. Why 6 digits: people type them from a phone's mail app; with 5 tries per
 * code and a per-address cap per hour, an attacker's odds stay below 1 in 100,000 per hour.
 */
import { hmacSha256Hex, timingSafeEqual } from '@glam/core'

export const codeLength = 6
export const codeTtlMs = 10 * 60 * 1000
export const maxTriesPerCode = 5

/** A uniformly random 6-digit code (rejection sampling: no modulo bias). */
export function newLoginCode(): string {
  const limit = 4_294_000_000 // largest multiple of 10^6 below 2^32
  for (;;) {
    const [n] = crypto.getRandomValues(new Uint32Array(1))
    if (n! < limit) return String(n! % 1_000_000).padStart(codeLength, '0')
  }
}

/** What people type: digits, maybe with spaces or dashes between them. */
export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '')

export const emailKey = (secret: string, email: string) => hmacSha256Hex(secret, `login-email:${email}`)

export const codeHash = (secret: string, emailKeyHex: string, code: string) =>
  hmacSha256Hex(secret, `login-code:${emailKeyHex}:${code}`)

/** Constant-time check of a typed code against the stored hash. */
export async function codeMatches(secret: string, emailKeyHex: string, typed: string, stored: string) {
  return timingSafeEqual(await codeHash(secret, emailKeyHex, normaliseCode(typed)), stored)
}
