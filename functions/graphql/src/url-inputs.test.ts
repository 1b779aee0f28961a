// URL inputs of the mutations: stored as their WHATWG-normalised href (punycode, percent-encoding),
// the length limit on the normalised form, credentials and non-web schemes refused; shop origins
// normalised; private and loopback hosts refused in production.
import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { createContext } from './context.ts'
import { createGraphqlServer } from './server.ts'

type Body = { data?: Record<string, Record<string, unknown>> | null; errors?: unknown[] }

describe('URL inputs in GraphQL mutations', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  /** The schema served to a platform in production mode (arbitrary documents allowed, for the test). */
  let production: Hono
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    const platform = { ...t.platform, config: { ...t.config, env: 'production' } } as typeof t.platform
    const yoga = createGraphqlServer(t.config, async () =>
      createContext({
        platform,
        principal: { kind: 'api_key', id: 'k', customerId: null, scopes: ['*'] },
        log: t.platform.logger,
        requestId: 'r',
      }),
    )
    production = new Hono().all('/graphql', (c) => yoga.fetch(c.req.raw, { hono: c as never }))
  })

  const gql = async (
    query: string,
    variables: Record<string, unknown>,
    app: { request: Hono['request'] } = t.app,
  ) =>
    (await (
      await app.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer glam_dev_admin' },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as Body

  const createCustomer = `mutation($url: String) { createCustomer(input: { name: "URL Test", landingUrl: $url }) {
    __typename ... on MutationCreateCustomerSuccess { data { id landingUrl } } ... on ValidationError { issues { path message } } } }`

  it('stores https://раураl.com/€ as its punycode, percent-encoded href', async () => {
    const body = await gql(createCustomer, { url: 'https://раураl.com/€' })
    const created = body.data!.createCustomer as { data: { id: string; landingUrl: string } }
    expect(created.data.landingUrl).toBe('https://xn--l-7sba6dbr.com/%E2%82%AC')
    expect((await t.repos.customers.get(created.data.id))!.landingUrl).toBe(
      'https://xn--l-7sba6dbr.com/%E2%82%AC',
    )
    const update = await gql(
      'mutation($id: ID!, $url: String) { updateCustomer(id: $id, patch: { landingUrl: $url }) { ... on MutationUpdateCustomerSuccess { data { landingUrl } } } }',
      { id: created.data.id, url: ' HTTPS://Example.COM\\a b\t' },
    )
    expect(update.data!.updateCustomer).toEqual({ data: { landingUrl: 'https://example.com/a%20b' } })
  })

  it('refuses credentials, other schemes and URLs too long once normalised', async () => {
    for (const url of [
      'https://user:pass@example.com/',
      'javascript:alert(1)',
      'ftp://example.com/',
      '/relative',
      `https://example.com/${'é'.repeat(1000)}`, // 1,020 characters typed, 6,020 normalised
    ]) {
      const body = await gql(createCustomer, { url })
      expect(body.data!.createCustomer, url).toMatchObject({
        __typename: 'ValidationError',
        issues: [{ path: 'landingUrl' }],
      })
    }
  })

  it('normalises link destinations made by assignInfluencers', async () => {
    const influencer = await t.repos.influencers.create({ handle: 'url_test', name: 'URL Test' })
    const body = await gql(
      'mutation($c: ID!, $i: [ID!]!, $d: String!) { assignInfluencers(campaignId: $c, influencerIds: $i, destination: $d, slugPrefix: "url") { ... on MutationAssignInfluencersSuccess { data { links { destination } } } } }',
      { c: demo.campaignId, i: [influencer.id], d: 'https://раураl.com/€?q=ü#top' },
    )
    expect(body.data!.assignInfluencers).toEqual({
      data: { links: [{ destination: 'https://xn--l-7sba6dbr.com/%E2%82%AC?q=%C3%BC#top' }] },
    })
  })

  it('stores shop origins normalised and refuses ones with a path', async () => {
    const createShop = `mutation($o: [String!]!) { createShop(input: { name: "Origins", origins: $o }) {
      __typename ... on MutationCreateShopSuccess { data { shop { origins } } } ... on ValidationError { issues { path } } } }`
    const ok = await gql(createShop, { o: ['HTTPS://Shop.Example:443/', 'https://bücher.example'] })
    expect(ok.data!.createShop).toMatchObject({
      data: { shop: { origins: ['https://shop.example', 'https://xn--bcher-kva.example'] } },
    })
    const bad = await gql(createShop, { o: ['https://shop.example/checkout'] })
    expect(bad.data!.createShop).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'origins.0' }],
    })
  })

  it('refuses private and loopback hosts in production, and accepts them in development', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.0.0.1/',
      'http://localhost:3000/',
    ]) {
      expect((await gql(createCustomer, { url }, production)).data!.createCustomer, url).toMatchObject({
        __typename: 'ValidationError',
      })
      expect((await gql(createCustomer, { url })).data!.createCustomer, url).toMatchObject({
        __typename: 'MutationCreateCustomerSuccess',
      })
    }
    const shop = await gql(
      'mutation { createShop(input: { name: "Local", origins: ["http://192.168.1.2:8080"] }) { __typename } }',
      {},
      production,
    )
    expect(shop.data!.createShop).toEqual({ __typename: 'ValidationError' })
    expect(
      (await gql(createCustomer, { url: 'https://раураl.com/€' }, production)).data!.createCustomer,
    ).toMatchObject({ data: { landingUrl: 'https://xn--l-7sba6dbr.com/%E2%82%AC' } })
  })
})
