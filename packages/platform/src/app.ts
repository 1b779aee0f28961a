/**
 * The one place that decides what runs where: every runtime entry builds its Glam app
 * here, with the same middleware and the functions mounted in a fixed order.
 * Function-owned first segments are in `reservedSegments`; the shortlink catch-all mounts last.
 */

import { createApiDocsApp } from '@glam/api-docs'
import { apiCors } from '@glam/auth/cors'
import { createAppsApp, createAuthApp, createUsersApp, createWellKnownApp } from '@glam/auth-api'
import { type AppEnv, type Config, GlamError, handleError, handleNotFound, type Platform } from '@glam/core'
import { secureHeaders } from '@glam/core/secure-headers'
import { createDevApp } from '@glam/dev'
import { createMailboxApp } from '@glam/dev/mailbox'
import type { EventBackend } from '@glam/events/backend'
import { createExportsApp } from '@glam/exports'
import { createGraphqlApp } from '@glam/graphql'
import { createHealthApp } from '@glam/health'
import { createHomeApp } from '@glam/home'
import { createJobsApp } from '@glam/jobs-api'
import { createLinksApp } from '@glam/links'
import { createCollectApp, createConversionsApp, createCouponsApp, createShopsApp } from '@glam/pixel'
import { createRedirectApp } from '@glam/redirect'
import { createStatsApp } from '@glam/stats'
import { type Context, Hono } from 'hono'

/** Incoming request ids are kept when they are short and plain, so traces join up across services. */
const requestIdPattern = /^[\w\-=.:]+$/
export const requestIdFor = (incoming: string | undefined) =>
  incoming && incoming.length <= 128 && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID()

export interface GlamAppOptions {
  config: Config
  /** The platform for this request: one object per process on Node, per request on the edge. */
  platform: (c: Context) => Platform
  /** Functions only containers can run (sharp, tesseract, chromium); mounted before the catch-all. */
  containerOnly?: (app: Hono<AppEnv>) => void
}

/** The ClickHouse backend behind the platform's events writer; 503 when events are not in ClickHouse. */
function eventsBackend(platform: Platform): EventBackend {
  const backend = (platform.events as { backend?: EventBackend }).backend
  if (!backend)
    throw new GlamError('SERVICE_UNAVAILABLE', 'Analytics are not configured (GLAM_EVENTS=memory).')
  return backend
}

export function createGlamApp(options: GlamAppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.onError(handleError)
  app.notFound(handleNotFound)
  // One middleware for every request (each layer costs on the hot paths): request id,
  // platform, request logger, access log.
  app.use(async (c, next) => {
    const id = requestIdFor(c.req.header('x-request-id'))
    const platform = options.platform(c)
    const log = platform.logger.child({ requestId: id })
    c.set('requestId', id)
    c.set('platform', platform)
    c.set('log', log)
    c.header('X-Request-Id', id)
    if (!log.enabled('info')) return next()
    const started = performance.now()
    await next()
    const ms = Math.round((performance.now() - started) * 10) / 10
    log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms })
  })
  app.use(secureHeaders()) // nosniff on every answer; CSP, framing and referrer policy on HTML pages

  // CORS only for the origins in GLAM_CORS_ORIGINS and registered apps (the pixel answers its
  // shops' origins itself).
  const cors = apiCors()
  app.use('/api/*', cors)
  app.use('/graphql', cors)

  // Fixed order. Exact routes first, prefixes next, the shortlink catch-all last.
  app.route('/', createHealthApp())
  app.route('/', createHomeApp())
  app.route('/', createCollectApp())
  app.route('/.well-known', createWellKnownApp())
  app.route('/auth', createAuthApp())
  app.route('/api', createApiDocsApp())
  app.route('/graphql', createGraphqlApp(options.config))
  app.route('/api/users', createUsersApp())
  app.route('/api/apps', createAppsApp())
  app.route('/api/jobs', createJobsApp())
  app.route('/api/links', createLinksApp())
  app.route('/api/shops', createShopsApp())
  app.route('/api/conversions', createConversionsApp())
  app.route('/api/coupons', createCouponsApp())
  app.route('/api/exports', createExportsApp())
  app.route('/api/stats', createStatsApp({ backend: eventsBackend }))
  if (options.config.debugRoutes) {
    app.route('/dev/mailbox', createMailboxApp())
    app.route('/dev', createDevApp())
  }
  options.containerOnly?.(app)
  // The shortlink catch-all mounts last.
  app.route('/', createRedirectApp())
  return app
}
