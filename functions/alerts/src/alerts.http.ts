// HTTP suite of wishlists and alerts, run on Node, workerd (D1) and Deno by the conformance
// harness: members' routes want a portal member, and bad input and forged links are refused
// alike everywhere (the flows with a catalogue and mail: alerts.test.ts).
import { expectError } from '@glam/testing/expect-error'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

export const alertsSuite = defineHttpSuite({
  name: 'alerts',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'an alert on a product not on offer is 422; forged links are refused',
      async run(t) {
        await expectError(
          await t.fetch('/api/alerts', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              productId: '00000000-0000-7000-8000-00000000f999',
              kind: 'back_in_stock',
              email: `alert.${t.runtime}@example.com`,
            }),
          }),
          422,
          'ALERT_PRODUCT_UNKNOWN',
        )
        expect((await t.fetch('/w/unsubscribe/u.forged', { method: 'POST' })).status).toBe(400)
        expect((await t.fetch(`/w/s.00000000-0000-7000-8000-00000000f999.${'0'.repeat(32)}`)).status).toBe(
          404,
        )
      },
    },
    {
      name: 'members’ routes want a portal member; bad input is refused',
      async run(t) {
        await expectError(await t.fetch('/api/wishlists'), 401, 'MEMBER_REQUIRED')
        await expectError(await t.fetch('/api/alerts'), 401, 'MEMBER_REQUIRED')
        const page = await t.fetch('/w/')
        expect(page.status).toBe(401)
        expect(await page.text()).toContain('/auth/login?app=portal')
        await expectError(
          await t.fetch('/api/alerts', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ productId: 'x', kind: 'price_drop' }),
          }),
          400,
          'VALIDATION_FAILED',
        )
        expect((await t.fetch('/w/confirm?token=c.forged')).status).toBe(400)
      },
    },
    {
      name: 'the product page forms answer with pages: a refusal names its code, "save" asks for a login',
      async run(t) {
        const form = (fields: Record<string, string>) => ({
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        })
        const unknown = await t.fetch(
          '/w/alerts',
          form({
            productId: '00000000-0000-7000-8000-00000000f999',
            kind: 'target_price',
            target: '19,90',
            email: `form.${t.runtime}@example.com`,
          }),
        )
        expect([unknown.status, unknown.headers.get('x-error-code')]).toEqual([422, 'ALERT_PRODUCT_UNKNOWN'])
        expect(unknown.headers.get('content-type')).toMatch(/^text\/html/)
        const save = await t.fetch('/w/items', form({ productId: '00000000-0000-7000-8000-00000000f999' }))
        expect(save.status).toBe(401)
        expect(await save.text()).toContain('/auth/login?app=portal')
      },
    },
  ],
})
