/**
 * Every runtime entry builds its Glam app here: the same middleware, then the functions of the
 * ordered list (functions.ts) mounted in its order, the shortlink catch-all last.
 */

import { apiCors } from '@glam/auth/cors'
import {
  type AppEnv,
  type Config,
  type FunctionManifest,
  handleError,
  handleNotFound,
  type Platform,
} from '@glam/core'
import { secureHeaders } from '@glam/core/secure-headers'
import { type Context, Hono } from 'hono'
import { functionList, jobsOf, openapiOf, prepareFunctionList } from './functions.ts'

/** Incoming request ids are kept when they are short and plain, so traces join up across services. */
const requestIdPattern = /^[\w\-=.:]+$/
export const requestIdFor = (incoming: string | undefined) =>
  incoming && incoming.length <= 128 && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID()

export interface GlamAppOptions {
  config: Config
  /** The platform for this request: one object per process on Node, per request on the edge. */
  platform: (c: Context) => Platform
  /** Functions only containers can run (sharp, tesseract, chromium); placed before the catch-all. */
  containerOnly?: readonly FunctionManifest[]
  /** Another list of functions (tests); default: the platform's list. */
  functions?: readonly FunctionManifest[]
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

  // The list's order: exact routes first, prefixes next, the shortlink catch-all last.
  const list = options.functions ?? functionList(options.containerOnly)
  prepareFunctionList(list) // checked once per list (the platform's list when it loads)
  const context = { config: options.config, jobs: jobsOf(list), openapi: openapiOf(list) }
  for (const manifest of list) {
    if (manifest.enabled && !manifest.enabled(options.config)) continue
    for (const mount of manifest.mounts) app.route(mount.path, mount.app(context))
  }
  return app
}
