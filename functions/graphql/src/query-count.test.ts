// The dashboard query costs a fixed number of SQL statements and ClickHouse queries, counted at
// the drivers (the libsql client's execute/batch, and HTTP requests reaching ClickHouse through
// a counting proxy), for a campaign with 2 links and one with 200.
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { issueToken } from '@glam/auth'
import { demo } from '@glam/db'
import { type ClickHouseApp, startClickHouseApp } from '@glam/testing/clickhouse-app'
import type { createTestAppWithDatabase } from '@glam/testing/platform'
import { purchase } from '@glam/testing/purchase'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { persistedOperations } from './persisted.ts'

/** A pass-through HTTP proxy that counts the SELECT statements it forwards. */
async function countingProxy(target: string) {
  const counter = { selects: 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const url = new URL(req.url ?? '/', target)
      const query = url.searchParams.get('query') ?? ''
      if (/^\s*SELECT/i.test(body.toString('utf8', 0, 64)) || /^\s*SELECT/i.test(query)) counter.selects++
      const upstream = request(url, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      })
      upstream.on('error', () => res.destroy())
      upstream.end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counter,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe('the dashboard query', () => {
  let ch: ClickHouseApp
  let proxy: Awaited<ReturnType<typeof countingProxy>>
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let bigCampaign: string
  const sql = { statements: 0 }

  beforeAll(async () => {
    ch = await startClickHouseApp('gql', {
      via: async (url) => {
        proxy = await countingProxy(url)
        return proxy.url
      },
    })
    t = ch.t
    const campaign = await t.repos.campaigns.create({
      customerId: demo.customerId,
      name: 'Big',
      status: 'active',
    })
    bigCampaign = campaign.id
    const influencers = []
    for (let i = 0; i < 200; i++)
      influencers.push(await t.repos.influencers.create({ handle: `big_${i}`, name: `Big ${i}` }))
    await t.repos.campaigns.addInfluencers(
      campaign.id,
      influencers.map((i) => i.id),
    )
    await t.repos.links.createMany(
      influencers.map((i) => ({
        slug: `big-${i.handle}`,
        destination: 'https://shop.example/',
        customerId: demo.customerId,
        campaignId: campaign.id,
        influencerId: i.id,
      })),
    )
    // Count at the driver: every statement libsql runs goes through execute or batch. The events
    // writer's own bookkeeping (it checks its SQL spill in the background, whenever its timer
    // fires) is no statement of the query's and is left out.
    const client = (t.database.db as unknown as { $client: Record<string, (...a: unknown[]) => unknown> })
      .$client
    const sqlOf = (statement: unknown) =>
      typeof statement === 'string' ? statement : String((statement as { sql?: string })?.sql ?? '')
    const counted = (statement: unknown) => !/\bevent_spill\b/.test(sqlOf(statement))
    for (const method of ['execute', 'batch']) {
      const original = client[method]!.bind(client)
      client[method] = (...args: unknown[]) => {
        const statements = method === 'batch' ? (args[0] as unknown[]) : [args[0]]
        sql.statements += statements.filter(counted).length
        return original(...args)
      }
    }
  }, 120_000)
  afterAll(async () => {
    await ch?.stop()
    await proxy?.close()
  })

  const run = async (campaignId: string) => {
    sql.statements = 0
    proxy.counter.selects = 0
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer glam_dev_admin' },
      body: JSON.stringify({ query: persistedOperations.dashboard, variables: { campaignId } }),
    })
    const body = (await res.json()) as {
      data: { campaign: { influencers: { links: unknown[]; stats: { clicks: number } }[] } }
      errors?: unknown
    }
    expect(body.errors).toBeUndefined()
    return {
      influencers: body.data.campaign.influencers.length,
      sql: sql.statements,
      clickhouse: proxy.counter.selects,
    }
  }

  it('costs the same number of SQL and ClickHouse queries for 2 links as for 200', async () => {
    // Once first: the admin key's first use of the minute is recorded (lastUsedAt), a write of
    // the key's and not of the query's.
    await run(demo.campaignId)
    const small = await run(demo.campaignId)
    const big = await run(bigCampaign)
    expect(small.influencers).toBe(2)
    expect(big.influencers).toBe(200)
    expect(big.sql).toBe(small.sql)
    expect(big.clickhouse).toBe(small.clickhouse)
    expect(small.clickhouse).toBe(4) // totals: clicks + orders; per influencer: clicks + orders
    console.log(
      `dashboard query: ${small.sql} SQL statements, ${small.clickhouse} ClickHouse queries (2 and 200 links)`,
    )
  })

  it('answers per-influencer clicks, orders and revenue from ClickHouse', async () => {
    const location = (
      await t.app.request('/summer-lena', {
        headers: {
          'user-agent':
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
        },
      })
    ).headers.get('location')!
    const clickId = new URL(location).searchParams.get('glam_cid')!
    const collect = await t.app.request('/collect', {
      method: 'POST',
      headers: { origin: 'http://127.0.0.1:3001', 'content-type': 'text/plain' },
      body: JSON.stringify(
        purchase('GQL-1', {
          total: 49.9,
          currency: 'EUR',
          items: [{ sku: 'A', price: 49.9, quantity: 1 }],
          clickId,
        }),
      ),
    })
    expect(collect.status).toBe(202)
    await t.platform.events.flush()
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer glam_dev_admin' },
      body: JSON.stringify({
        query: persistedOperations.dashboard,
        variables: { campaignId: demo.campaignId, from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' },
      }),
    })
    const { data } = (await res.json()) as {
      data: {
        campaign: {
          totals: { clicks: number; orders: number }
          influencers: {
            influencer: { handle: string }
            stats: { clicks: number; orders: number; revenue: { currency: string; grossMinor: number }[] }
          }[]
        }
      }
    }
    const lena = data.campaign.influencers.find((i) => i.influencer.handle === 'lena')!
    expect(lena.stats).toMatchObject({
      clicks: 1,
      orders: 1,
      revenue: [{ currency: 'EUR', grossMinor: 4990 }],
    })
    expect(data.campaign.totals).toMatchObject({ clicks: 1, orders: 1 })
  })

  it("stats follow the grants: the client reads the dashboard, lena reads her links' stats only", async () => {
    const token = async (email: string) => {
      const user = (await t.repos.users.byEmail(email))!
      const grants = await t.repos.users.grants(user.id, 'dashboard')
      return (await issueToken(t.platform, { userId: user.id, email, app: 'dashboard', grants })).token
    }
    const as = async (email: string, query: string, variables: Record<string, unknown> = {}) =>
      (await (
        await t.app.request('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(email)}` },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as { data?: Record<string, unknown>; errors?: { extensions: { code: string } }[] }
    const client = await as('client@demo.glam', persistedOperations.dashboard, {
      campaignId: demo.campaignId,
    })
    expect(client.errors).toBeUndefined()
    const lenaDashboard = await as('lena@demo.glam', persistedOperations.dashboard, {
      campaignId: demo.campaignId,
    })
    // Influencers read campaigns through their own links only: a campaign id answers like a missing one.
    expect(lenaDashboard.errors![0]!.extensions.code).toBe('NOT_FOUND')
    expect(lenaDashboard.data).toEqual({ campaign: null })
    const own = await as(
      'lena@demo.glam',
      '{ me { influencer { links(first: 10) { edges { node { slug stats { clicks } } } } } } }',
    )
    expect(own.errors).toBeUndefined()
    expect(JSON.stringify(own.data)).toContain('summer-lena')
    expect(JSON.stringify(own.data)).not.toContain('summer-mia')
  })

  it("ranks a campaign's influencers by orders in one batched stats read", async () => {
    const query = `query($id: ID!) { campaign(id: $id) { influencers(sortBy: ORDERS) { influencer { handle } stats { orders } } } }`
    sql.statements = 0
    proxy.counter.selects = 0
    const res = await t.app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer glam_dev_admin' },
      body: JSON.stringify({ query, variables: { id: demo.campaignId } }),
    })
    const { data } = (await res.json()) as {
      data: { campaign: { influencers: { influencer: { handle: string }; stats: { orders: number } }[] } }
    }
    expect(data.campaign.influencers.map((i) => i.influencer.handle)).toEqual(['lena', 'mia'])
    expect(data.campaign.influencers[0]!.stats.orders).toBeGreaterThan(0)
    expect(proxy.counter.selects).toBe(2)
  })
})
