/**
 * The newsletter's links carry signed tokens (HMAC-SHA256 under `GLAM_SECRET`, a purpose of
 * their own, the first 128 bits as hex), so a link works without a session and cannot be made
 * for another address:
 *
 * - confirmation `c.<subscriber>.<list>.<expires>.<nonce>.<sig>`: expires; its nonce must be
 *   the newest one sent (stored hashed), so a re-sent link replaces the old one and a used one
 *   is spent;
 * - preferences `p.<subscriber>.<sig>` and unsubscribe `u.<subscriber>.<list>.<sig>`: they live
 *   in every mail sent, so they do not expire.
 */
import { type Config, hmacSha256Hex, randomToken, sha256Hex, timingSafeEqual } from '@glam/core'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const listId = /^[a-z0-9][a-z0-9-]{1,31}$/
const sigOf = async (secret: string, payload: string) =>
  (await hmacSha256Hex(secret, `glam/newsletter/v1|${payload}`)).slice(0, 32)

const check = async (secret: string, payload: string, sig: string | undefined) =>
  typeof sig === 'string' && sig.length === 32 && timingSafeEqual(sig, await sigOf(secret, payload))

export interface ConfirmToken {
  subscriberId: string
  listId: string
  expiresAt: Date
  nonceHash: string
}

export async function confirmToken(
  config: Config,
  input: { subscriberId: string; listId: string; expiresAt: Date },
): Promise<{ token: string; nonceHash: string }> {
  const nonce = randomToken(22)
  const payload = `c.${input.subscriberId}.${input.listId}.${Math.floor(input.expiresAt.getTime() / 1000)}.${nonce}`
  return { token: `${payload}.${await sigOf(config.secret, payload)}`, nonceHash: await sha256Hex(nonce) }
}

/** The token's contents when its signature holds (expiry is the caller's to judge), else null. */
export async function readConfirmToken(
  config: Config,
  token: string | undefined,
): Promise<ConfirmToken | null> {
  const parts = (token ?? '').split('.')
  if (parts.length !== 6 || parts[0] !== 'c') return null
  const [, subscriberId, list, expires, nonce, sig] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  if (
    !uuid.test(subscriberId) ||
    !listId.test(list) ||
    !/^\d{9,11}$/.test(expires) ||
    !/^[A-Za-z0-9]{22}$/.test(nonce)
  )
    return null
  if (!(await check(config.secret, parts.slice(0, 5).join('.'), sig))) return null
  return {
    subscriberId,
    listId: list,
    expiresAt: new Date(Number(expires) * 1000),
    nonceHash: await sha256Hex(nonce),
  }
}

export async function preferencesToken(config: Config, subscriberId: string): Promise<string> {
  const payload = `p.${subscriberId}`
  return `${payload}.${await sigOf(config.secret, payload)}`
}

export async function readPreferencesToken(
  config: Config,
  token: string | undefined,
): Promise<string | null> {
  const parts = (token ?? '').split('.')
  if (parts.length !== 3 || parts[0] !== 'p' || !uuid.test(parts[1]!)) return null
  return (await check(config.secret, `p.${parts[1]}`, parts[2])) ? parts[1]! : null
}

export async function unsubscribeToken(config: Config, subscriberId: string, list: string): Promise<string> {
  const payload = `u.${subscriberId}.${list}`
  return `${payload}.${await sigOf(config.secret, payload)}`
}

export async function readUnsubscribeToken(
  config: Config,
  token: string | undefined,
): Promise<{ subscriberId: string; listId: string } | null> {
  const parts = (token ?? '').split('.')
  if (parts.length !== 4 || parts[0] !== 'u' || !uuid.test(parts[1]!) || !listId.test(parts[2]!)) return null
  if (!(await check(config.secret, parts.slice(0, 3).join('.'), parts[3]))) return null
  return { subscriberId: parts[1]!, listId: parts[2]! }
}

/** The platform's absolute address of a path (mails carry absolute links). */
export const absolute = (config: Config, path: string) => new URL(path, config.publicUrl).href
