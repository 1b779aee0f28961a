// HTTP suite of the fx function, run on Node, workerd and Deno by the conformance harness: the
// admin key writes a batch (D1 included: one batch, all or nothing), a client reads it, a bad
// item refuses the batch with nothing stored, a client may not write, and a rate is deleted.
import { expectError } from '@glam/testing/expect-error'
import { loginBearer } from '@glam/testing/login-token'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }

export const fxSuite = defineHttpSuite({
  name: 'fx',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'the admin key writes rates, a client reads them, a bad batch stores nothing, a rate is deleted',
      async run(t) {
        // A day of its own per runtime (they may share nothing, but stay apart if they do).
        const day = { node: '2001-01-01', workerd: '2001-01-02', deno: '2001-01-03' }[t.runtime]
        const rates = [
          { day, base: 'EUR', quote: 'USD', rate: '1.08340', source: 'conformance' },
          { day, base: 'EUR', quote: 'JPY', rate: '162.5' },
        ]
        const put = (headers: Record<string, string>, body: unknown) =>
          t.fetch('/api/fx-rates', { method: 'PUT', headers, body: JSON.stringify(body) })
        const written = await put(admin, { rates })
        expect(written.status).toBe(200)
        expect(await written.json()).toMatchObject({
          created: 2,
          items: [{ rate: '1.0834' }, { rate: '162.5' }],
        })
        expect(await (await put(admin, { rates })).json()).toMatchObject({ created: 0, unchanged: 2 })

        const client = await loginBearer(t, 'client@demo.glam')
        const list = await t.fetch(`/api/fx-rates?from=${day}&to=${day}`, { headers: client })
        expect(list.status).toBe(200)
        const { items } = (await list.json()) as { items: { quote: string; rate: string }[] }
        expect(items.map((r) => `${r.quote} ${r.rate}`)).toEqual(['JPY 162.5', 'USD 1.0834'])

        const bad = await put(admin, {
          rates: [
            { ...rates[0], quote: 'GBP' },
            { ...rates[1], rate: '1,5' },
          ],
        })
        const refused = await expectError<{ path: string }[]>(bad, 400, 'VALIDATION_FAILED')
        expect(refused.error.details?.map((d) => d.path)).toEqual(['rates.1.rate'])
        await expectError(
          await put({ ...client, 'content-type': 'application/json' }, { rates }),
          403,
          'FORBIDDEN',
        )

        const gone = await t.fetch(`/api/fx-rates/${day}/EUR/JPY`, { method: 'DELETE', headers: admin })
        expect(gone.status).toBe(200)
        await expectError(
          await t.fetch(`/api/fx-rates/${day}/EUR/JPY`, { method: 'DELETE', headers: admin }),
          404,
          'NOT_FOUND',
        )
        const after = await t.fetch(`/api/fx-rates?from=${day}&to=${day}`, { headers: client })
        const left = (await after.json()) as { items: { quote: string }[] }
        expect(left.items.map((r) => r.quote)).toEqual(['USD'])
      },
    },
  ],
})
