// /api/keys and the GraphQL key fields on the whole app (SQLite, demo data): a client creates a
// key with its own scopes and calls the API with it, the key is shown once, lists never carry it
// or another customer's keys, scopes and customers above the caller's are refused, revoking stops
// the key at once, influencers and keys themselves manage none.
import { issueToken } from '@glam/auth'
import { demo } from '@glam/db'
import { jsonCall } from '@glam/testing/json-call'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions, not by types
type Json = Record<string, any>

describe('API keys over HTTP and GraphQL', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'admin' | 'staff' | 'client' | 'influencer', string>
  let otherCustomer: string
  let otherClient: string

  const call = jsonCall<Json>(() => t.app)
  const gql = (token: string, query: string, variables: Record<string, unknown> = {}) =>
    call('/graphql', token, 'POST', { query, variables })
  const create = (token: string, body: unknown) => call('/api/keys', token, 'POST', body)

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    tokens = await demoTokens(t, ['admin', 'staff', 'client', 'influencer'])
    otherCustomer = (await t.repos.customers.create({ name: 'Brand B' })).id
    const user = await t.repos.users.ensure({ email: 'client-b@example.com' })
    await t.repos.users.grant({
      userId: user.id,
      app: demo.app,
      role: 'client',
      scope: { type: 'customer', id: otherCustomer },
    })
    const grants = await t.repos.users.grants(user.id, demo.app)
    otherClient = (
      await issueToken(t.platform, { userId: user.id, email: user.email, app: demo.app, grants })
    ).token
  })

  it('lets a client create a key with its scopes, shown once, that then calls the API', async () => {
    const res = await create(tokens.client, { name: 'Shop sync', scopes: ['links:read', 'stats:read'] })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      key: expect.stringMatching(/^glam_[0-9A-Za-z]{40}$/),
      apiKey: {
        id: expect.any(String),
        name: 'Shop sync',
        prefix: res.body.key.slice(0, 12),
        scopes: ['links:read', 'stats:read'],
        customerId: demo.customerId,
        lastUsedAt: null,
        revokedAt: null,
        createdAt: expect.any(String),
      },
    })
    expect(res.text).not.toMatch(/hash/i)
    const { key, apiKey } = res.body
    const stored = await t.repos.apiKeys.get(apiKey.id)
    expect(stored?.keyHash).not.toContain(key)

    const links = await call('/api/links', key)
    expect(links.status).toBe(200)
    expect(links.body.items.every((l: Json) => l.customerId === demo.customerId)).toBe(true)
    expect((await call('/api/links', key, 'POST', { destination: 'https://x.example/' })).status).toBe(403)

    const listed = await call('/api/keys', tokens.client)
    expect(listed.status).toBe(200)
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: apiKey.id, prefix: apiKey.prefix, lastUsedAt: expect.any(String) }),
    ])
    expect(listed.text).not.toContain(key)
    expect(listed.text).not.toMatch(/hash/i)
    expect(await t.repos.audit.forTarget('api_key', apiKey.id)).toEqual([
      expect.objectContaining({ action: 'api_key.created', actorType: 'user' }),
    ])
  })

  it('never lists another customer’s keys, and staff list a customer’s by name', async () => {
    const theirs = await create(otherClient, { name: 'B key', scopes: ['links:read'] })
    expect(theirs.status).toBe(201)
    expect(theirs.body.apiKey.customerId).toBe(otherCustomer)
    const mine = await call('/api/keys', tokens.client)
    expect(mine.body.items.map((k: Json) => k.customerId)).not.toContain(otherCustomer)
    expect((await call(`/api/keys?customer=${otherCustomer}`, tokens.client)).status).toBe(404)

    const staff = await call(`/api/keys?customer=${otherCustomer}&limit=1`, tokens.staff)
    expect(staff.body).toEqual({
      items: [expect.objectContaining({ id: theirs.body.apiKey.id })],
      nextCursor: null,
    })
    expect((await call('/api/keys', tokens.staff)).body).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    })
    const all = await call('/api/keys?limit=100', tokens.admin)
    expect(all.body.items.length).toBeGreaterThanOrEqual(2)
  })

  it('refuses another customer, unknown scopes and scopes above the caller’s, storing nothing', async () => {
    const before = (await t.repos.apiKeys.list({ limit: 100 })).items.length
    const refused = [
      [{ name: 'x', scopes: ['links:read'], customerId: otherCustomer }, 404, 'NOT_FOUND'],
      [{ name: 'x', scopes: ['links:read'], customerId: null }, 403, 'FORBIDDEN'],
      [{ name: 'x', scopes: ['links:write'] }, 400, 'SCOPE_NOT_ALLOWED'],
      [{ name: 'x', scopes: ['*'] }, 400, 'SCOPE_NOT_ALLOWED'],
      [{ name: 'x', scopes: ['links:delete'] }, 400, 'UNKNOWN_SCOPE'],
      [{ name: 'x', scopes: [] }, 400, 'VALIDATION_FAILED'],
      [{ name: ' ', scopes: ['links:read'] }, 400, 'VALIDATION_FAILED'],
      [{ name: 'x', scopes: ['links:read'], extra: 1 }, 400, 'VALIDATION_FAILED'],
    ] as const
    for (const [body, status, code] of refused) {
      const res = await create(tokens.client, body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(res.body.error).toMatchObject({ code, message: expect.any(String) })
    }
    // Staff hold no users:* or jobs:* write, and cannot hand out what a client key may not hold.
    const staffKey = await create(tokens.staff, {
      name: 'x',
      scopes: ['jobs:read'],
      customerId: demo.customerId,
    })
    expect(staffKey.body.error.code).toBe('SCOPE_NOT_ALLOWED')
    expect((await create(tokens.staff, { name: 'x', scopes: ['links:read'] })).body.error.code).toBe(
      'VALIDATION_FAILED',
    )
    expect(
      (await create(tokens.staff, { name: 'x', scopes: ['links:read'], customerId: null })).body.error.code,
    ).toBe('FORBIDDEN')
    expect(
      (await create(tokens.staff, { name: 'x', scopes: ['links:read'], customerId: crypto.randomUUID() }))
        .status,
    ).toBe(404)
    expect((await t.repos.apiKeys.list({ limit: 100 })).items).toHaveLength(before)

    const platformKey = await create(tokens.admin, { name: 'ops', scopes: ['jobs:read'], customerId: null })
    expect(platformKey.status).toBe(201)
    expect(platformKey.body.apiKey.customerId).toBeNull()
    expect((await call('/api/jobs', platformKey.body.key)).status).toBe(200)
  })

  it('revokes a key at once, idempotently; another customer’s answers like a missing one', async () => {
    const { body } = await create(tokens.client, { name: 'Short-lived', scopes: ['links:read'] })
    expect((await call('/api/links', body.key)).status).toBe(200)
    const theirs = await create(otherClient, { name: 'B key 2', scopes: ['links:read'] })

    const foreign = await call(`/api/keys/${theirs.body.apiKey.id}`, tokens.client, 'DELETE')
    const missing = await call(`/api/keys/${crypto.randomUUID()}`, tokens.client, 'DELETE')
    expect(foreign.status).toBe(404)
    expect(foreign.body.error).toEqual({ ...missing.body.error, requestId: expect.any(String) })
    expect((await call('/api/links', theirs.body.key)).status).toBe(200)

    const revoked = await call(`/api/keys/${body.apiKey.id}`, tokens.client, 'DELETE')
    expect(revoked.status).toBe(200)
    expect(revoked.body).toMatchObject({ id: body.apiKey.id, revokedAt: expect.any(String) })
    expect(revoked.text).not.toContain(body.key)
    t.clock.advance(60_000)
    const again = await call(`/api/keys/${body.apiKey.id}`, tokens.client, 'DELETE')
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt)
    const refused = await call('/api/links', body.key)
    expect(refused.status).toBe(401)
    expect(refused.text).not.toContain(body.key)
    expect((await call('/api/keys', tokens.client)).body.items).toContainEqual(
      expect.objectContaining({ id: body.apiKey.id, revokedAt: revoked.body.revokedAt }),
    )
    expect((await t.repos.audit.forTarget('api_key', body.apiKey.id)).map((a) => a.action)).toEqual([
      'api_key.revoked',
      'api_key.created',
    ])
  })

  it('lets neither influencers nor API keys manage keys', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/keys', undefined],
      ['POST', '/api/keys', { name: 'x', scopes: ['links:read'] }],
      ['DELETE', `/api/keys/${crypto.randomUUID()}`, undefined],
    ] as const) {
      expect((await call(path, tokens.influencer, method, body)).status).toBe(403)
      expect((await call(path, 'glam_dev_admin', method, body)).body.error.code).toBe('FORBIDDEN')
      expect((await call(path, undefined, method, body)).status).toBe(401)
    }
  })

  it('offers the same through GraphQL', async () => {
    const created = await gql(
      tokens.client,
      `mutation($scopes: [String!]!) { createApiKey(name: "GraphQL key", scopes: $scopes) {
        __typename ... on MutationCreateApiKeySuccess { data { key apiKey { id prefix scopes customerId revokedAt } } }
        ... on ValidationError { issues { path } } } }`,
      { scopes: ['links:read'] },
    )
    const { key, apiKey } = created.body.data.createApiKey.data
    expect(apiKey).toMatchObject({ scopes: ['links:read'], customerId: demo.customerId, revokedAt: null })
    expect((await call('/api/links', key)).status).toBe(200)

    const list = await gql(tokens.client, '{ apiKeys(first: 100) { edges { node { id customerId } } } }')
    const ids = list.body.data.apiKeys.edges.map((e: Json) => e.node.id)
    expect(ids).toContain(apiKey.id)
    expect(list.body.data.apiKeys.edges.every((e: Json) => e.node.customerId === demo.customerId)).toBe(true)
    expect(list.text).not.toContain(key)

    const above = await gql(
      tokens.client,
      `mutation { createApiKey(name: "x", scopes: ["links:write"]) { __typename } }`,
    )
    expect(above.body.errors[0].extensions.code).toBe('SCOPE_NOT_ALLOWED')
    const foreign = await gql(
      tokens.client,
      `mutation($c: ID) { createApiKey(name: "x", scopes: ["links:read"], customerId: $c) { __typename } }`,
      { c: otherCustomer },
    )
    expect(foreign.body.errors[0].extensions.code).toBe('NOT_FOUND')
    const invalid = await gql(
      tokens.client,
      `mutation { createApiKey(name: "", scopes: ["links:read"]) { __typename ... on ValidationError { issues { path } } } }`,
    )
    expect(invalid.body.data.createApiKey).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: 'name' }],
    })
    const influencer = await gql(tokens.influencer, '{ apiKeys { edges { node { id } } } }')
    expect(influencer.body.errors[0].extensions.code).toBe('FORBIDDEN')

    const revoked = await gql(
      tokens.client,
      'mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }',
      {
        id: apiKey.id,
      },
    )
    expect(revoked.body.data.revokeApiKey.revokedAt).toEqual(expect.any(String))
    expect((await call('/api/links', key)).status).toBe(401)
  })
})
