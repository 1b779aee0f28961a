/**
 * CSRF for cookie-authenticated state changes, whatever their content type (a JSON body or a
 * GraphQL query is as unsafe as a form: browsers send cookies with both). A change must come
 * from Glam's own origin or a registered app origin (`Origin`), or, without an Origin header,
 * say `Sec-Fetch-Site: same-origin`. Another port of the same host is another origin.
 *
 * Requests carrying no browser signal at all (no Origin, no Sec-Fetch-Site) are not from a
 * current browser: they are refused when they present the session cookie, and let through when
 * they present no ambient credential (a script calling the login API).
 */
import { type AppEnv, GlamError } from '@glam/core'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { registeredAppOrigins } from './origins.ts'

const safeMethod = /^(GET|HEAD|OPTIONS)$/

async function originAllowed(c: Context<AppEnv>, origin: string): Promise<boolean> {
  const { platform } = c.var
  if (origin === 'null') return false
  const publicOrigin = new URL(platform.config.publicUrl).origin
  if (origin === publicOrigin || origin === new URL(c.req.url).origin) return true
  return (await registeredAppOrigins(platform)).has(origin)
}

/** Any of the session cookie's spellings (`glam_session`, `__Host-…`, `__Secure-…`). */
const hasSessionCookie = (c: Context<AppEnv>) =>
  Object.keys(getCookie(c)).some((name) => name.endsWith('glam_session'))

function reject(c: Context<AppEnv>, reason: string): never {
  c.var.log.warn('auth.csrf_rejected', {
    reason,
    origin: c.req.header('origin') ?? null,
    secFetchSite: c.req.header('sec-fetch-site') ?? null,
    method: c.req.method,
    path: c.req.path,
  })
  throw new GlamError(
    'CSRF_REJECTED',
    'This request came from another site. Send it from Glam itself or a registered app, or authenticate with a token.',
  )
}

/** Throws CSRF_REJECTED when an unsafe request does not come from Glam or a registered app. */
export async function assertSameOrigin(c: Context<AppEnv>): Promise<void> {
  if (safeMethod.test(c.req.method)) return
  const origin = c.req.header('origin')
  if (origin !== undefined) {
    if (!(await originAllowed(c, origin))) reject(c, 'foreign origin')
    return
  }
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined) {
    if (site !== 'same-origin') reject(c, `sec-fetch-site ${site}`)
    return
  }
  if (hasSessionCookie(c)) reject(c, 'no origin with a session cookie')
}

/** Middleware form of `assertSameOrigin`. */
export const sameOrigin = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await assertSameOrigin(c)
  return next()
}
