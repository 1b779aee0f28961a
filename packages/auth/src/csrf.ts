/**
 * CSRF for cookie-authenticated state changes: Hono's csrf middleware (Origin or
 * Sec-Fetch-Site must say same-origin for form-like bodies, which are the ones a foreign page
 * can send without a CORS preflight), answering with Glam's `CSRF_REJECTED` error.
 */
import { type AppEnv, GlamError } from '@glam/core'
import type { Context, MiddlewareHandler } from 'hono'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'

const check = csrf({
  // The public origin (behind a proxy the request URL is the internal one) or the request's own.
  origin: (origin, c) =>
    origin === new URL((c as Context<AppEnv>).var.platform.config.publicUrl).origin ||
    origin === new URL(c.req.url).origin,
})

const noop = async () => {}

/** Throws CSRF_REJECTED when an unsafe request comes from another site. */
export async function assertSameOrigin(c: Context<AppEnv>): Promise<void> {
  try {
    await check(c, noop)
  } catch (err) {
    if (err instanceof HTTPException && err.status === 403) {
      c.var.log.warn('auth.csrf_rejected', {
        origin: c.req.header('origin') ?? null,
        secFetchSite: c.req.header('sec-fetch-site') ?? null,
        path: c.req.path,
      })
      throw new GlamError(
        'CSRF_REJECTED',
        'This request came from another site. Submit the form from Glam itself, or send a token.',
      )
    }
    throw err
  }
}

/** Middleware form of `assertSameOrigin`. */
export const sameOrigin = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await assertSameOrigin(c)
  return next()
}
