/**
 * The GraphQL function as production configures it (persisted operations only for browser
 * sessions, no GraphiQL), behind the platform's per-request variables, for tests.
 */
import type { AppEnv, Platform } from '@glam/core'
import { Hono } from 'hono'
import { createGraphqlApp } from './index.ts'

export function productionGraphql(platform: Platform, requestId = 'req-prod'): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('requestId', requestId)
    c.set('platform', platform)
    c.set('log', platform.logger.child({ requestId }))
    await next()
  })
  app.route('/graphql', createGraphqlApp({ ...platform.config, env: 'production', graphiql: false }))
  return app
}
