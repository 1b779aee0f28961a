// Feeds and feed runs over GraphQL with the REST API's rules: catalog:read, a client its own shops
// only (another shop's feed or shop answers like a missing one), staff every shop.
import { importFeed } from '@glam/catalog/import'
import { demo } from '@glam/db'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

type Role = 'staff' | 'client' | 'influencer' | 'anonymous'
type Result = {
  data?: Record<string, unknown> | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

const feedFields = 'id shopId name url format mapping schedule timezone status lastRunAt createdAt'
const runFields = 'id shopId feedId source status outcome validRows startedAt finishedAt report'

describe('GraphQL feeds and feedRuns', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  const tokens: Partial<Record<Role, string>> = {}
  let feedA: string
  let feedB: string
  let shopB: string
  let runA: string

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
  const codes = (r: Result) => (r.errors ?? []).map((e) => e.extensions?.code)
  const feeds = (role: Role, shopId?: string) =>
    gql(role, `query($shopId: ID) { feeds(shopId: $shopId) { ${feedFields} } }`, { shopId })
  const runs = (role: Role, variables: Record<string, unknown>) =>
    gql(
      role,
      `query($feedId: ID, $shopId: ID, $first: Int) { feedRuns(feedId: $feedId, shopId: $shopId, first: $first) { ${runFields} } }`,
      variables,
    )

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    Object.assign(tokens, await demoTokens(t, ['staff', 'client', 'influencer']))
    const other = await t.repos.customers.create({ name: 'Brand B' })
    shopB = (
      await t.repos.shops.create({ name: 'Shop B', origins: ['https://b.example'], customerId: other.id })
    ).shop.id
    feedA = (
      await t.repos.catalog.createFeed({
        shopId: demo.shopId,
        name: 'Demo main feed',
        url: 'https://shop.demo.example/feed.csv',
        format: 'csv',
        schedule: '0 */6 * * *',
      })
    ).id
    feedB = (await t.repos.catalog.createFeed({ shopId: shopB, name: 'B feed' })).id
    const csv =
      'id,title,link,image_link,price,availability\nS1,Serum,https://s.example/1,https://s.example/1.jpg,12.00 EUR,in stock\n'
    runA = (
      await importFeed({
        repos: t.repos,
        shopId: demo.shopId,
        feedId: feedA,
        source: 'feed.csv',
        bytes: [Buffer.from(csv)],
      })
    ).runId
    await importFeed({
      repos: t.repos,
      shopId: shopB,
      feedId: feedB,
      source: 'b.csv',
      bytes: [Buffer.from(csv)],
    })
  })

  it("answers a client its own shop's feeds, staff every shop's", async () => {
    const own = await feeds('client', demo.shopId)
    expect(own.errors).toBeUndefined()
    expect(own.data!.feeds).toEqual([
      {
        id: feedA,
        shopId: demo.shopId,
        name: 'Demo main feed',
        url: 'https://shop.demo.example/feed.csv',
        format: 'csv',
        mapping: null,
        schedule: '0 */6 * * *',
        timezone: 'UTC',
        status: 'active',
        lastRunAt: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ])
    const all = (await feeds('staff')).data!.feeds as { id: string }[]
    expect(all.map((f) => f.id)).toEqual(expect.arrayContaining([feedA, feedB]))
  })

  it("answers another customer's shop or feed exactly like a missing one, and a client names the shop", async () => {
    const missing = '01900000-0000-7000-8000-00000000dead'
    const theirs = await feeds('client', shopB)
    expect(theirs.data).toEqual({ feeds: null })
    expect(theirs.errors).toEqual((await feeds('client', missing)).errors)
    expect(codes(theirs)).toEqual(['NOT_FOUND'])
    expect(codes(await feeds('client'))).toEqual(['VALIDATION_FAILED'])
    const theirRuns = await runs('client', { feedId: feedB })
    expect(codes(theirRuns)).toEqual(['NOT_FOUND'])
    expect(theirRuns.errors).toEqual((await runs('client', { feedId: missing })).errors)
    expect(codes(await runs('client', { shopId: shopB }))).toEqual(['NOT_FOUND'])
    expect((await runs('staff', { feedId: feedB })).data!.feedRuns).toHaveLength(1)
  })

  it('lists runs by feed or by shop, newest first, with the report as JSON text', async () => {
    const byFeed = await runs('client', { feedId: feedA })
    expect(byFeed.errors).toBeUndefined()
    const [run] = byFeed.data!.feedRuns as Record<string, unknown>[]
    expect(run).toMatchObject({
      id: runA,
      shopId: demo.shopId,
      feedId: feedA,
      source: 'feed.csv',
      status: 'applied',
      outcome: 'IMPORTED',
      validRows: 1,
      finishedAt: expect.any(String),
    })
    expect(JSON.parse(run!.report as string)).toMatchObject({ outcome: 'IMPORTED', counts: { created: 1 } })
    const byShop = (await runs('client', { shopId: demo.shopId, first: 1 })).data!.feedRuns as {
      id: string
    }[]
    expect(byShop.map((r) => r.id)).toEqual([runA])
    expect((await runs('client', { feedId: feedA, shopId: shopB })).data!.feedRuns).toEqual([])
  })

  it('refuses callers without catalog:read and bad arguments', async () => {
    expect(codes(await feeds('influencer', demo.shopId))).toEqual(['FORBIDDEN'])
    expect(codes(await feeds('anonymous', demo.shopId))).toEqual(['UNAUTHORIZED'])
    expect(codes(await runs('influencer', { feedId: feedA }))).toEqual(['FORBIDDEN'])
    expect(codes(await runs('staff', {}))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await runs('staff', { feedId: feedA, first: 0 }))).toEqual(['BAD_USER_INPUT'])
    expect(codes(await runs('staff', { feedId: feedA, first: 101 }))).toEqual(['BAD_USER_INPUT'])
  })
})
