/**
 * Server-to-server requests are signed with the shop's secret:
 * `X-Glam-Key: pk_…`, `X-Glam-Timestamp: <unix seconds>`,
 * `X-Glam-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` (several `v1=` values,
 * comma-separated, are allowed while a shop rolls its secret). The timestamp must be within
 * 5 minutes, and each signature is accepted once (kept in SQL past the window).
 */
import { type AppEnv, GlamError, hmacSha256Hex, timingSafeEqual } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Shop } from '@glam/db/repositories/shops'
import type { Context } from 'hono'
import './errors.ts' // registers this function's error codes

export const replayWindowSeconds = 300

/** Sign a body the way shops must (their SDKs, the demo and the tests use the same recipe). */
export async function signBody(secret: string, timestamp: number, body: string): Promise<string> {
  return `v1=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`
}

/** Verifies the signature over the raw body; returns the shop and the body text. */
export async function verifySigned(c: Context<AppEnv>): Promise<{ shop: Shop; body: string }> {
  const { platform } = c.var
  const repos = repositoriesOf(platform)
  const key = c.req.header('x-glam-key') ?? ''
  const stamp = c.req.header('x-glam-timestamp') ?? ''
  const signature = c.req.header('x-glam-signature') ?? ''
  if (!/^pk_[A-Za-z0-9_]{8,64}$/.test(key))
    throw new GlamError('INVALID_KEY', 'Send the shop public key in X-Glam-Key.')
  const shop = await repos.shops.byPublicKey(key)
  if (shop?.status !== 'active') throw new GlamError('INVALID_KEY')
  if (!/^\d{9,11}$/.test(stamp))
    throw new GlamError('INVALID_SIGNATURE', 'Send X-Glam-Timestamp as unix seconds.')
  const given = signature
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^v1=[0-9a-f]{64}$/.test(s))
  if (given.length === 0)
    throw new GlamError('INVALID_SIGNATURE', 'Send X-Glam-Signature as v1=<hex HMAC-SHA256>.')
  const body = await c.req.text()
  const secret = await repos.shops.signingSecret(shop.id)
  if (!secret) throw new GlamError('INVALID_KEY')
  const expected = await signBody(secret, Number(stamp), body)
  if (!given.some((s) => timingSafeEqual(s, expected))) {
    c.var.log.warn('conversion.bad_signature', { shopId: shop.id })
    throw new GlamError('INVALID_SIGNATURE')
  }
  const skew = Math.abs(platform.clock.now().getTime() / 1000 - Number(stamp))
  if (skew > replayWindowSeconds) throw new GlamError('SIGNATURE_EXPIRED')
  const expires = new Date((Number(stamp) + replayWindowSeconds * 2) * 1000)
  if (!(await repos.replayGuard.claim(`${shop.id}:${expected.slice(3, 67)}`, expires))) {
    c.var.log.warn('conversion.replayed', { shopId: shop.id })
    throw new GlamError('REPLAYED_REQUEST')
  }
  return { shop, body }
}
