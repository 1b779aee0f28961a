/**
 * The browser side: `GET /pixel.js` (the snippet, cacheable, versioned by its hash) and the
 * collect endpoint: `POST /collect` (sendBeacon or fetch; the body is JSON whatever the
 * content type says, since beacons send text/plain) and `GET /collect?d=<json>` (the image
 * fallback, answered with a 1×1 GIF).
 *
 * A purchase counts only with the shop's public key, from one of the shop's registered origins
 * (`Origin`, else the `Referer`'s origin), within the per-shop and per-IP limits; each
 * (shop, order id) counts once. Every refusal is a 4xx with a code and stores nothing.
 */
import { type AppEnv, checked, GlamError, jsonFrom, limitBody, type Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Shop } from '@glam/db/repositories/shops'
import { enforce, requestIp } from '@glam/ratelimit/enforce'
import { type Context, Hono } from 'hono'
import { recentCache } from './recent.ts'
import { recordOrder } from './record.ts'
import { type CollectInput, checkTotal, collectSchema } from './schemas.ts'
import { snippetSource, snippetVersion } from './snippet/generated.ts'
import './errors.ts' // registers this function's error codes

type C = Context<AppEnv>

// 1×1 transparent GIF.
const gif = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (ch) =>
  ch.charCodeAt(0),
)
const etag = `"${snippetVersion}"`
const maxBody = 256 * 1024

/** Shops by public key, kept a few seconds per process or isolate (the collect path is hot). */
const shops = recentCache<Shop | null>('pixel.shops')
const shopByKey = (platform: Platform, key: string) =>
  shops.get(platform, key, () => repositoriesOf(platform).shops.byPublicKey(key))
/** Forget a shop after its key, origins or status changed (the shops API calls this). */
export const forgetShop = (platform: Platform, publicKey: string) => shops.forget(platform, publicKey)

function callerOrigin(c: C): string | null {
  const origin = c.req.header('origin')
  if (origin && origin !== 'null') return origin
  const referer = c.req.header('referer')
  if (!referer) return null
  try {
    return new URL(referer).origin
  } catch {
    return null
  }
}

function parsePayload(raw: string | undefined): CollectInput {
  if (!raw)
    throw new GlamError('BAD_REQUEST', 'Send the purchase as a JSON body (or `d` for the image request).')
  const input = checked(collectSchema, jsonFrom(raw))
  checkTotal(input)
  return input
}

async function collect(c: C, raw: string | undefined) {
  const { platform } = c.var
  const input = parsePayload(raw)
  const shop = await shopByKey(platform, input.key)
  if (shop?.status !== 'active') throw new GlamError('INVALID_KEY')
  const origin = callerOrigin(c)
  if (!origin || !shop.origins.includes(origin)) {
    throw new GlamError(
      'ORIGIN_NOT_ALLOWED',
      `Register ${origin ?? 'the page origin'} for this shop to collect from it.`,
    )
  }
  c.header('Access-Control-Allow-Origin', origin)
  c.header('Vary', 'Origin')
  await enforce(c, [
    [shop.id, { name: 'collect-shop', limit: platform.config.collectPerShopPerMinute, windowSeconds: 60 }],
    [requestIp(c), { name: 'collect-ip', limit: platform.config.collectPerIpPerMinute, windowSeconds: 60 }],
  ])
  return recordOrder(platform, shop, input, 'browser', c.var.log)
}

export function createCollectApp() {
  return new Hono<AppEnv>()
    .get('/pixel.js', (c) => {
      const headers = {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=3600, stale-while-revalidate=86400',
        ETag: etag,
        'X-Glam-Pixel-Version': snippetVersion,
        'Access-Control-Allow-Origin': '*',
        'X-Content-Type-Options': 'nosniff',
      }
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
      return c.body(snippetSource, 200, headers)
    })
    .options('/collect', (c) => {
      const origin = c.req.header('origin')
      return c.body(null, 204, {
        ...(origin && { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }),
        'Access-Control-Allow-Methods': 'POST, GET',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '86400',
      })
    })
    .post('/collect', limitBody(maxBody), async (c) => {
      const { order, outcome } = await collect(c, await c.req.text())
      return c.json({ status: 'recorded', outcome, id: order.id }, 202, { 'Cache-Control': 'no-store' })
    })
    .get('/collect', async (c) => {
      const d = c.req.query('d')
      if (d && d.length > maxBody) throw new GlamError('PAYLOAD_TOO_LARGE')
      await collect(c, d)
      return c.body(gif, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' })
    })
}
