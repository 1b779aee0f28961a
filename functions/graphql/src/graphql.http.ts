// HTTP suite of the GraphQL function, run on Node, workerd and Deno by the conformance harness.
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const campaign = '00000000-0000-7000-8000-000000000005'
const post = (query: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ query }),
})

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
      name: 'anonymous callers get me: null and are refused campaigns',
      async run(t) {
        const me = (await (await t.fetch('/graphql', post('{ me { id } }'))).json()) as { data: { me: null } }
        expect(me.data.me).toBeNull()
        const campaigns = (await (
          await t.fetch('/graphql', post('{ campaigns(first: 5) { edges { node { id } } } }'))
        ).json()) as {
          errors: { extensions: { code: string } }[]
        }
        expect(campaigns.errors[0]!.extensions.code).toBe('UNAUTHENTICATED')
      },
    },
  ],
})
