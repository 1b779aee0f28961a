/**
 * Tokens for links in mails and shares that work without a session: dot-joined parts and an
 * HMAC-SHA256 under `GLAM_SECRET` with a purpose of their own (a newsletter token never opens
 * an alert's page), the first 128 bits as hex. Parts are checked by the caller's patterns
 * before the signature; the signature is compared in constant time.
 *
 * ```ts
 * const token = await signToken(config.secret, 'alerts/v1', ['u', alertId]) // 'u.<id>.<sig>'
 * const parts = await readToken(config.secret, 'alerts/v1', token, [/^u$/, uuid]) // ['u', id] | null
 * ```
 */
import { hmacSha256Hex, timingSafeEqual } from './crypto.ts'

const sigOf = async (secret: string, purpose: string, payload: string) =>
  (await hmacSha256Hex(secret, `glam/${purpose}|${payload}`)).slice(0, 32)

export async function signToken(secret: string, purpose: string, parts: readonly string[]): Promise<string> {
  const payload = parts.join('.')
  return `${payload}.${await sigOf(secret, purpose, payload)}`
}

/** The parts when every one matches its pattern and the signature holds, else null. */
export async function readToken(
  secret: string,
  purpose: string,
  token: string | undefined,
  patterns: readonly RegExp[],
): Promise<string[] | null> {
  if (typeof token !== 'string' || token.length > 400) return null
  const parts = token.split('.')
  if (parts.length !== patterns.length + 1) return null
  const sig = parts.pop()!
  if (!parts.every((p, i) => patterns[i]!.test(p)) || !/^[0-9a-f]{32}$/.test(sig)) return null
  return timingSafeEqual(sig, await sigOf(secret, purpose, parts.join('.'))) ? parts : null
}

/** UUIDs as Glam makes them (lower-case hex). */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
