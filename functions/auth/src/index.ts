/**
 * @module @glam/auth-api
 * Passwordless login and SSO. `createAuthApp` serves `/auth/*` (login page and API, sessions,
 * tokens), `createWellKnownApp` the JWKS, `createUsersApp` grants under `/api/users`, `createAppsApp` the registered apps under `/api/apps`.
 */
import { jwks } from '@glam/auth'
import type { AppEnv } from '@glam/core'
import { defineFunction } from '@glam/core'
import { rotateSigningKeyJob } from '@glam/jobs/rotate-signing-key'
import { Hono } from 'hono'
import { createAppsApp } from './apps.ts'
import { authErrors } from './errors.ts'
import { authOpenapi } from './openapi.ts'
import { createAuthApp } from './routes.tsx'
import { authSettings } from './settings.ts'
import { createUsersApp } from './users.ts'

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

/** Passwordless login and SSO, the JWKS, users with their grants, and the registered apps. */
export const authFunction = defineFunction({
  name: 'auth',
  description: 'Login (`/auth`), the JWKS, `/api/users` and `/api/apps`; monthly signing-key rotation.',
  mounts: [
    { path: '/.well-known', app: () => createWellKnownApp() },
    { path: '/auth', app: () => createAuthApp() },
    { path: '/api/users', app: () => createUsersApp() },
    { path: '/api/apps', app: () => createAppsApp() },
  ],
  claims: ['/.well-known/*', '/auth/*', '/api/users/*', '/api/apps/*'],
  runtimes: ['edge', 'container'],
  jobs: [rotateSigningKeyJob],
  errors: authErrors,
  settings: authSettings,
  openapi: authOpenapi,
  tables: ['users', 'grants', 'apps', 'sessions', 'login_codes', 'signing_keys', 'api_keys'],
})
