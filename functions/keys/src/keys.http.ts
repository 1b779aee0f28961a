// HTTP suite of the keys function, run on Node, workerd and Deno by the conformance harness: a
// client's key made, used, listed without its secret and revoked at once; keys manage no keys.
import { loginBearer } from '@glam/testing/login-token'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const json = { 'content-type': 'application/json' }

export const keysSuite = defineHttpSuite({
  name: 'keys',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'a client creates a key (shown once), calls with it, lists it without the key, revokes it',
      async run(t) {
        const client = { ...(await loginBearer(t, 'client@demo.glam')), ...json }
        const res = await t.fetch('/api/keys', {
          method: 'POST',
          headers: client,
          body: JSON.stringify({ name: `conformance ${t.runtime}`, scopes: ['links:read'] }),
        })
        expect(res.status).toBe(201)
        const { key, apiKey } = (await res.json()) as { key: string; apiKey: { id: string; prefix: string } }
        expect(key.startsWith(apiKey.prefix)).toBe(true)
        const bearer = { authorization: `Bearer ${key}` }
        expect((await t.fetch('/api/links', { headers: bearer })).status).toBe(200)

        const list = await t.fetch('/api/keys?limit=100', { headers: client })
        const text = await list.text()
        expect(list.status).toBe(200)
        expect(text).toContain(apiKey.id)
        expect(text).not.toContain(key)

        const asKey = await t.fetch('/api/keys', {
          method: 'POST',
          headers: { ...bearer, ...json },
          body: '{}',
        })
        expect(asKey.status).toBe(403)

        const del = await t.fetch(`/api/keys/${apiKey.id}`, { method: 'DELETE', headers: client })
        expect(del.status).toBe(200)
        expect((await t.fetch('/api/links', { headers: bearer })).status).toBe(401)
      },
    },
  ],
})
