/**
 * The alerts' signed links (`@glam/core` signToken, purpose `alerts/v1`): a confirmation
 * `c.<alert>.<expires>.<nonce>.<sig>` (expires; only the newest nonce counts), an unsubscribe
 * `u.<alert>.<sig>` (in every alert mail: no expiry), the daily digest's unsubscribe
 * `d.<alert>.<sig>` (every daily alert of that alert's address) and a wishlist share
 * `s.<wishlist>.<sig>` (read only).
 */
import { type Config, randomToken, readToken, sha256Hex, signToken, uuidPattern } from '@glam/core'

const purpose = 'alerts/v1'

export async function alertConfirmToken(config: Config, alertId: string, expiresAt: Date) {
  const nonce = randomToken(22)
  const token = await signToken(config.secret, purpose, [
    'c',
    alertId,
    String(Math.floor(expiresAt.getTime() / 1000)),
    nonce,
  ])
  return { token, nonceHash: await sha256Hex(nonce) }
}

export async function readAlertConfirmToken(config: Config, token: string | undefined) {
  const parts = await readToken(config.secret, purpose, token, [
    /^c$/,
    uuidPattern,
    /^\d{9,11}$/,
    /^[A-Za-z0-9]{22}$/,
  ])
  if (!parts) return null
  return {
    alertId: parts[1]!,
    expiresAt: new Date(Number(parts[2]) * 1000),
    nonceHash: await sha256Hex(parts[3]!),
  }
}

export const alertUnsubscribeToken = (config: Config, alertId: string) =>
  signToken(config.secret, purpose, ['u', alertId])

export async function readAlertUnsubscribeToken(config: Config, token: string | undefined) {
  const parts = await readToken(config.secret, purpose, token, [/^u$/, uuidPattern])
  return parts ? parts[1]! : null
}

export const digestUnsubscribeToken = (config: Config, alertId: string) =>
  signToken(config.secret, purpose, ['d', alertId])

/** An unsubscribe link's alert, and whether it stops all the address's daily alerts (`d.`). */
export async function readUnsubscribeLink(config: Config, token: string | undefined) {
  const single = await readAlertUnsubscribeToken(config, token)
  if (single) return { alertId: single, daily: false }
  const parts = await readToken(config.secret, purpose, token, [/^d$/, uuidPattern])
  return parts ? { alertId: parts[1]!, daily: true } : null
}

export const wishlistShareToken = (config: Config, wishlistId: string) =>
  signToken(config.secret, purpose, ['s', wishlistId])

export async function readWishlistShareToken(config: Config, token: string | undefined) {
  const parts = await readToken(config.secret, purpose, token, [/^s$/, uuidPattern])
  return parts ? parts[1]! : null
}

export const absolute = (config: Config, path: string) => new URL(path, config.publicUrl).href
