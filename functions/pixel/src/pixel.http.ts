// HTTP suite of the pixel, run on Node, workerd and Deno by the conformance harness.
import { purchase } from '@glam/testing/purchase'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const key = 'pk_demo_shop_public_key_01'
const shopOrigin = 'http://127.0.0.1:3001'

export const pixelSuite = defineHttpSuite({
  name: 'pixel',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'GET /pixel.js serves the snippet, cacheable and versioned',
      async run(t) {
        const res = await t.fetch('/pixel.js')
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
        expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{12}"$/)
        expect(await res.text()).toContain('glam')
      },
    },
    {
      name: 'POST /collect records a purchase attributed to the click, once',
      async run(t) {
        const redirect = await t.fetch('/summer-lena', { redirect: 'manual' })
        const clickId = new URL(redirect.headers.get('location')!).searchParams.get('glam_cid')!
        const orderId = `conf-${t.runtime}-${Date.now()}`
        const send = () =>
          t.fetch('/collect', {
            method: 'POST',
            headers: { 'content-type': 'text/plain', origin: shopOrigin },
            body: JSON.stringify(
              purchase(orderId, {
                total: 34.9,
                currency: 'EUR',
                items: [{ sku: 'A', price: 34.9, quantity: 1 }],
                clickId,
              }),
            ),
          })
        const first = await send()
        expect(first.status).toBe(202)
        expect(first.headers.get('access-control-allow-origin')).toBe(shopOrigin)
        const again = await send()
        expect(again.status).toBe(409)
        expect(((await again.json()) as { error: { code: string } }).error.code).toBe('DUPLICATE_ORDER')
      },
    },
    {
      name: 'a foreign origin and a wrong key are refused with codes',
      async run(t) {
        const body = JSON.stringify(purchase('x', { key, total: 1, currency: 'EUR', items: [] }))
        const foreign = await t.fetch('/collect', {
          method: 'POST',
          headers: { origin: 'https://evil.example' },
          body,
        })
        expect(foreign.status).toBe(403)
        const wrong = await t.fetch('/collect', {
          method: 'POST',
          headers: { origin: shopOrigin },
          body: body.replace(key, 'pk_wrongwrongwrong'),
        })
        expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('INVALID_KEY')
      },
    },
  ],
})
