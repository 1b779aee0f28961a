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
  ],
})
