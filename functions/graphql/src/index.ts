/**
 * @module @glam/graphql
 * `/graphql`: the dashboards' API. The caller comes from the session cookie, a token or an API
 * key (the same as `/api`); grants are those of the `dashboard` app. GraphiQL for GET requests
 * from browsers outside production.
 *
 * Before GraphQL runs, every request passes the same gates as `/api`: bodies over
 * `GLAM_BODY_LIMIT_BYTES` are refused while streaming (413), and the caller is authenticated
 * through `authenticate()`, which refuses bad credentials (401) and, for cookie sessions, every
 * POST (query or mutation) that does not come from Glam or a registered app (403
 * CSRF_REJECTED). Those refusals answer with their catalogue status and a GraphQL error body.
 */
import { authenticate } from '@glam/auth'
import { type AppEnv, type Config, defineFunction, limitBody } from '@glam/core'
import { enforceSearchLimit } from '@glam/search-api'
import { Hono } from 'hono'
import { createContext } from './context.ts'
import { answerError } from './errors.ts'
import { createGraphqlServer } from './server.ts'

export { persistedOperations } from './persisted.ts'
export { schema } from './schema/index.ts'

export function createGraphqlApp(config: Config) {
  const yoga = createGraphqlServer(config, async (c) =>
    createContext({
      platform: c.var.platform,
      principal: c.var.principal ?? null,
      log: c.var.log,
      requestId: c.var.requestId,
      searchLimit: () => enforceSearchLimit(c),
    }),
  )
  const app = new Hono<AppEnv>()
  app.onError(answerError)
  // Preflights carry no credential; the platform's CORS middleware answers the allowed ones.
  app.options('/', (c) => yoga.fetch(c.req.raw, { hono: c }))
  app.on(['GET', 'POST'], '/', limitBody(config.bodyLimitBytes), async (c) => {
    await authenticate(c)
    return yoga.fetch(c.req.raw, { hono: c })
  })
  return app
}

/** The GraphQL backbone over the whole domain. */
export const graphqlFunction = defineFunction({
  name: 'graphql',
  description: 'GraphQL (graphql-yoga + Pothos) at `/graphql`, GraphiQL outside production.',
  mounts: [{ path: '/graphql', app: ({ config }) => createGraphqlApp(config) }],
  claims: ['/graphql/*'],
  runtimes: ['edge', 'container'],
})
