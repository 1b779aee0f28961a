/**
 * CORS for the API, GraphQL and token exchange, with Hono's cors middleware: only origins in
 * GLAM_CORS_ORIGINS and registered app origins are answered, with credentials; an arbitrary
 * origin is never reflected. `*` (development only; production refuses it) answers any other
 * origin without credentials, so cookies never ride along.
 *
 * ```ts
 * app.use('/api/*', apiCors())
 * ```
 */
import type { AppEnv } from '@glam/core'
import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { registeredAppOrigins } from './origins.ts'

const shared = {
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: [
    'Authorization',
    'Content-Type',
    'X-Request-Id',
    // Resumable uploads (tus 1.0, /api/assets/tus).
    'Tus-Resumable',
    'Upload-Length',
    'Upload-Offset',
    'Upload-Metadata',
  ],
  exposeHeaders: [
    'X-Request-Id',
    'Retry-After',
    'Content-Disposition',
    'Location',
    'Tus-Resumable',
    'Tus-Version',
    'Tus-Max-Size',
    'Tus-Extension',
    'Upload-Offset',
    'Upload-Length',
    'Upload-Expires',
    'Glam-Asset-Id',
    'Glam-Asset-Url',
  ],
  maxAge: 600,
}

export function apiCors(): MiddlewareHandler<AppEnv> {
  const withCredentials = cors({ ...shared, origin: (origin) => origin, credentials: true })
  const anyOrigin = cors({ ...shared, origin: '*' })
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (!origin || origin === 'null') return next()
    if (await trusted(c, origin)) return withCredentials(c, next)
    if (c.var.platform.config.corsOrigins.includes('*')) return anyOrigin(c, next)
    return next()
  }
}

async function trusted(c: Context<AppEnv>, origin: string): Promise<boolean> {
  const { config } = c.var.platform
  if (config.corsOrigins.includes(origin)) return true
  return (await registeredAppOrigins(c.var.platform)).has(origin)
}
