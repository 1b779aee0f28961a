/**
 * The body of a pixel purchase as the snippet sends it to /collect (POST, or the image request's
 * `?d=`): the demo shop's public key, consent given, and by default a two-line order of 69.80 EUR
 * (two products at 34.90). `fields` replace the defaults one by one and add any others (`clickId`,
 * `coupon`, `discount`, …); they are passed through as they are, so refusal tests can send wrong
 * values, and a field set to `undefined` drops out of the JSON. A test that checks a figure passes
 * it here rather than leaning on the defaults.
 */
import { demo } from '@glam/db/demo'

export function purchase(orderId: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 1,
    key: demo.shopPublicKey,
    orderId,
    total: 69.8,
    currency: 'EUR',
    items: [
      { sku: 'GLOW-SERUM-30', name: 'Glow Serum 30 ml', price: 34.9, quantity: 1 },
      { sku: 'LIP-OIL-ROSE', name: 'Rose Lip Oil', price: 34.9, quantity: 1 },
    ],
    consent: true,
    ...fields,
  }
}
