/**
 * @module @glam/graphql
 * `/graphql`: the dashboards' API. The caller comes from the session cookie, a token or an API
 * key (the same as `/api`); grants are those of the `dashboard` app. GraphiQL for GET requests
 * from browsers outside production.
 */
import { authenticate } from '@glam/auth'
import { assertSameOrigin } from '@glam/auth/csrf'
import type { AppEnv } from '@glam/core'
import { Hono } from 'hono'
import { createContext } from './context.ts'
import { createGraphqlServer } from './server.ts'

export { persistedOperations } from './persisted.ts'
export { schema } from './schema/index.ts'

export function createGraphqlApp(config: AppEnv['Variables']['platform']['config']) {
  const yoga = createGraphqlServer(config, async (c) => {
    const principal = await authenticate(c)
    // A cookie-authenticated POST must come from Glam's own pages (CSRF), like every change.
    if (principal?.user?.via === 'session' && c.req.method === 'POST') await assertSameOrigin(c)
    return createContext({ platform: c.var.platform, principal, log: c.var.log, requestId: c.var.requestId })
  })
  return new Hono<AppEnv>().on(['GET', 'POST', 'OPTIONS'], '/', (c) => yoga.fetch(c.req.raw, { hono: c }))
}
