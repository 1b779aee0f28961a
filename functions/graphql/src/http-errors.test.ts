// HTTP statuses and error bodies of /graphql, in development and in production: bad credentials
// 401, CSRF 403, refused operations 401/403 with the catalogue's codes in errors[0].extensions;
// oversized bodies 413 while streaming; malformed JSON 400; nothing internal in production.

import { issueToken } from '@glam/auth'
import type { AppEnv } from '@glam/core'
import { demo } from '@glam/db'
import { createRepositoryPort } from '@glam/db/repositories/index'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { sessionCookie as newSessionCookie } from '@glam/testing/session'
import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { createContext } from './context.ts'
import { hashOf, persistedOperations } from './persisted.ts'
import { productionGraphql } from './production.fixture.ts'
import { createGraphqlServer } from './server.ts'

type Body = {
  data?: unknown
  errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[]
}

describe('GraphQL HTTP errors', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  /** The GraphQL function as production configures it, behind the platform's middleware. */
  let production: Hono<AppEnv>
  let sessionCookie: string
  let clientToken: string
  const publicOrigin = 'http://localhost:3000'

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    production = productionGraphql(t.platform, 'req-prod')
    // A login session of the admin, as the login page makes it.
    sessionCookie = await newSessionCookie(t.repos, demo.adminUserId)
    const client = (await t.repos.users.byEmail('client@demo.glam'))!
    clientToken = (
      await issueToken(t.platform, {
        userId: client.id,
        email: client.email,
        app: 'dashboard',
        grants: await t.repos.users.grants(client.id, 'dashboard'),
      })
    ).token
  })

  const dashboard = {
    variables: { campaignId: demo.campaignId },
    extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(persistedOperations.dashboard) } },
  }
  const modes = () =>
    [
      ['development', t.app, { query: persistedOperations.dashboard, variables: dashboard.variables }],
      ['production', production, dashboard],
    ] as const

  const post = async (
    app: { request: Hono['request'] },
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ res: Response; body: Body; text: string }> => {
    const res = await app.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    return { res, body: JSON.parse(text) as Body, text }
  }
  const expectRefused = (answer: { res: Response; body: Body }, status: number, code: string) => {
    expect(answer.res.status, JSON.stringify(answer.body)).toBe(status)
    expect(answer.res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/)
    expect(answer.body.errors?.[0]?.extensions?.code).toBe(code)
    expect(answer.body.errors?.[0]?.message).toEqual(expect.any(String))
    expect(answer.body.data ?? null).toBeNull()
  }

  it('in production an API key or token may send any operation; a browser session only the persisted ones', async () => {
    const createCustomer = {
      query: 'mutation { createCustomer(input: { name: "Ops Brand" }) { __typename } }',
    }
    const byKey = await post(production, createCustomer, { authorization: 'Bearer glam_dev_admin' })
    expect(byKey.res.status, byKey.text).toBe(200)
    expect(byKey.body.data).toEqual({ createCustomer: { __typename: 'MutationCreateCustomerSuccess' } })
    const bySession = await post(production, createCustomer, { cookie: sessionCookie, origin: publicOrigin })
    expect(bySession.body.data ?? null).toBeNull()
    expect(bySession.text).toMatch(/PERSISTED_QUERY_ONLY|PersistedQueryOnly|persisted/i)
    const persisted = await post(production, dashboard, { cookie: sessionCookie, origin: publicOrigin })
    expect(persisted.body.data).toMatchObject({ campaign: { name: 'Summer Glow' } })
  })

  for (const mode of ['development', 'production'] as const) {
    describe(`in ${mode}`, () => {
      const pick = () => modes().find(([m]) => m === mode)!
      it('a token that does not verify answers 401 INVALID_TOKEN', async () => {
        const [, app, body] = pick()
        const forged = `${btoa('{"alg":"ES256","kid":"x"}')}.${btoa('{"sub":"x"}')}.c2lnbmF0dXJl`.replace(
          /=/g,
          '',
        )
        const answer = await post(app, body, { authorization: `Bearer ${forged}` })
        expectRefused(answer, 401, 'INVALID_TOKEN')
        expect(answer.res.headers.get('www-authenticate')).toMatch(/^Bearer/)
      })

      it('an API key that does not exist answers 401 UNAUTHORIZED', async () => {
        const [, app, body] = pick()
        const answer = await post(app, body, { authorization: 'Bearer glam_not_a_real_key_000000' })
        expectRefused(answer, 401, 'UNAUTHORIZED')
        expect(answer.res.headers.get('www-authenticate')).toMatch(/invalid_token/)
        expectRefused(await post(app, body, { authorization: 'Basic YWRtaW46YWRtaW4=' }), 401, 'UNAUTHORIZED')
      })

      it('a cookie-authenticated POST from another site answers 403 CSRF_REJECTED; from Glam it runs', async () => {
        const [, app, body] = pick()
        const attempts: Record<string, string>[] = [
          { origin: 'https://evil.com', 'sec-fetch-site': 'cross-site' },
          { origin: 'http://localhost:3001', 'sec-fetch-site': 'same-site' }, // another port: another origin
          { 'sec-fetch-site': 'cross-site' },
          { origin: 'null' },
          {}, // a cookie and no browser signal at all
        ]
        for (const headers of attempts)
          expectRefused(await post(app, body, { cookie: sessionCookie, ...headers }), 403, 'CSRF_REJECTED')
        const own = await post(app, body, { cookie: sessionCookie, origin: publicOrigin })
        expect(own.res.status).toBe(200)
        // Stats need ClickHouse, which this test platform has not: those fields alone fail.
        expect(new Set(own.body.errors?.map((e) => e.extensions?.code))).toEqual(
          new Set(['SERVICE_UNAVAILABLE']),
        )
        expect(own.body.data).toMatchObject({ campaign: { name: 'Summer Glow' } })
      })

      it('malformed JSON answers 400 MALFORMED_JSON without any detail of the parser', async () => {
        const [, app] = pick()
        const answer = await post(app, '{"query": "{ me { id } }", "variables": {', {})
        expectRefused(answer, 400, 'MALFORMED_JSON')
        if (mode === 'production') {
          expect(answer.body.errors![0]!.extensions).toEqual({ code: 'MALFORMED_JSON' })
          expect(answer.text).not.toMatch(/originalError|stack|SyntaxError|position|Unexpected|JSON at/)
        }
      })

      it('an oversized body answers 413 PAYLOAD_TOO_LARGE, declared or streamed, before any parsing', async () => {
        const [, app] = pick()
        const big = `{"query":"{ me { id } }","variables":{"x":"${'x'.repeat(20 * 1024 * 1024)}"}}`
        const declared = await app.request('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
          body: big,
        })
        expect(declared.status).toBe(413)
        expect(((await declared.json()) as Body).errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE')
        const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
        let sent = 0
        const streamed = await app.request('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sent >= 20 * 1024 * 1024) return controller.close()
              sent += chunk.byteLength
              controller.enqueue(chunk)
            },
          }),
          duplex: 'half',
        } as RequestInit)
        expect(streamed.status).toBe(413)
        expect(((await streamed.json()) as Body).errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE')
        // Refused once the limit is crossed: the rest of the 20 MB was never read.
        expect(sent).toBeLessThan(2 * t.config.bodyLimitBytes)
      })
    })
  }

  it('the body limit is GLAM_BODY_LIMIT_BYTES: a body just under it runs', async () => {
    const padding = 'x'.repeat(t.config.bodyLimitBytes - 200)
    const answer = await post(t.app, { query: '{ me { id } }', variables: { padding } })
    expect(answer.res.status).toBe(200)
    expect(answer.body).toEqual({ data: { me: null } })
  })

  it('operations refused as a whole answer 401 (no credential) or 403 (no grant); partial results 200', async () => {
    const create = { query: 'mutation { createCustomer(input: { name: "Nope" }) { __typename } }' }
    const anonymous = await post(t.app, create)
    expectRefused(anonymous, 401, 'UNAUTHORIZED')
    expect(anonymous.res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expectRefused(await post(t.app, create, { authorization: `Bearer ${clientToken}` }), 403, 'FORBIDDEN')
    expectRefused(
      await post(t.app, { query: '{ customers(first: 5) { edges { cursor } } }' }),
      401,
      'UNAUTHORIZED',
    )
    // Something ran: 200 with the refusal beside the data.
    const partial = await post(t.app, { query: '{ me { id } campaigns(first: 1) { edges { cursor } } }' })
    expect(partial.res.status).toBe(200)
    expect(partial.body.data).toEqual({ me: null, campaigns: null })
    expect(partial.body.errors![0]!.extensions!.code).toBe('UNAUTHORIZED')
    expect((await t.repos.customers.list({ limit: 100 })).items.map((c) => c.name)).not.toContain('Nope')
  })

  it('a cross-site cookie-authenticated mutation changes nothing', async () => {
    const answer = await post(
      t.app,
      { query: 'mutation { createCustomer(input: { name: "Evil Corp" }) { __typename } }' },
      { cookie: sessionCookie, origin: 'https://evil.com', 'sec-fetch-site': 'cross-site' },
    )
    expectRefused(answer, 403, 'CSRF_REJECTED')
    expect((await t.repos.customers.list({ limit: 100 })).items.map((c) => c.name)).not.toContain('Evil Corp')
    // The same mutation from Glam's own page runs.
    const own = await post(
      t.app,
      { query: 'mutation { createCustomer(input: { name: "Own Corp" }) { __typename } }' },
      { cookie: sessionCookie, origin: publicOrigin, 'sec-fetch-site': 'same-origin' },
    )
    expect(own.body).toEqual({ data: { createCustomer: { __typename: 'MutationCreateCustomerSuccess' } } })
  })

  it('a GlamError inside a resolver keeps its catalogue code (an invalid cursor is INVALID_CURSOR)', async () => {
    const answer = await post(
      t.app,
      { query: '{ links(first: 5, after: "not-a-cursor") { edges { cursor } } }' },
      {
        authorization: 'Bearer glam_dev_admin',
      },
    )
    expect(answer.body.errors![0]!.extensions!.code).toBe('INVALID_CURSOR')
  })

  it('an unexpected failure is INTERNAL: in production with no detail, in development with it', async () => {
    // The dashboard query on a database that fails with an internal message.
    const broken = {
      ...t.database,
      db: new Proxy(
        {},
        {
          get() {
            throw new Error('connect ECONNREFUSED 10.1.2.3:3306 at /srv/glam/secret.ts')
          },
        },
      ),
    }
    const repos = createRepositoryPort({ database: broken, now: () => t.clock.now(), masterKey: () => 'k' })
    const platform = { ...t.platform, database: broken, repos } as typeof t.platform
    const serve = (env: 'production' | 'development') => {
      const yoga = createGraphqlServer({ ...t.config, env, graphiql: false }, async () =>
        createContext({
          platform,
          principal: { kind: 'api_key', id: 'k', customerId: null, scopes: ['*'] },
          log: t.platform.logger,
          requestId: 'r',
        }),
      )
      return new Hono().all('/graphql', (c) => yoga.fetch(c.req.raw, { hono: c as never }))
    }
    const prod = await post(serve('production'), dashboard)
    expect(prod.body.errors![0]).toMatchObject({
      message: 'Something went wrong on our side.',
      extensions: { code: 'INTERNAL' },
    })
    expect(prod.text).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|secret\.ts|originalError|stack/)
    const dev = await post(serve('development'), {
      query: persistedOperations.dashboard,
      variables: dashboard.variables,
    })
    expect(dev.body.errors![0]!.extensions!.code).toBe('INTERNAL')
    expect(dev.text).toContain('ECONNREFUSED')
  })
})
