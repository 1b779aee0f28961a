// The dashboard app's GraphQL documents (operations.ts): each one is a single named operation
// that validates against the schema, and each is registered, so a production browser session
// may send it by its hash (and nothing else).
import type { AppEnv } from '@glam/core'
import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { sessionCookie } from '@glam/testing/session'
import { type OperationDefinitionNode, parse, validate } from 'graphql'
import type { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { dashboardOperations } from './operations.ts'
import { hashOf, persistedOperations } from './persisted.ts'
import { productionGraphql } from './production.fixture.ts'
import { schema } from './schema/index.ts'

const documents = Object.entries(dashboardOperations) as [string, string][]

describe('the dashboard app’s operations', () => {
  it('are many, and each is one named operation that validates against the schema', () => {
    expect(documents.length).toBeGreaterThan(5)
    for (const [name, document] of documents) {
      const parsed = parse(document)
      const operations = parsed.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition',
      )
      expect(
        operations.map((o) => o.name?.value),
        name,
      ).toEqual([name])
      expect(
        validate(schema, parsed).map((e) => e.message),
        name,
      ).toEqual([])
      expect(persistedOperations.byHash.get(hashOf(document)), name).toBe(document)
    }
  })

  describe('in production, by hash from a browser session', () => {
    let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
    let production: Hono<AppEnv>
    let cookie: string
    beforeAll(async () => {
      t = await createTestAppWithDatabase()
      production = productionGraphql(t.platform, 'req-ops')
      cookie = await sessionCookie(t.repos, demo.clientUserId)
    })

    it('each one is known (its variables aside), and the viewer query answers', async () => {
      for (const [name, document] of documents) {
        const res = await production.request('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, origin: 'http://localhost:3000' },
          body: JSON.stringify({
            operationName: name,
            variables: {},
            extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(document) } },
          }),
        })
        const text = await res.text()
        expect(text, name).not.toMatch(/PersistedQueryNotFound|PERSISTED_QUERY/i)
      }
      const me = documents.find(([, d]) => /\bme\s*\{/.test(d))
      expect(me).toBeDefined()
    })
  })
})
