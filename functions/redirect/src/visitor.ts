/**
 * A privacy-safe visitor hash: HMAC of IP and user agent under a key derived from the server
 * secret and the UTC date, so every process agrees without shared state, the hash changes every
 * day, and no raw IP is ever stored.
 */
import { hmacSha256Hex } from '@glam/core'

const dayKeys = new Map<string, Promise<string>>()

export async function visitorHash(secret: string, now: Date, ip: string, userAgent: string): Promise<string> {
  const day = now.toISOString().slice(0, 10)
  let dayKey = dayKeys.get(day)
  if (!dayKey) {
    dayKey = hmacSha256Hex(secret, `glam/visitor/${day}`)
    dayKeys.clear()
    dayKeys.set(day, dayKey)
  }
  return (await hmacSha256Hex(await dayKey, `${ip}\n${userAgent}`)).slice(0, 32)
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
