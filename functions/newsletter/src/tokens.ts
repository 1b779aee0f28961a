/**
 * The newsletter's links carry signed tokens (`@glam/core` signToken, purpose `newsletter/v1`),
 * so a link works without a session and cannot be made for another address:
 *
 * - confirmation `c.<subscriber>.<list>.<expires>.<nonce>.<sig>`: expires; its nonce must be
 *   the newest one sent (stored hashed), so a re-sent link replaces the old one and a used one
 *   is spent;
 * - preferences `p.<subscriber>.<sig>` and unsubscribe `u.<subscriber>.<list>.<sig>`: they live
 *   in every mail sent, so they do not expire.
 */
import { type Config, randomToken, readToken, sha256Hex, signToken, uuidPattern } from '@glam/core'

const purpose = 'newsletter/v1'
const listId = /^[a-z0-9][a-z0-9-]{1,31}$/

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
  const expires = String(Math.floor(input.expiresAt.getTime() / 1000))
  const token = await signToken(config.secret, purpose, [
    'c',
    input.subscriberId,
    input.listId,
    expires,
    nonce,
  ])
  return { token, nonceHash: await sha256Hex(nonce) }
}

/** The token's contents when its signature holds (expiry is the caller's to judge), else null. */
export async function readConfirmToken(
  config: Config,
  token: string | undefined,
): Promise<ConfirmToken | null> {
  const parts = await readToken(config.secret, purpose, token, [
    /^c$/,
    uuidPattern,
    listId,
    /^\d{9,11}$/,
    /^[A-Za-z0-9]{22}$/,
  ])
  if (!parts) return null
  const [, subscriberId, list, expires, nonce] = parts as [string, string, string, string, string]
  return {
    subscriberId,
    listId: list,
    expiresAt: new Date(Number(expires) * 1000),
    nonceHash: await sha256Hex(nonce),
  }
}

export const preferencesToken = (config: Config, subscriberId: string) =>
  signToken(config.secret, purpose, ['p', subscriberId])

export async function readPreferencesToken(
  config: Config,
  token: string | undefined,
): Promise<string | null> {
  const parts = await readToken(config.secret, purpose, token, [/^p$/, uuidPattern])
  return parts ? parts[1]! : null
}

export const unsubscribeToken = (config: Config, subscriberId: string, list: string) =>
  signToken(config.secret, purpose, ['u', subscriberId, list])

export async function readUnsubscribeToken(
  config: Config,
  token: string | undefined,
): Promise<{ subscriberId: string; listId: string } | null> {
  const parts = await readToken(config.secret, purpose, token, [/^u$/, uuidPattern, listId])
  return parts ? { subscriberId: parts[1]!, listId: parts[2]! } : null
}

/** The platform's absolute address of a path (mails carry absolute links). */
export const absolute = (config: Config, path: string) => new URL(path, config.publicUrl).href
