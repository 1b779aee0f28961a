/**
 * The security headers of every answer, set in one place after the handler ran (wired once in
 * packages/platform/src/app.ts): `X-Content-Type-Options: nosniff` on every response, and on
 * HTML pages the rest of `htmlSecurityHeaders` (a strict Content-Security-Policy without inline
 * scripts, no framing, a cautious referrer policy). A header a page set itself wins: the dev
 * mailbox keeps its stricter policy, the login pages their own `X-Frame-Options`.
 *
 * ```ts
 * app.use(secureHeaders())
 * ```
 *
 * It runs on the hot paths (the redirect through Hono, /collect): per request it sets one
 * header and reads one, on the response's own Headers object; only HTML pages do more.
 */
import type { Context, MiddlewareHandler } from 'hono'
import {
  graphiqlContentSecurityPolicy,
  htmlSecurityHeaders,
  loginFormContentSecurityPolicy,
} from './security-headers.ts'

const csp = 'Content-Security-Policy'
const htmlHeaders = Object.entries(htmlSecurityHeaders).filter(([name]) => name !== csp)
const defaultPolicy = htmlSecurityHeaders[csp]!

/**
 * Pages that cannot live with the default policy, by path, with the one they get instead (when
 * they send none of their own): GraphiQL (development only) ships its whole bundle inline and
 * runs blob: workers; the login's code step posts a form that redirects on to `returnTo`.
 */
const pagePolicies: ReadonlyMap<string, string> = new Map([
  ['/graphql', graphiqlContentSecurityPolicy],
  ['/auth/start', loginFormContentSecurityPolicy],
  ['/auth/verify', loginFormContentSecurityPolicy],
])

/** `text/html` and XHTML, whatever the parameters and case. */
const isHtml = (contentType: string) =>
  /^\s*(?:text\/html|application\/xhtml\+xml)\s*(?:;|$)/i.test(contentType)

function writableHeaders(c: Context): Headers {
  const headers = c.res.headers
  try {
    headers.set('X-Content-Type-Options', 'nosniff')
    return headers
  } catch {
    // Immutable headers (a Response from fetch() or Response.redirect()): copy it once.
    c.res = new Response(c.res.body, c.res)
    c.res.headers.set('X-Content-Type-Options', 'nosniff')
    return c.res.headers
  }
}

/** Sets the security headers a response lacks (see the module comment). */
export function applySecureHeaders(c: Context): void {
  const headers = writableHeaders(c)
  const type = headers.get('content-type')
  if (type === null || !isHtml(type)) return
  if (!headers.has(csp)) headers.set(csp, pagePolicies.get(c.req.path) ?? defaultPolicy)
  for (const [name, value] of htmlHeaders) if (!headers.has(name)) headers.set(name, value)
}

/** The middleware: security headers on every answer, after the handler (and the error handler) ran. */
export function secureHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    applySecureHeaders(c)
  }
}
