/**
 * The security headers every answer carries: `nosniff` on all of them, and on HTML pages a
 * strict Content-Security-Policy (no inline or foreign scripts; inline styles only, which the
 * server-rendered pages use), no framing and a cautious referrer policy.
 *
 * ```ts
 * for (const [k, v] of Object.entries(htmlSecurityHeaders)) c.header(k, v)
 * ```
 */

/** Headers for every response, whatever its type. */
export const baseSecurityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
})

/** The default policy of Glam's own pages: scripts only from Glam itself, never inline. */
export const pageContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/**
 * GraphiQL's policy (development only; production serves no GraphiQL): its bundle is one inline
 * script and its editor runs in blob: workers, so scripts may be inline; everything else stays
 * as strict as the pages'.
 */
export const graphiqlContentSecurityPolicy =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; " +
  "connect-src 'self'; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/**
 * The policy of the login pages whose form ends in a redirect to `returnTo` (the code step, at
 * /auth/start and /auth/verify): browsers check `form-action` on every redirect of a form's
 * navigation too, and `returnTo` may be on a registered app's origin, so forms may lead to any
 * web origin (the server checks `returnTo` against the app's origins). Everything else is the
 * pages' policy. A page that sets `form-action 'self' <origin of returnTo>` itself is stricter.
 */
export const loginFormContentSecurityPolicy = pageContentSecurityPolicy.replace(
  "form-action 'self'",
  "form-action 'self' https: http:",
)

/** Headers for HTML responses (pages may set a stricter CSP of their own). */
export const htmlSecurityHeaders: Readonly<Record<string, string>> = Object.freeze({
  ...baseSecurityHeaders,
  'Content-Security-Policy': pageContentSecurityPolicy,
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
})
