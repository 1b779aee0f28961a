/**
 * `/auth`: the login (JSON API and HTML forms on the same routes), sessions, SSO tokens.
 *
 * JSON callers send `application/json` and get JSON; forms post `application/x-www-form-urlencoded`
 * and get pages and 303 redirects. Every POST here passes the CSRF check (a foreign page can
 * neither log someone in to an account of its choosing nor log them out).
 *
 * The routes live by area: login.tsx (the code request and verify pages and endpoints),
 * sessions.tsx (me, account, sessions, logout), sso.ts (token, authorize); request.ts holds what
 * they share. Here they are only put together, in that order.
 */
import type { AppEnv } from '@glam/core'
import { Hono } from 'hono'
import { createLoginApp } from './login.tsx'
import { createSessionsApp } from './sessions.tsx'
import { createSsoApp } from './sso.ts'

export function createAuthApp() {
  return new Hono<AppEnv>()
    .route('/', createLoginApp())
    .route('/', createSessionsApp())
    .route('/', createSsoApp())
}
