/**
 * A pixel purchase whose every forwarding header (X-Forwarded-For, X-Real-IP, CF-Connecting-IP)
 * claims `claimed`, as a client forging them would, sent over a real socket: for the tests that
 * per-IP limits key on the socket (or on a trusted proxy's header) on each runtime.
 */
import { demo } from '@glam/db/demo'
import { purchase } from './purchase.ts'
import { rawRequest } from './raw-request.ts'

let orders = 0

/** POSTs a fresh demo-shop order to `${base}/collect`; answers the HTTP status. */
export function collectClaiming(base: string, claimed: string): Promise<number> {
  const order = purchase(`XFF-${process.pid}-${orders++}`, {
    total: 34.9,
    items: [{ sku: 'GLOW-SERUM-30', price: 34.9, quantity: 1 }],
  })
  return rawRequest(`${base}/collect`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      origin: demo.shopOrigin,
      'x-forwarded-for': claimed,
      'x-real-ip': claimed,
      'cf-connecting-ip': claimed,
    },
    body: Buffer.from(JSON.stringify(order)),
  }).then((r) => r.status)
}
