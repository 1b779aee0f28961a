/**
 * @module @glam/auth
 * Who may call what: API keys, login sessions (cookie) and signed tokens (ES256 JWT), grants
 * per app turned into scopes, CSRF for cookie-authenticated changes, and the signing keys.
 *
 * ```ts
 * app.get('/api/links', requireCaller('links:read'), (c) => { c.var.principal … })
 * app.post('/api/users/:id/grants', requireRole('admin'), …)
 * ```
 */
export { authenticate, requireCaller, requirePlatformCaller, requireRole } from './caller.ts'
export { assertSameOrigin, sameOrigin } from './csrf.ts'
export { createSigningKey, currentSigner, jwks, rotateSigningKey } from './keys.ts'
export { apiApp, canSee, hasScope, isPlatformWide, roleScopes, rolesOf, userPrincipal } from './principal.ts'
export { clearSessionCookie, currentSession, sessionCookie, startSession } from './session.ts'
export { listedShop, type ShopCaller, visibleOfShop, visibleShop } from './shops.ts'
export {
  type GlamTokenClaims,
  issuerOf,
  issueToken,
  looksLikeJwt,
  type TokenGrant,
  verifyToken,
} from './tokens.ts'
