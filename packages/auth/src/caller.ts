/**
 * Who is calling: an API key or a token (`Authorization: Bearer …`), or a login session
 * (cookie). Every `/api` route names the scope it needs; users' scopes come from their grants
 * for the dashboard app, read from the database on every session request so a revoked grant
 * or session stops working at once. Tokens are verified offline and live minutes.
 */
import { type AppEnv, GlamError, type Principal } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Context, MiddlewareHandler } from 'hono'
import { assertSameOrigin } from './csrf.ts'
import { apiApp, hasScope, isPlatformWide, rolesOf, userPrincipal } from './principal.ts'
import { currentSession } from './session.ts'
import { looksLikeJwt, verifyToken } from './tokens.ts'

const bearer = /^Bearer\s+([\x21-\x7e]{8,4096})$/i
const challenge = { 'WWW-Authenticate': 'Bearer realm="glam"' }

async function fromApiKey(c: Context<AppEnv>, key: string): Promise<Principal> {
  const found = await repositoriesOf(c.var.platform).apiKeys.verify(key)
  if (!found) {
    throw new GlamError('UNAUTHORIZED', 'This API key is not valid.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="glam", error="invalid_token"' },
    })
  }
  c.var.log.debug('auth.api_key', { keyId: found.id })
  // lastUsedAt to the minute: one write a minute per busy key, not one per request, and not on
  // the request's path.
  const now = c.var.platform.clock.now()
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000)
    c.var.platform.background(repositoriesOf(c.var.platform).apiKeys.touch(found.id))
  return { kind: 'api_key', id: found.id, customerId: found.customerId, scopes: found.scopes }
}

async function fromToken(c: Context<AppEnv>, token: string): Promise<Principal> {
  const claims = await verifyToken(c.var.platform, token, apiApp)
  return userPrincipal({ id: claims.sub, email: claims.email }, claims.grants, {
    app: claims.app,
    via: 'token',
    ...(c.req.query('customer') && { requestedCustomer: c.req.query('customer')! }),
  })
}

async function fromSession(c: Context<AppEnv>): Promise<Principal | null> {
  const session = await currentSession(c)
  if (!session) return null
  const { users } = repositoriesOf(c.var.platform)
  const user = await users.get(session.userId)
  if (user?.status !== 'active') return null
  if (!/^(GET|HEAD|OPTIONS)$/.test(c.req.method)) await assertSameOrigin(c)
  return userPrincipal(user, await users.grants(user.id, apiApp), {
    app: apiApp,
    via: 'session',
    sessionId: session.id,
    ...(c.req.query('customer') && { requestedCustomer: c.req.query('customer')! }),
  })
}

/** The caller of this request, or null when it presents no credential. Bad credentials throw. */
export async function authenticate(c: Context<AppEnv>): Promise<Principal | null> {
  if (c.var.principal) return c.var.principal
  const authorization = c.req.header('authorization')
  let principal: Principal | null
  if (authorization) {
    const match = bearer.exec(authorization)
    if (!match) {
      throw new GlamError(
        'UNAUTHORIZED',
        'Send an API key or token as `Authorization: Bearer <credential>`.',
        {
          headers: challenge,
        },
      )
    }
    principal = looksLikeJwt(match[1]!) ? await fromToken(c, match[1]!) : await fromApiKey(c, match[1]!)
  } else {
    principal = await fromSession(c)
  }
  if (principal) c.set('principal', principal)
  return principal
}

/** Requires a caller (API key, token or session) holding `scope`. */
export function requireCaller(scope: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await authenticate(c)
    if (!principal) {
      throw new GlamError(
        'UNAUTHORIZED',
        'Log in, or send an API key or token as `Authorization: Bearer …`.',
        {
          headers: challenge,
        },
      )
    }
    if (!hasScope(principal, scope)) {
      throw new GlamError('FORBIDDEN', `You lack the permission ${scope}.`)
    }
    return next()
  }
}

/** Platform-wide operations (jobs, shops, grants): no customer- or influencer-limited caller. */
export function requirePlatformCaller(scope: string): MiddlewareHandler<AppEnv> {
  const check = requireCaller(scope)
  return (c, next) =>
    check(c, () => {
      if (!isPlatformWide(c.var.principal!))
        throw new GlamError('FORBIDDEN', 'This needs platform-wide access.')
      return next()
    })
}

/** Requires a logged-in user with one of `roles` (for the app the API serves). */
export function requireRole(...roles: string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await authenticate(c)
    if (!principal) throw new GlamError('UNAUTHORIZED', 'Log in first.', { headers: challenge })
    const held = rolesOf(principal)
    if (!roles.some((r) => held.includes(r)))
      throw new GlamError('FORBIDDEN', `This needs the role ${roles.join(' or ')}.`)
    return next()
  }
}
