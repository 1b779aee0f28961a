// HTTP suite of the GraphQL function, run on Node, workerd and Deno by the conformance harness.
import { Readable } from 'node:stream'
import { rawRequest } from '@glam/testing/raw-request'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const campaign = '00000000-0000-7000-8000-000000000005'
const post = (query: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ query }),
})
type Errors = { errors: { message: string; extensions: { code: string } }[] }

export const graphqlSuite = defineHttpSuite({
  name: 'graphql',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'the admin key reads Summer Glow with its influencers and links',
      async run(t) {
        const res = await t.fetch(
          '/graphql',
          post(
            `{ me { kind roles } campaign(id: "${campaign}") { name influencers { influencer { handle } links { slug } } } }`,
            {
              authorization: 'Bearer glam_dev_admin',
            },
          ),
        )
        expect(res.status).toBe(200)
        const body = (await res.json()) as {
          data: {
            me: { roles: string[] }
            campaign: { name: string; influencers: { influencer: { handle: string } }[] }
          }
        }
        expect(body.data.me.roles).toEqual(['admin'])
        expect(body.data.campaign.name).toBe('Summer Glow')
        expect(body.data.campaign.influencers.map((i) => i.influencer.handle).sort()).toEqual(['lena', 'mia'])
      },
    },
    {
      name: 'anonymous callers get me: null and are refused campaigns (401 UNAUTHORIZED)',
      async run(t) {
        const me = (await (await t.fetch('/graphql', post('{ me { id } }'))).json()) as { data: { me: null } }
        expect(me.data.me).toBeNull()
        const campaigns = await t.fetch('/graphql', post('{ campaigns(first: 5) { edges { node { id } } } }'))
        expect(campaigns.status).toBe(401)
        expect(((await campaigns.json()) as Errors).errors[0]!.extensions.code).toBe('UNAUTHORIZED')
      },
    },
    {
      name: 'bad credentials answer 401 with the catalogue code, not 500',
      async run(t) {
        const key = await t.fetch(
          '/graphql',
          post('{ me { id } }', { authorization: 'Bearer glam_no_such_key_0000' }),
        )
        expect(key.status).toBe(401)
        expect(((await key.json()) as Errors).errors[0]!.extensions.code).toBe('UNAUTHORIZED')
        const token = await t.fetch(
          '/graphql',
          post('{ me { id } }', {
            authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
          }),
        )
        expect(token.status).toBe(401)
        expect(((await token.json()) as Errors).errors[0]!.extensions.code).toBe('INVALID_TOKEN')
      },
    },
    {
      name: 'an id of nothing answers NOT_FOUND',
      async run(t) {
        const res = await t.fetch(
          '/graphql',
          post('{ influencer(id: "01900000-0000-7000-8000-00000000dead") { handle } }', {
            authorization: 'Bearer glam_dev_admin',
          }),
        )
        const body = (await res.json()) as Errors & { data: unknown }
        expect(body.data).toEqual({ influencer: null })
        expect(body.errors[0]!.extensions.code).toBe('NOT_FOUND')
      },
    },
    {
      name: 'an oversized body with Content-Length answers 413 PAYLOAD_TOO_LARGE',
      async run(t) {
        const big = Buffer.from(
          JSON.stringify({ query: '{ me { id } }', variables: { x: 'y'.repeat(2 * 1024 * 1024) } }),
        )
        const res = await rawRequest(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(big.byteLength) },
          body: big,
        })
        expect(res.status).toBe(413)
        expect(JSON.parse(res.text)).toMatchObject({
          errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
        })
      },
    },
    {
      name: 'an oversized chunked body (no Content-Length) is refused while streaming',
      async run(t) {
        // 1.25 MB against the 1 MB limit, as in the errors suite: over it, and small enough that
        // the server's bounded drain reads the rest before the client reads the 413.
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        let sent = 0
        const body = new Readable({
          read() {
            sent += chunk.byteLength
            this.push(sent > 1.25 * 1024 * 1024 ? null : chunk)
          },
        })
        const res = await rawRequest(`${t.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          body,
        })
        expect(res.status).toBe(413)
        expect(JSON.parse(res.text)).toMatchObject({
          errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
        })
      },
    },
  ],
})
