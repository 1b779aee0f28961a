// Assets through GraphQL: who sees which asset (the assets' own rules), signed URLs, deleting one.
import { demo } from '@glam/db'
import type { Asset, NewAsset } from '@glam/db/repositories/assets'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

type Role = 'admin' | 'client' | 'influencer' | 'anonymous'
type Result = {
  data?: Record<string, unknown> | null
  errors?: { message: string; extensions?: { code?: string } }[]
}
type Node = { id: string; type: string; url: string; urlExpiresAt: string | null }

const list = `{ assets(first: 50) { edges { node { id type url urlExpiresAt } } pageInfo { hasNextPage } } }`
const one = `query($id: ID!) { asset(id: $id) { id name size visibility url urlExpiresAt customer { name } influencer { handle } } }`

describe('GraphQL assets', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  const tokens: Partial<Record<Role, string>> = {}
  let photo: Asset
  let briefing: Asset
  let insight: Asset

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
  const listed = async (role: Role) =>
    ((await gql(role, list)).data!.assets as { edges: { node: Node }[] }).edges.map((e) => e.node)

  const insert = async (sha: string, fields: Partial<NewAsset> & Pick<NewAsset, 'type' | 'visibility'>) => {
    await t.repos.assets.touchBlob(sha, 1234)
    return t.repos.assets.insert({
      sha256: sha,
      appId: demo.app,
      name: `${fields.type}.png`,
      format: 'png',
      contentType: 'image/png',
      size: 1234,
      width: 10,
      height: 10,
      pages: null,
      placeholder: null,
      createdByType: 'user',
      createdBy: demo.adminUserId,
      customerId: null,
      influencerId: null,
      ...fields,
    })
  }

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    Object.assign(tokens, await demoTokens(t, ['admin', 'client', 'influencer']))
    photo = await insert('a'.repeat(64), {
      type: 'product-photo',
      visibility: 'public',
      customerId: demo.customerId,
    })
    // Uploaded by staff for the customer: the client reads it by the rule, not as its uploader.
    briefing = await insert('b'.repeat(64), {
      type: 'briefing',
      visibility: 'private',
      customerId: demo.customerId,
    })
    insight = await insert('c'.repeat(64), {
      type: 'story-insight',
      visibility: 'private',
      createdBy: demo.lenaUserId,
      influencerId: demo.lenaId,
    })
  })

  it('shows admins every asset, the private ones with signed, expiring URLs', async () => {
    const nodes = await listed('admin')
    expect(nodes.map((n) => n.id)).toEqual([insight.id, briefing.id, photo.id])
    const byId = new Map(nodes.map((n) => [n.id, n]))
    const origin = new URL(t.config.publicUrl).origin
    expect(byId.get(photo.id)).toMatchObject({ url: `${origin}/a/${'a'.repeat(64)}.png`, urlExpiresAt: null })
    for (const id of [briefing.id, insight.id]) {
      const node = byId.get(id)!
      const url = new URL(node.url)
      expect(url.origin).toBe(origin)
      expect(url.searchParams.get('sig')).toBeTruthy()
      expect(Number(url.searchParams.get('exp'))).toBeGreaterThan(0)
      expect(new Date(node.urlExpiresAt!).getTime()).toBeGreaterThan(t.clock.now().getTime())
    }
  })

  it('shows a client the public asset and its customer’s briefing, not an influencer’s story insight', async () => {
    expect((await listed('client')).map((n) => n.id)).toEqual([briefing.id, photo.id])
    const read = await gql('client', one, { id: briefing.id })
    expect(read.data!.asset).toMatchObject({
      name: 'briefing.png',
      size: 1234,
      visibility: 'private',
      customer: { name: expect.any(String) },
      influencer: null,
    })
    expect((read.data!.asset as Node).url).toMatch(/\?.*sig=/)
    const hidden = await gql('client', one, { id: insight.id })
    expect(hidden.data!.asset).toBeNull()
    expect(codes(hidden)).toEqual(['NOT_FOUND'])
    // Not theirs answers exactly like an id that does not exist.
    const missing = await gql('client', one, { id: '00000000-0000-7000-8000-00000000ffff' })
    expect(missing.errors![0]!.message).toBe(hidden.errors![0]!.message)
  })

  it('shows an influencer the public asset and her story insight, not the customer’s briefing', async () => {
    expect((await listed('influencer')).map((n) => n.id)).toEqual([insight.id, photo.id])
    const hidden = await gql('influencer', one, { id: briefing.id })
    expect(hidden.data!.asset).toBeNull()
    expect(codes(hidden)).toEqual(['NOT_FOUND'])
    // The public photo shows; its customer does not (she may not see the customer).
    const pub = await gql('influencer', one, { id: photo.id })
    expect(pub.errors).toBeUndefined()
    expect(pub.data!.asset).toMatchObject({ id: photo.id, customer: null })
  })

  it('answers anonymous callers UNAUTHORIZED and nothing else', async () => {
    const anonList = await gql('anonymous', list)
    expect(anonList.data?.assets ?? null).toBeNull()
    expect(codes(anonList)).toEqual(['UNAUTHORIZED'])
    const anonOne = await gql('anonymous', one, { id: photo.id })
    expect(anonOne.data?.asset ?? null).toBeNull()
    expect(codes(anonOne)).toEqual(['UNAUTHORIZED'])
  })

  it('applies the app’s rule override: without client in readRoles the client loses the briefing', async () => {
    await t.repos.assets.setRule({ appId: demo.app, type: 'briefing', readRoles: [] })
    try {
      expect((await listed('client')).map((n) => n.id)).toEqual([photo.id])
      expect(codes(await gql('client', one, { id: briefing.id }))).toEqual(['NOT_FOUND'])
    } finally {
      await t.repos.assets.deleteRule(demo.app, 'briefing')
    }
  })

  it('refuses an unknown type filter', async () => {
    const r = await gql('admin', '{ assets(type: "selfie") { edges { cursor } } }')
    expect(codes(r)).toEqual(['BAD_USER_INPUT'])
  })

  it('deletes for the uploader and platform staff only, and audits it', async () => {
    const del = `mutation($id: ID!) { deleteAsset(id: $id) { __typename ... on MutationDeleteAssetSuccess { data } ... on NotFoundError { message } } }`
    // Readable but not theirs to delete.
    expect(codes(await gql('client', del, { id: briefing.id }))).toEqual(['FORBIDDEN'])
    // Not readable: the same answer as a missing asset.
    expect((await gql('influencer', del, { id: briefing.id })).data!.deleteAsset).toEqual({
      __typename: 'NotFoundError',
      message: 'No asset with this id.',
    })
    expect(codes(await gql('anonymous', del, { id: insight.id }))).toEqual(['UNAUTHORIZED'])
    expect((await gql('influencer', del, { id: insight.id })).data!.deleteAsset).toEqual({
      __typename: 'MutationDeleteAssetSuccess',
      data: insight.id,
    })
    expect(await t.repos.assets.get(insight.id)).toBeNull()
    expect((await t.repos.audit.forTarget('asset', insight.id)).map((a) => a.action)).toEqual([
      'asset.deleted',
    ])
    expect((await gql('admin', del, { id: briefing.id })).data!.deleteAsset).toMatchObject({
      __typename: 'MutationDeleteAssetSuccess',
    })
  })
})
