import { type AppEnv, GlamError, type Principal } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { MiddlewareHandler } from 'hono'

const bearer = /^Bearer\s+([\x21-\x7e]{8,200})$/i

/** True when the principal's scopes grant `scope` (`*` grants everything; `links:*` a family). */
export function hasScope(principal: Principal, scope: string): boolean {
  const family = `${scope.split(':')[0]}:*`
  return principal.scopes.some((s) => s === '*' || s === scope || s === family)
}

/**
 * Requires `Authorization: Bearer <API key>` with the given scope. Keys are looked up by hash;
 * unknown and revoked keys get the same 401.
 */
export function requireApiKey(scope: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const match = bearer.exec(c.req.header('authorization') ?? '')
    if (!match) {
      throw new GlamError('UNAUTHORIZED', 'Send an API key as `Authorization: Bearer <key>`.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="glam"' },
      })
    }
    const { apiKeys } = repositoriesOf(c.var.platform)
    const key = await apiKeys.verify(match[1]!)
    if (!key) {
      throw new GlamError('UNAUTHORIZED', 'This API key is not valid.', {
        headers: { 'WWW-Authenticate': 'Bearer realm="glam", error="invalid_token"' },
      })
    }
    const principal: Principal = {
      kind: 'api_key',
      id: key.id,
      customerId: key.customerId,
      scopes: key.scopes,
    }
    if (!hasScope(principal, scope))
      throw new GlamError('FORBIDDEN', `This API key lacks the scope ${scope}.`)
    c.set('principal', principal)
    c.var.log.debug('auth.api_key', { keyId: key.id, scope })
    return next()
  }
}

/** Platform-wide operations (jobs, shops): an API key without a customer and with the scope. */
export function requireAdminApiKey(scope: string): MiddlewareHandler<AppEnv> {
  const check = requireApiKey(scope)
  return (c, next) =>
    check(c, () => {
      if (c.var.principal?.customerId) throw new GlamError('FORBIDDEN', 'This needs a platform-wide API key.')
      return next()
    })
}
