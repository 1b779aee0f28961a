// Tenant isolation, role by role, over every query and mutation that takes an id: admin and staff
// see everything; a client of customer A only A's records, a client of B only B's; an influencer
// only themselves and their own links. What a caller may not see answers exactly like an id that
// does not exist (same HTTP status, same body), so nobody learns which ids exist elsewhere.
import { issueToken } from '@glam/auth'
import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

const roles = ['admin', 'staff', 'clientA', 'clientB', 'keyA', 'influencer', 'anonymous'] as const
type Role = (typeof roles)[number]
type Body = {
  data?: Record<string, unknown> | null
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[]
}
type Answer = { status: number; body: Body }

/** An id no record has (a well-formed UUIDv7). */
const missing = '01900000-0000-7000-8000-00000000dead'

describe('GraphQL tenant isolation', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  const credentials: Partial<Record<Role, string>> = {}
  /** Labelled ids: A's records (the demo data), B's, and ones nobody's. */
  const ids: Record<string, string> = { missing }

  const ask = async (role: Role, query: string, variables: Record<string, unknown>): Promise<Answer> => {
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(credentials[role] && { authorization: `Bearer ${credentials[role]}` }),
      },
      body: JSON.stringify({ query, variables }),
    })
    return { status: res.status, body: (await res.json()) as Body }
  }
  const codes = (a: Answer) => (a.body.errors ?? []).map((e) => e.extensions?.code)

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    const { repos } = t
    // Customer B with its own shop, campaign, influencer and link.
    const b = await repos.customers.create({ name: 'Brand B', landingUrl: 'https://b.example/' })
    const shopB = await repos.shops.create({
      name: 'Shop B',
      origins: ['https://b.example'],
      customerId: b.id,
    })
    const campaignB = await repos.campaigns.create({ customerId: b.id, name: 'B Launch' })
    const bea = await repos.influencers.create({
      handle: 'bea',
      name: 'Bea B',
      channels: { instagram: 'bea' },
    })
    await repos.campaigns.addInfluencers(campaignB.id, [bea.id])
    const linkB = await repos.links.create({
      slug: 'b-launch-bea',
      destination: 'https://b.example/',
      customerId: b.id,
      campaignId: campaignB.id,
      influencerId: bea.id,
    })
    // An influencer on A's roster without a link, and one who works for nobody.
    const rosterOnly = await repos.influencers.create({ handle: 'rosa', name: 'Rosa' })
    await repos.campaigns.addInfluencers(demo.campaignId, [rosterOnly.id])
    const solo = await repos.influencers.create({ handle: 'solo', name: 'Solo' })
    Object.assign(ids, {
      customerA: demo.customerId,
      customerB: b.id,
      shopA: demo.shopId,
      shopB: shopB.shop.id,
      campaignA: demo.campaignId,
      campaignB: campaignB.id,
      lena: demo.lenaId,
      mia: demo.miaId,
      rosa: rosterOnly.id,
      bea: bea.id,
      solo: solo.id,
      lenaLink: demo.lenaLinkId,
      miaLink: demo.miaLinkId,
      linkB: linkB.id,
    })

    const staff = await repos.users.ensure({ email: 'staff@demo.glam' })
    await repos.users.grant({ userId: staff.id, app: 'dashboard', role: 'staff' })
    const clientB = await repos.users.ensure({ email: 'client@b.example' })
    await repos.users.grant({
      userId: clientB.id,
      app: 'dashboard',
      role: 'client',
      scope: { type: 'customer', id: b.id },
    })
    ids.someUser = staff.id
    for (const [role, email] of [
      ['admin', 'admin@demo.glam'],
      ['staff', 'staff@demo.glam'],
      ['clientA', 'client@demo.glam'],
      ['clientB', 'client@b.example'],
      ['influencer', 'lena@demo.glam'],
    ] as const) {
      const user = (await repos.users.byEmail(email))!
      const grants = await repos.users.grants(user.id, 'dashboard')
      credentials[role] = (
        await issueToken(t.platform, { userId: user.id, email, app: 'dashboard', grants })
      ).token
    }
    // A's API key for reading (a customer-limited key: a client without a user).
    credentials.keyA = (
      await repos.apiKeys.create({
        name: 'A reads',
        customerId: demo.customerId,
        scopes: ['links:read', 'stats:read'],
      })
    ).key
  })

  /** Who sees which labelled ids through a query taking `$id` (admin and staff see all). */
  const lookups: { name: string; query: string; labels: string[]; sees: Partial<Record<Role, string[]>> }[] =
    [
      {
        name: 'customer(id:)',
        query:
          'query($id: ID!) { customer(id: $id) { id name landingUrl campaigns(first: 5) { edges { node { id } } } } }',
        labels: ['customerA', 'customerB'],
        sees: { clientA: ['customerA'], keyA: ['customerA'], clientB: ['customerB'], influencer: [] },
      },
      {
        name: 'shop(id:)',
        query: 'query($id: ID!) { shop(id: $id) { id name origins publicKey customer { id } } }',
        labels: ['shopA', 'shopB'],
        sees: { clientA: ['shopA'], keyA: ['shopA'], clientB: ['shopB'], influencer: [] },
      },
      {
        name: 'campaign(id:)',
        query:
          'query($id: ID!) { campaign(id: $id) { id name timezone customer { id } influencers { influencer { id handle } links { slug } } links(first: 10) { edges { node { slug } } } orders(first: 5) { edges { node { id } } } } }',
        labels: ['campaignA', 'campaignB'],
        sees: { clientA: ['campaignA'], keyA: ['campaignA'], clientB: ['campaignB'], influencer: [] },
      },
      {
        name: 'influencer(id:)',
        query:
          'query($id: ID!) { influencer(id: $id) { id handle name email channels { network handle } links(first: 10) { edges { node { slug } } } } }',
        labels: ['lena', 'mia', 'rosa', 'bea', 'solo'],
        sees: {
          clientA: ['lena', 'mia', 'rosa'],
          keyA: ['lena', 'mia', 'rosa'],
          clientB: ['bea'],
          influencer: ['lena'],
        },
      },
      {
        name: 'link(id:)',
        query: 'query($id: ID!) { link(id: $id) { id slug destination influencer { handle } } }',
        labels: ['lenaLink', 'miaLink', 'linkB'],
        sees: {
          clientA: ['lenaLink', 'miaLink'],
          keyA: ['lenaLink', 'miaLink'],
          clientB: ['linkB'],
          influencer: ['lenaLink'],
        },
      },
    ]

  for (const lookup of lookups) {
    it(`${lookup.name}: each role sees its own records; the rest answers like a missing id`, async () => {
      for (const role of roles) {
        const nothing = await ask(role, lookup.query, { id: missing })
        if (role === 'anonymous') expect(codes(nothing)).toEqual(['UNAUTHORIZED'])
        else {
          expect(nothing.status).toBe(200)
          expect(codes(nothing)).toEqual(['NOT_FOUND'])
        }
        const visible = role === 'admin' || role === 'staff' ? lookup.labels : (lookup.sees[role] ?? [])
        for (const label of lookup.labels) {
          const answer = await ask(role, lookup.query, { id: ids[label] })
          if (visible.includes(label)) {
            expect(answer.body.errors, `${role} reads ${label}`).toBeUndefined()
            expect(JSON.stringify(answer.body.data)).toContain(ids[label])
          } else {
            expect(answer, `${role} must not tell ${label} from a missing id`).toEqual(nothing)
          }
        }
      }
    })
  }

  it('an influencer reached through a visible record is only ever the caller themselves for an influencer', async () => {
    const own = await ask('influencer', 'query($id: ID!) { link(id: $id) { influencer { handle email } } }', {
      id: ids.lenaLink,
    })
    expect(own.body).toEqual({
      data: { link: { influencer: { handle: 'lena', email: expect.any(String) } } },
    })
    // A client reads the influencers of their own records, but not their e-mail.
    const client = await ask('clientA', 'query($id: ID!) { influencer(id: $id) { handle email } }', {
      id: ids.rosa,
    })
    expect(client.body).toEqual({ data: { influencer: { handle: 'rosa', email: null } } })
  })

  /** Queries whose arguments hold ids of other records: the same answer for another tenant's id and a missing one. */
  const filters: { name: string; query: string; role: Role; foreign: string[] }[] = [
    {
      name: 'links(campaignId:) for a client',
      query: 'query($id: ID) { links(first: 10, campaignId: $id) { edges { node { slug } } } }',
      role: 'clientA',
      foreign: ['campaignB'],
    },
    {
      name: 'links(influencerId:) for a client',
      query: 'query($id: ID) { links(first: 10, influencerId: $id) { edges { node { slug } } } }',
      role: 'clientB',
      foreign: ['lena', 'mia'],
    },
    {
      name: 'links(influencerId:) for an influencer',
      query: 'query($id: ID) { links(first: 10, influencerId: $id) { edges { node { slug } } } }',
      role: 'influencer',
      foreign: ['mia', 'bea'],
    },
    {
      name: 'campaigns(customerId:) for a client',
      query: 'query($id: ID) { campaigns(first: 10, customerId: $id) { edges { node { id } } } }',
      role: 'clientA',
      foreign: ['customerB'],
    },
    {
      name: 'campaigns(customerId:) for another client',
      query: 'query($id: ID) { campaigns(first: 10, customerId: $id) { edges { node { id } } } }',
      role: 'clientB',
      foreign: ['customerA'],
    },
    {
      name: 'influencer.links(campaignId:) for a client',
      query: `query($id: ID) { influencer(id: "${demo.lenaId}") { links(first: 10, campaignId: $id) { edges { node { slug } } } } }`,
      role: 'clientA',
      foreign: ['campaignB'],
    },
  ]

  for (const filter of filters) {
    it(`${filter.name}: another tenant's id answers like a missing one`, async () => {
      const nothing = await ask(filter.role, filter.query, { id: missing })
      for (const label of filter.foreign)
        expect(await ask(filter.role, filter.query, { id: ids[label] }), label).toEqual(nothing)
    })
  }

  it('lists stay scoped: a client of B lists only B, an influencer only their own links', async () => {
    const b = await ask(
      'clientB',
      '{ links(first: 100) { edges { node { id } } } campaigns(first: 100) { edges { node { id } } } }',
      {},
    )
    expect(JSON.stringify(b.body.data)).toContain(ids.linkB)
    expect(JSON.stringify(b.body.data)).toContain(ids.campaignB)
    for (const other of [ids.lenaLink, ids.miaLink, ids.campaignA])
      expect(JSON.stringify(b.body.data)).not.toContain(other)
    const lena = await ask('influencer', '{ links(first: 100) { edges { node { id } } } }', {})
    expect(JSON.stringify(lena.body.data)).toContain(ids.lenaLink)
    for (const other of [ids.miaLink, ids.linkB]) expect(JSON.stringify(lena.body.data)).not.toContain(other)
  })

  /**
   * Mutations taking ids, per labelled target: for admin and staff (grants: admin only) a Success
   * for an existing target and a NotFoundError for a missing one; for everyone else one and the same
   * refusal whatever the id (403, or 401 without a credential), and nothing changes.
   */
  const mutations: {
    name: string
    query: string
    vars: (id: string, role: Role) => Record<string, unknown>
    labels: string[]
    editors: Role[]
  }[] = [
    {
      name: 'updateCustomer',
      query:
        'mutation($id: ID!) { updateCustomer(id: $id, patch: { name: "Renamed" }) { __typename ... on Error { message } } }',
      vars: (id) => ({ id }),
      labels: ['customerA', 'customerB'],
      editors: ['admin', 'staff'],
    },
    {
      name: 'createShop',
      query:
        'mutation($id: ID) { createShop(input: { name: "S", origins: ["https://s.example"], customerId: $id }) { __typename ... on Error { message } } }',
      vars: (id) => ({ id }),
      labels: ['customerA', 'customerB'],
      editors: ['admin', 'staff'],
    },
    {
      name: 'updateInfluencer',
      query:
        'mutation($id: ID!) { updateInfluencer(id: $id, name: "Renamed") { __typename ... on Error { message } } }',
      vars: (id) => ({ id }),
      labels: ['lena', 'bea'],
      editors: ['admin', 'staff'],
    },
    {
      name: 'createCampaign',
      query:
        'mutation($id: ID!) { createCampaign(customerId: $id, input: { name: "New" }) { __typename ... on Error { message } } }',
      vars: (id) => ({ id }),
      labels: ['customerA', 'customerB'],
      editors: ['admin', 'staff'],
    },
    {
      name: 'updateCampaign',
      query:
        'mutation($id: ID!) { updateCampaign(id: $id, input: { name: "Renamed" }) { __typename ... on Error { message } } }',
      vars: (id) => ({ id }),
      labels: ['campaignA', 'campaignB'],
      editors: ['admin', 'staff'],
    },
    {
      name: 'assignInfluencers',
      query:
        'mutation($id: ID!, $i: [ID!]!, $p: String) { assignInfluencers(campaignId: $id, influencerIds: $i, destination: "https://shop.example/", slugPrefix: $p) { __typename ... on Error { message } } }',
      // Influencers already on the roster: nothing new is made, so the matrix does not change who works for whom.
      vars: (id, role) => ({ id, i: [id === ids.campaignB ? ids.bea : ids.lena], p: `m-${role}` }),
      labels: ['campaignA', 'campaignB'],
      editors: ['admin', 'staff'],
    },
    {
      name: 'setLinkStatus',
      query:
        'mutation($id: ID!) { setLinkStatus(id: $id, status: ACTIVE) { __typename ... on Error { message } } }',
      vars: (id) => ({ id }),
      labels: ['lenaLink', 'linkB'],
      editors: ['admin', 'staff'],
    },
    {
      name: 'grantRole (scope id)',
      query:
        'mutation($u: ID!, $id: ID) { grantRole(input: { userId: $u, app: "dashboard", role: "client", scopeType: "customer", scopeId: $id }) { __typename ... on Error { message } } }',
      vars: (id) => ({ u: ids.someUser, id }),
      labels: ['customerA', 'customerB'],
      editors: ['admin'],
    },
    {
      name: 'revokeRole (user id)',
      query:
        'mutation($id: ID!) { revokeRole(input: { userId: $id, app: "dashboard", role: "viewer" }) { __typename ... on Error { message } } }',
      vars: (id) => ({ id }),
      labels: ['someUser'],
      editors: ['admin'],
    },
  ]

  for (const m of mutations) {
    it(`${m.name}: editors change existing records and are told of missing ones; others get one refusal for every id`, async () => {
      for (const role of roles) {
        const nothing = await ask(role, m.query, m.vars(missing, role))
        const field = Object.keys(nothing.body.data ?? {})[0]
        if (m.editors.includes(role)) {
          expect(nothing.status).toBe(200)
          expect(nothing.body.data?.[field!]).toMatchObject({ __typename: 'NotFoundError' })
          for (const label of m.labels) {
            const answer = await ask(role, m.query, m.vars(ids[label]!, role))
            expect(answer.body.errors, `${role} ${label}`).toBeUndefined()
            // revokeRole of a grant the user does not hold is a NotFoundError too: the user exists.
            if (m.name.startsWith('revokeRole')) continue
            expect(JSON.stringify(answer.body.data), `${role} ${label}`).toMatch(/Success/)
          }
          continue
        }
        expect(nothing.status).toBe(role === 'anonymous' ? 401 : 403)
        expect(nothing.body.data ?? null).toBeNull()
        expect(codes(nothing)).toEqual([role === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN'])
        for (const label of m.labels)
          expect(await ask(role, m.query, m.vars(ids[label]!, role)), `${role} ${label}`).toEqual(nothing)
      }
    })
  }

  it('refused mutations changed nothing', async () => {
    const audit = await t.repos.audit.forTarget('customer', ids.customerB!)
    // Only the editors' updates (admin, staff) were recorded.
    expect(audit.filter((a) => a.action === 'customer.updated').length).toBe(2)
  })
})
