// The two demo customers keep apart: Demo Beauty's client (client@demo.glam) sees none of
// Nordlicht Kosmetik's campaign, links or stats, and Nordlicht's client (client2@demo.glam) none of
// Demo Beauty's, through REST and GraphQL. A foreign id answers like one that does not exist.

import { issueToken } from '@glam/auth'
import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

type Client = 'beauty' | 'nordlicht'
const own = {
  beauty: { customer: demo.customerId, campaign: demo.campaignId, links: [demo.lenaLinkId, demo.miaLinkId] },
  nordlicht: {
    customer: demo.nordlicht.customerId,
    campaign: demo.nordlicht.campaignId,
    links: [demo.nordlicht.ninaLinkId, demo.nordlicht.ninaSerumLinkId],
  },
}
const other = (client: Client) => own[client === 'beauty' ? 'nordlicht' : 'beauty']

let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
const tokens = {} as Record<Client, string>

const get = async (client: Client, path: string) => {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${tokens[client]}` } })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const graphql = async (client: Client, query: string, variables: Record<string, unknown> = {}) => {
  const res = await t.app.request('/graphql', {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[client]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as {
    data: Record<string, { edges?: { node: { id: string } }[] } | null> | null
    errors?: unknown[]
  }
}

beforeAll(async () => {
  t = await createTestAppWithDatabase()
  for (const [client, email] of [
    ['beauty', 'client@demo.glam'],
    ['nordlicht', 'client2@demo.glam'],
  ] as const) {
    const user = (await t.repos.users.byEmail(email))!
    const grants = await t.repos.users.grants(user.id, demo.app)
    tokens[client] = (await issueToken(t.platform, { userId: user.id, email, app: demo.app, grants })).token
  }
})

describe.each(['beauty', 'nordlicht'] as const)('the %s client', (client) => {
  it('lists only its own links over REST, and a foreign link is not found', async () => {
    const list = await get(client, '/api/links?limit=100')
    expect(list.status).toBe(200)
    const ids = (list.body.items as { id: string; customerId: string }[]).map((l) => l.id)
    expect(ids.sort()).toEqual([...own[client].links].sort())
    for (const id of other(client).links) expect((await get(client, `/api/links/${id}`)).status).toBe(404)
    expect((await get(client, `/api/links?campaign=${other(client).campaign}`)).status).toBe(404)
    expect((await get(client, `/api/stats/clicks?campaign=${other(client).campaign}`)).status).toBe(404)
    // (Its own stats pass the same check and reach the events store, which this app has none of.)
  })

  it('sees only its own campaign and links over GraphQL', async () => {
    const lists = await graphql(
      client,
      `{ campaigns(first: 50) { edges { node { id name } } } links(first: 50) { edges { node { id } } } }`,
    )
    expect(lists.errors).toBeUndefined()
    const campaigns = lists.data!.campaigns!.edges!.map((e) => e.node.id)
    expect(campaigns).toEqual([own[client].campaign])
    const links = lists.data!.links!.edges!.map((e) => e.node.id)
    expect(links.sort()).toEqual([...own[client].links].sort())
    const foreign = await graphql(
      client,
      'query ($c: ID!, $l: ID!, $k: ID!) { campaign(id: $c) { id } link(id: $l) { id } customer(id: $k) { id } }',
      { c: other(client).campaign, l: other(client).links[0], k: other(client).customer },
    )
    expect(foreign.data).toEqual({ campaign: null, link: null, customer: null })
  })
})

it('names the second demo customer and its campaign as the README does', async () => {
  expect((await t.repos.customers.get(demo.nordlicht.customerId))?.name).toBe('Nordlicht Kosmetik')
  expect(await t.repos.campaigns.get(demo.nordlicht.campaignId)).toMatchObject({
    name: 'Winter Care',
    status: 'active',
    timezone: 'Europe/Berlin',
  })
})
