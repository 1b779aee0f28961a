/**
 * @module @glam/auth-api
 * Passwordless login and SSO. `createAuthApp` serves `/auth/*` (login page and API, sessions,
 * tokens), `createWellKnownApp` the JWKS, `createUsersApp` grants under `/api/users`, `createAppsApp` the registered apps under `/api/apps`.
 */
import { jwks } from '@glam/auth'
import type { AppEnv } from '@glam/core'
import { Hono } from 'hono'

export { createAppsApp } from './apps.ts'
export { createAuthApp } from './routes.tsx'
export { createUsersApp } from './users.ts'

export function createWellKnownApp() {
  return new Hono<AppEnv>().get('/jwks.json', async (c) =>
    c.json(await jwks(c.var.platform), 200, {
      'Cache-Control': 'public, max-age=300',
      'Access-Control-Allow-Origin': '*',
    }),
  )
}
