// Grants per role for every type and every mutation, and the limits on depth and page size.
import { issueToken } from '@glam/auth'
import { demo } from '@glam/db'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

type Role = 'admin' | 'staff' | 'client' | 'influencer' | 'anonymous'
type Result = {
  data?: Record<string, unknown> | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

describe('GraphQL grants', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  const tokens: Partial<Record<Role, string>> = {}
  let otherCustomer: string
  let otherLink: string
  let someUser: string

  const gql = async (role: Role, query: string, variables: Record<string, unknown> = {}): Promise<Result> => {
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(tokens[role] && { authorization: `Bearer ${tokens[role]}` }),
      },
      body: JSON.stringify({ query, variables }),
    })
    return (await res.json()) as Result
  }
  const allowed = (r: Result) => !r.errors?.length
  const codes = (r: Result) => (r.errors ?? []).map((e) => e.extensions?.code)

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    Object.assign(tokens, await demoTokens(t, ['admin', 'staff', 'client', 'influencer']))
    const staff = (await t.repos.users.byEmail('staff@demo.glam'))!
    const other = await t.repos.customers.create({ name: 'Other Brand' })
    otherCustomer = other.id
    otherLink = (
      await t.repos.links.create({ slug: 'other-x', destination: 'https://o.example/', customerId: other.id })
    ).id
    someUser = staff.id
  })

  const reads: [string, string, Record<string, unknown>, Record<Role, boolean>][] = [
    [
      'Customer (own)',
      'query($id: ID!) { customer(id: $id) { id name } }',
      { id: demo.customerId },
      { admin: true, staff: true, client: true, influencer: false, anonymous: false },
    ],
    [
      'Customer (another)',
      'query($id: ID!) { customer(id: $id) { id } }',
      { id: '$other' },
      { admin: true, staff: true, client: false, influencer: false, anonymous: false },
    ],
    [
      'customers list',
      '{ customers(first: 5) { edges { node { id } } } }',
      {},
      { admin: true, staff: true, client: false, influencer: false, anonymous: false },
    ],
    [
      'Shop',
      'query($id: ID!) { shop(id: $id) { name publicKey } }',
      { id: demo.shopId },
      { admin: true, staff: true, client: true, influencer: false, anonymous: false },
    ],
    [
      'shops list',
      '{ shops(first: 5) { edges { node { id } } } }',
      {},
      { admin: true, staff: true, client: false, influencer: false, anonymous: false },
    ],
    [
      'Campaign',
      'query($id: ID!) { campaign(id: $id) { name influencers { influencer { handle } links { slug } } links(first: 10) { edges { node { slug } } } } }',
      { id: demo.campaignId },
      { admin: true, staff: true, client: true, influencer: false, anonymous: false },
    ],
    [
      'campaigns list',
      '{ campaigns(first: 5) { edges { node { id } } } }',
      {},
      { admin: true, staff: true, client: true, influencer: false, anonymous: false },
    ],
    [
      'Influencer (own)',
      'query($id: ID!) { influencer(id: $id) { handle links(first: 5) { edges { node { slug } } } } }',
      { id: demo.lenaId },
      { admin: true, staff: true, client: true, influencer: true, anonymous: false },
    ],
    [
      'influencers list',
      '{ influencers(first: 5) { edges { node { id } } } }',
      {},
      { admin: true, staff: true, client: false, influencer: false, anonymous: false },
    ],
    [
      'Link (lena)',
      'query($id: ID!) { link(id: $id) { slug shortUrl } }',
      { id: demo.lenaLinkId },
      { admin: true, staff: true, client: true, influencer: true, anonymous: false },
    ],
    [
      'Link (mia)',
      'query($id: ID!) { link(id: $id) { slug } }',
      { id: demo.miaLinkId },
      { admin: true, staff: true, client: true, influencer: false, anonymous: false },
    ],
    [
      'Link (another customer)',
      'query($id: ID!) { link(id: $id) { slug } }',
      { id: '$otherLink' },
      { admin: true, staff: true, client: false, influencer: false, anonymous: false },
    ],
    [
      'links list',
      '{ links(first: 5) { edges { node { slug } } } }',
      {},
      { admin: true, staff: true, client: true, influencer: true, anonymous: false },
    ],
    [
      'Order',
      'query($id: ID!) { campaign(id: $id) { orders(first: 5) { edges { node { orderId lines { sku } } } } } }',
      { id: demo.campaignId },
      { admin: true, staff: true, client: true, influencer: false, anonymous: false },
    ],
    [
      'User list',
      '{ users { email grants { role } } }',
      {},
      { admin: true, staff: false, client: false, influencer: false, anonymous: false },
    ],
    [
      'Viewer',
      '{ me { user { email grants { role scopeType } } } }',
      {},
      { admin: true, staff: true, client: true, influencer: true, anonymous: true },
    ],
  ]

  for (const [name, query, vars, expected] of reads) {
    it(`reads ${name} as each role`, async () => {
      const variables = Object.fromEntries(
        Object.entries(vars).map(([k, v]) => [
          k,
          v === '$other' ? otherCustomer : v === '$otherLink' ? otherLink : v,
        ]),
      )
      for (const role of Object.keys(expected) as Role[]) {
        const result = await gql(role, query, variables)
        expect(allowed(result), `${role}: ${JSON.stringify(result.errors)}`).toBe(expected[role])
        // Lookups by id answer NOT_FOUND for what a caller may not see (as for what does not exist).
        if (!expected[role])
          expect(codes(result)).toContain(
            role === 'anonymous' ? 'UNAUTHORIZED' : 'id' in vars ? 'NOT_FOUND' : 'FORBIDDEN',
          )
      }
    })
  }

  it('scopes lists: a client lists only their customer, an influencer only their links; anonymous gets me: null', async () => {
    const client = await gql(
      'client',
      '{ links(first: 100) { edges { node { slug } } } campaigns(first: 10) { edges { node { customer { name } } } } }',
    )
    const slugs = (client.data!.links as { edges: { node: { slug: string } }[] }).edges.map(
      (e) => e.node.slug,
    )
    expect(slugs).not.toContain('other-x')
    expect(slugs).toEqual(expect.arrayContaining(['summer-lena', 'summer-mia']))
    const lena = await gql('influencer', '{ links(first: 100) { edges { node { slug } } } }')
    expect(
      (lena.data!.links as { edges: { node: { slug: string } }[] }).edges.map((e) => e.node.slug),
    ).toEqual(['summer-lena'])
    expect(await gql('anonymous', '{ me { id } }')).toEqual({ data: { me: null } })
    const email = await gql('client', 'query($id: ID!) { influencer(id: $id) { email } }', {
      id: demo.lenaId,
    })
    expect(email.data).toEqual({ influencer: { email: null } })
  })

  const mutations: [string, string, (ok: Role) => Record<string, unknown>, Role[]][] = [
    [
      'createCustomer',
      'mutation($n: String!) { createCustomer(input: { name: $n }) { __typename ... on MutationCreateCustomerSuccess { data { id } } } }',
      (r) => ({ n: `C ${r}` }),
      ['admin', 'staff'],
    ],
    [
      'updateCustomer',
      'mutation($id: ID!) { updateCustomer(id: $id, patch: { landingUrl: "https://x.example/" }) { __typename } }',
      () => ({ id: otherCustomer }),
      ['admin', 'staff'],
    ],
    [
      'createShop',
      'mutation($c: ID) { createShop(input: { name: "S", origins: ["https://s.example"], customerId: $c }) { __typename ... on MutationCreateShopSuccess { data { signingSecret } } } }',
      () => ({ c: otherCustomer }),
      ['admin', 'staff'],
    ],
    [
      'createInfluencer',
      'mutation($h: String!) { createInfluencer(input: { handle: $h, name: "N" }) { __typename } }',
      (r) => ({ h: `new_${r}` }),
      ['admin', 'staff'],
    ],
    [
      'updateInfluencer',
      'mutation($id: ID!) { updateInfluencer(id: $id, name: "Lena L") { __typename } }',
      () => ({ id: demo.lenaId }),
      ['admin', 'staff'],
    ],
    [
      'createCampaign',
      'mutation($c: ID!) { createCampaign(customerId: $c, input: { name: "Autumn", timezone: "Europe/Berlin" }) { __typename } }',
      () => ({ c: otherCustomer }),
      ['admin', 'staff'],
    ],
    [
      'updateCampaign',
      'mutation($id: ID!) { updateCampaign(id: $id, input: { name: "Summer Glow" }) { __typename } }',
      () => ({ id: demo.campaignId }),
      ['admin', 'staff'],
    ],
    [
      'assignInfluencers',
      'mutation($c: ID!, $i: [ID!]!, $p: String) { assignInfluencers(campaignId: $c, influencerIds: $i, destination: "https://shop.example/", slugPrefix: $p) { __typename } }',
      (r) => ({ c: demo.campaignId, i: [demo.lenaId], p: `p-${r}` }),
      ['admin', 'staff'],
    ],
    [
      'setLinkStatus',
      'mutation($id: ID!) { setLinkStatus(id: $id, status: ACTIVE) { __typename } }',
      () => ({ id: otherLink }),
      ['admin', 'staff'],
    ],
    [
      'grantRole',
      'mutation($u: ID!) { grantRole(input: { userId: $u, app: "dashboard", role: "viewer" }) { __typename } }',
      () => ({ u: someUser }),
      ['admin'],
    ],
    [
      'revokeRole',
      'mutation($u: ID!) { revokeRole(input: { userId: $u, app: "dashboard", role: "viewer" }) { __typename } }',
      () => ({ u: someUser }),
      ['admin'],
    ],
  ]

  for (const [name, query, vars, allowedRoles] of mutations) {
    it(`${name}: allowed for ${allowedRoles.join(' and ')} only`, async () => {
      for (const role of ['anonymous', 'influencer', 'client', 'staff', 'admin'] as Role[]) {
        const result = await gql(role, query, vars(role))
        const ok = allowedRoles.includes(role)
        expect(allowed(result), `${role}: ${JSON.stringify(result)}`).toBe(ok)
        if (ok) expect(JSON.stringify(result.data)).toMatch(/Success/)
        if (ok && name === 'grantRole' && role === 'admin') break
      }
    })
  }

  it('API keys count by their scopes: a customer key with * is no admin, a links:read key is no platform reader', async () => {
    const asKey = async (key: string, query: string) =>
      (await (
        await t.app.request('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query }),
        })
      ).json()) as Result
    const customerStar = (
      await t.repos.apiKeys.create({ name: 'customer *', customerId: demo.customerId, scopes: ['*'] })
    ).key
    const grant = await asKey(
      customerStar,
      `mutation { grantRole(input: { userId: "${someUser}", app: "dashboard", role: "admin" }) { __typename } }`,
    )
    expect(codes(grant)).toContain('FORBIDDEN')
    const rest = await t.app.request(`/api/users/${someUser}/grants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customerStar}` },
      body: JSON.stringify({ app: 'dashboard', role: 'admin' }),
    })
    expect(rest.status).toBe(403)
    const readOnly = (await t.repos.apiKeys.create({ name: 'read only', scopes: ['links:read'] })).key
    expect(
      codes(
        await asKey(
          readOnly,
          'mutation { createShop(input: { name: "X", origins: ["https://x.example"] }) { __typename } }',
        ),
      ),
    ).toContain('FORBIDDEN')
    expect(codes(await asKey(readOnly, '{ customers(first: 5) { edges { cursor } } }'))).toContain(
      'FORBIDDEN',
    )
    expect(codes(await asKey(readOnly, '{ links(first: 5) { edges { cursor } } }'))).toContain('FORBIDDEN')
  })

  it('grantRole checks the role against the app and the scope against the records', async () => {
    const unknownRole = await gql(
      'admin',
      `mutation { grantRole(input: { userId: "${someUser}", app: "dashboard", role: "owner" }) { __typename } }`,
    )
    expect(JSON.stringify(unknownRole)).toMatch(/ValidationError/)
    const ghost = await gql(
      'admin',
      `mutation { grantRole(input: { userId: "${someUser}", app: "dashboard", role: "client", scopeType: "customer", scopeId: "${demo.lenaId}" }) { __typename } }`,
    )
    expect(JSON.stringify(ghost)).toMatch(/NotFoundError/)
  })

  it('a user without a dashboard grant lists nothing', async () => {
    const nobody = await t.repos.users.ensure({ email: 'nobody@demo.glam' })
    const token = (
      await issueToken(t.platform, { userId: nobody.id, email: nobody.email, app: 'dashboard', grants: [] })
    ).token
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } links(first: 5) { edges { cursor } } }' }),
    })
    const body = (await res.json()) as Result
    expect(codes(body)).toContain('FORBIDDEN')
    expect(body.data?.links ?? null).toBeNull()
  })

  it('answers typed errors for bad input and missing records, and audits changes', async () => {
    const bad = await gql(
      'admin',
      'mutation { createCampaign(customerId: "nope", input: { name: "" , timezone: "Mars/Olympus" }) { __typename ... on ValidationError { issues { path message } } ... on NotFoundError { message } } }',
    )
    expect(bad.data!.createCampaign).toMatchObject({ __typename: 'ValidationError' })
    const missing = await gql(
      'admin',
      `mutation { setLinkStatus(id: "${demo.customerId}", status: PAUSED) { __typename ... on NotFoundError { message } } }`,
    )
    expect(missing.data!.setLinkStatus).toEqual({
      __typename: 'NotFoundError',
      message: 'No link with this id.',
    })
    const taken = await gql(
      'admin',
      'mutation { createInfluencer(input: { handle: "lena", name: "Other" }) { __typename } }',
    )
    expect(taken.data!.createInfluencer).toEqual({ __typename: 'ConflictError' })
    expect((await t.repos.audit.forTarget('link', otherLink)).map((a) => a.action)).toContain('link.updated')
  })

  it('refuses a query 20 levels deep and a page of 10,000 items with clear errors', async () => {
    let nestedFields = 'name'
    for (let i = 0; i < 5; i++)
      nestedFields = `customer { campaigns(first: 1) { edges { node { ${nestedFields} } } } }`
    const nested = `{ campaign(id: "${demo.campaignId}") { ${nestedFields} } }`
    const depth = await gql('admin', nested)
    expect(depth.data).toBeUndefined()
    expect(depth.errors![0]!.message).toMatch(/depth/i)
    const big = await gql('admin', '{ links(first: 10000) { edges { node { slug } } } }')
    expect(big.data).toBeUndefined()
    expect(big.errors![0]!.message).toMatch(/Cost limit of 50000 exceeded/)
    const over = await gql('admin', '{ links(first: 101) { edges { node { slug } } } }')
    expect(over.errors![0]!.message).toBe('first must be between 1 and 100.')
    expect(over.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT')
  })
})
