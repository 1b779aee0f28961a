// Persisted operations, introspection and error masking by mode.
import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { createContext } from './context.ts'
import { hashOf, persistedOperations } from './persisted.ts'
import { createGraphqlServer } from './server.ts'

describe('the GraphQL server', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  /** The yoga server as production configures it, on the test platform, as the admin key. */
  let production: Hono
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    const yoga = createGraphqlServer({ ...t.config, env: 'production', graphiql: false }, async () =>
      createContext({
        platform: t.platform,
        principal: { kind: 'api_key', id: 'k', customerId: null, scopes: ['*'] },
        log: t.platform.logger,
        requestId: 'r',
      }),
    )
    production = new Hono().all('/graphql', (c) => yoga.fetch(c.req.raw, { hono: c as never }))
  })
  const post = (app: { request: Hono['request'] }, body: unknown) =>
    app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer glam_dev_admin' },
      body: JSON.stringify(body),
    })
  const persisted = (hash: string) => ({
    variables: { campaignId: demo.campaignId },
    extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  })

  it('runs a persisted operation by its hash, and refuses an unknown hash', async () => {
    const res = await post(production, persisted(hashOf(persistedOperations.dashboard)))
    const body = (await res.json()) as { data?: { campaign: { name: string } }; errors?: unknown[] }
    expect(body.data?.campaign.name).toBe('Summer Glow')
    const unknown = (await (await post(production, persisted('0'.repeat(64)))).json()) as {
      errors: { message: string }[]
    }
    expect(unknown.errors[0]!.message).toMatch(/PersistedQueryNotFound/)
  })

  it('in production refuses arbitrary documents without a credential header (browser sessions), and introspection', async () => {
    // A session rides on the cookie: no Authorization header, so only persisted operations.
    const session = await production.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    })
    const arbitrary = (await session.json()) as { errors: { message: string }[] }
    expect(arbitrary.errors[0]!.message).toMatch(/PersistedQueryOnly|persisted/i)
    // An API key or token (verified before yoga runs) may send any operation.
    const byKey = (await (await post(production, { query: '{ me { id } }' })).json()) as { errors?: unknown }
    expect(byKey.errors).toBeUndefined()
    const dev = (await (await post(t.app, { query: '{ __schema { queryType { name } } }' })).json()) as {
      data: unknown
    }
    expect(dev.data).toEqual({ __schema: { queryType: { name: 'Query' } } })
  })

  it('in development accepts arbitrary documents and serves GraphiQL to browsers', async () => {
    const res = await t.app.request('/graphql', { headers: { accept: 'text/html' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>Glam GraphQL</title>')
  })
})
