/**
 * `/auth`: the login (JSON API and HTML forms on the same routes), sessions, SSO tokens.
 *
 * JSON callers send `application/json` and get JSON; forms post `application/x-www-form-urlencoded`
 * and get pages and 303 redirects. Every POST here passes the CSRF check (a foreign page can
 * neither log someone in to an account of its choosing nor log them out).
 */
import { assertSameOrigin, clearSessionCookie, currentSession, issueToken, sameOrigin } from '@glam/auth'
import { isGlamOrigin, registeredAppOrigins } from '@glam/auth/origins'
import { type AppEnv, GlamError, issuesOf, limitBody, wantsHtml } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Session } from '@glam/db/repositories/sessions'
import type { Locale } from '@glam/mail'
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import { z } from 'zod'
import { appOf, startLogin, startSchema, verifyLogin, verifySchema } from './flow.ts'
import { AccountPage, LoginPage, type LoginPageProps } from './pages.tsx'
import { checkReturnTo, defaultReturnTo } from './return-to.ts'
import './errors.ts' // registers this function's error codes

type C = Context<AppEnv>

const isForm = (c: C) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('content-type') ?? '')

function localeOf(c: C, given?: string): Locale {
  const explicit = given ?? c.req.query('lang')
  if (explicit === 'de' || explicit === 'en') return explicit
  return /^\s*de\b/i.test(c.req.header('accept-language') ?? '') ? 'de' : 'en'
}

/** The body as an object: JSON or a form; anything else is refused with 415. */
async function readBody(c: C): Promise<Record<string, unknown>> {
  if (isForm(c)) return (await c.req.parseBody()) as Record<string, unknown>
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!/^application\/([\w.-]+\+)?json$/.test(type))
    throw new GlamError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json or as a form.')
  try {
    const body = await c.req.json()
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>
  } catch {}
  throw new GlamError('MALFORMED_JSON')
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body)
  if (!result.success)
    throw new GlamError('VALIDATION_FAILED', undefined, { details: issuesOf(result.error) })
  return result.data
}

const noStore = { 'Cache-Control': 'no-store' }

/** A form error re-renders the page with the message (and the error's status); JSON callers get the error. */
async function formError(c: C, err: unknown, props: Omit<LoginPageProps, 'error'>) {
  if (!(err instanceof GlamError) || !isForm(c)) throw err
  const field = err.code === 'INVALID_CODE' ? 'code' : err.code === 'VALIDATION_FAILED' ? props.step : 'form'
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value)
  c.header('Cache-Control', 'no-store')
  return c.html(<LoginPage {...props} error={{ field, message: err.message }} />, err.status)
}

async function requireSession(c: C): Promise<Session> {
  const session = await currentSession(c)
  if (!session) throw new GlamError('UNAUTHORIZED', 'Log in first.')
  return session
}

const tokenSchema = z.object({
  app: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
})

export function createAuthApp() {
  const app = new Hono<AppEnv>()

  app.get('/login', async (c) => {
    const { platform } = c.var
    const locale = localeOf(c)
    const target = await appOf(platform, c.req.query('app') ?? 'dashboard')
    const returnTo = checkReturnTo(c.req.query('returnTo'), target, platform.config.publicUrl)
    // Already signed in with access to this app: straight on (a new login is one click away on /auth/account).
    const session = await currentSession(c)
    if (session && c.req.query('prompt') !== 'login') {
      const grants = await repositoriesOf(platform).users.grants(session.userId, target.id)
      if (grants.length > 0) return c.redirect(returnTo, 303)
    }
    const switched = new URL(c.req.url)
    switched.searchParams.set('lang', locale === 'de' ? 'en' : 'de')
    c.header('Cache-Control', 'no-store')
    c.header('X-Frame-Options', 'DENY')
    return c.html(
      <LoginPage
        locale={locale}
        step="email"
        app={{ id: target.id, name: target.name }}
        returnTo={returnTo}
        switchTo={`${switched.pathname}${switched.search}`}
      />,
    )
  })

  app.post('/start', sameOrigin(), limitBody(16 * 1024), async (c) => {
    const body = await readBody(c)
    const locale = localeOf(c, typeof body.locale === 'string' ? body.locale : undefined)
    const appId = typeof body.app === 'string' ? body.app : 'dashboard'
    const returnTo = typeof body.returnTo === 'string' ? body.returnTo : defaultReturnTo
    try {
      const input = parse(startSchema, body)
      const started = await startLogin(c, input, locale)
      if (isForm(c)) {
        c.header('Cache-Control', 'no-store')
        return c.html(
          <LoginPage
            locale={locale}
            step="code"
            app={{ id: started.app.id, name: started.app.name }}
            returnTo={started.returnTo}
            email={started.email}
          />,
        )
      }
      return c.json(
        {
          status: 'code_sent',
          message: 'If this address may log in to the app, a code is on its way.',
          next: '/auth/verify',
          expiresIn: started.expiresIn,
        },
        202,
        noStore,
      )
    } catch (err) {
      const app = await repositoriesOf(c.var.platform).apps.get(appId)
      if (!app) throw err
      return formError(c, err, {
        locale,
        step: 'email',
        app: { id: app.id, name: app.name },
        returnTo: returnTo.startsWith('/') ? returnTo : defaultReturnTo,
        email: typeof body.email === 'string' ? body.email.slice(0, 320) : '',
      })
    }
  })

  app.post('/verify', sameOrigin(), limitBody(16 * 1024), async (c) => {
    const body = await readBody(c)
    const locale = localeOf(c, typeof body.locale === 'string' ? body.locale : undefined)
    try {
      const done = await verifyLogin(c, parse(verifySchema, body))
      if (isForm(c)) return c.redirect(done.returnTo, 303)
      return c.json(
        {
          status: 'signed_in',
          user: { id: done.userId, email: done.email },
          app: done.app.id,
          redirectTo: done.returnTo,
        },
        200,
        noStore,
      )
    } catch (err) {
      const appId = typeof body.app === 'string' ? body.app : 'dashboard'
      const app = await repositoriesOf(c.var.platform).apps.get(appId)
      if (!app) throw err
      let returnTo = defaultReturnTo
      try {
        returnTo = checkReturnTo(
          typeof body.returnTo === 'string' ? body.returnTo : undefined,
          app,
          c.var.platform.config.publicUrl,
        )
      } catch {}
      return formError(c, err, {
        locale,
        step: 'code',
        app: { id: app.id, name: app.name },
        returnTo,
        email: typeof body.email === 'string' ? body.email.slice(0, 320) : '',
      })
    }
  })

  app.get('/me', async (c) => {
    const session = await requireSession(c)
    const { users } = repositoriesOf(c.var.platform)
    const user = await users.get(session.userId)
    if (user?.status !== 'active') throw new GlamError('UNAUTHORIZED', 'Log in first.')
    const grants = await users.grants(user.id)
    return c.json(
      {
        user: { id: user.id, email: user.email, name: user.name },
        session: { id: session.id, app: session.app, expiresAt: session.expiresAt.toISOString() },
        grants: grants.map((g) => ({
          app: g.app,
          role: g.role,
          ...(g.scopeType && { scope: { type: g.scopeType, id: g.scopeId } }),
        })),
      },
      200,
      noStore,
    )
  })

  app.get('/account', async (c) => {
    const session = await currentSession(c)
    if (!session) return c.redirect(`/auth/login?returnTo=${encodeURIComponent('/auth/account')}`, 303)
    const { users, sessions } = repositoriesOf(c.var.platform)
    const user = await users.get(session.userId)
    if (!user) return c.redirect('/auth/login', 303)
    c.header('Cache-Control', 'no-store')
    c.header('X-Frame-Options', 'DENY')
    return c.html(
      <AccountPage
        locale={localeOf(c)}
        email={user.email}
        currentSessionId={session.id}
        sessions={await sessions.listLive(user.id)}
        grants={await users.grants(user.id)}
      />,
    )
  })

  app.get('/sessions', async (c) => {
    const session = await requireSession(c)
    const items = await repositoriesOf(c.var.platform).sessions.listLive(session.userId)
    return c.json(
      {
        items: items.map((s) => ({
          id: s.id,
          app: s.app,
          userAgent: s.userAgent,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
          expiresAt: s.expiresAt.toISOString(),
          current: s.id === session.id,
        })),
      },
      200,
      noStore,
    )
  })

  const revoke = async (c: C) => {
    await assertSameOrigin(c)
    const session = await requireSession(c)
    const id = c.req.param('id') ?? ''
    const ok = await repositoriesOf(c.var.platform).sessions.revoke(session.userId, id)
    if (!ok) throw new GlamError('NOT_FOUND', 'No such session of yours.')
    if (id === session.id) clearSessionCookie(c)
    c.var.log.info('auth.session.revoked', { userId: session.userId, sessionId: id })
    return isForm(c) || wantsHtml(c) ? c.redirect('/auth/account', 303) : c.body(null, 204)
  }
  app.delete('/sessions/:id', revoke)
  app.post('/sessions/:id/revoke', revoke)

  app.post('/logout', sameOrigin(), async (c) => {
    const session = await currentSession(c)
    if (session) {
      await repositoriesOf(c.var.platform).sessions.revoke(session.userId, session.id)
      c.var.log.info('auth.logout', { userId: session.userId, sessionId: session.id })
    }
    clearSessionCookie(c)
    if (isForm(c) || wantsHtml(c)) return c.redirect('/auth/login', 303)
    return c.json({ status: 'signed_out' }, 200, noStore)
  })

  app.post('/logout-all', sameOrigin(), async (c) => {
    const session = await requireSession(c)
    const revoked = await repositoriesOf(c.var.platform).sessions.revokeAll(session.userId)
    clearSessionCookie(c)
    c.var.log.info('auth.logout_all', { userId: session.userId, revoked })
    if (isForm(c) || wantsHtml(c)) return c.redirect('/auth/login', 303)
    return c.json({ status: 'signed_out', revoked }, 200, noStore)
  })

  // SSO, for apps in the browser: a registered origin fetches a token with the session cookie.
  app.use(
    '/token',
    cors({
      origin: async (origin, c) => {
        if (!origin) return null
        return (await registeredAppOrigins((c as C).var.platform)).has(origin) ? origin : null
      },
      allowMethods: ['POST'],
      allowHeaders: ['Content-Type'],
      credentials: true,
      maxAge: 600,
    }),
  )
  app.post('/token', limitBody(4096), async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    // JSON only: a cross-site page cannot send it without the CORS preflight above.
    if (type !== 'application/json')
      throw new GlamError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.')
    const input = parse(tokenSchema, await readBody(c))
    const session = await requireSession(c)
    // A page gets tokens only for its own app: another registered app's origin must not obtain a
    // dashboard token with the user's cookie. Glam's own pages may ask for any app.
    const origin = c.req.header('origin')
    if (origin) {
      const target = await appOf(c.var.platform, input.app)
      const own = [new URL(c.var.platform.config.publicUrl).origin, new URL(c.req.url).origin]
      if (!own.includes(origin) && !target.origins.includes(origin))
        throw new GlamError('FORBIDDEN', `The origin ${origin} is not registered for the app ${input.app}.`)
    }
    const token = await tokenFor(c, session, input.app)
    return c.json({ ...token, tokenType: 'Bearer', app: input.app }, 200, noStore)
  })

  // SSO, for server-rendered apps: back to a registered origin with the token in the fragment
  // (fragments never reach servers, logs or Referer headers).
  app.get('/authorize', async (c) => {
    const { platform } = c.var
    const target = await appOf(platform, c.req.query('app') ?? '')
    const returnTo = checkReturnTo(c.req.query('returnTo'), target, platform.config.publicUrl)
    // The token travels in the URL fragment: only the app's own registered origins may receive it
    // (not Glam's origin, whose pages could forward the fragment elsewhere).
    // Never to Glam itself under any of its names: a Glam page there (a shortlink, say) could
    // carry the fragment on to wherever it leads.
    const to = returnTo.startsWith('/') ? null : new URL(returnTo).origin
    if (!to || isGlamOrigin(to, platform.config, c.req.url) || !target.origins.includes(to))
      throw new GlamError(
        'INVALID_RETURN_TO',
        'returnTo must be an absolute URL on an origin the app registered (never Glam itself).',
      )
    const session = await currentSession(c)
    if (!session) {
      const back = `/auth/authorize?app=${encodeURIComponent(target.id)}&returnTo=${encodeURIComponent(returnTo)}`
      return c.redirect(
        `/auth/login?app=${encodeURIComponent(target.id)}&returnTo=${encodeURIComponent(back)}`,
        303,
      )
    }
    const { token, expiresIn } = await tokenFor(c, session, target.id)
    const url = new URL(returnTo)
    url.hash = new URLSearchParams({ glam_token: token, expires_in: String(expiresIn) }).toString()
    c.header('Cache-Control', 'no-store')
    c.header('Referrer-Policy', 'no-referrer')
    return c.redirect(url.href, 303)
  })

  return app
}

async function tokenFor(c: C, session: Session, appId: string) {
  const { platform } = c.var
  await appOf(platform, appId)
  const { users } = repositoriesOf(platform)
  const user = await users.get(session.userId)
  if (user?.status !== 'active') throw new GlamError('UNAUTHORIZED', 'Log in first.')
  const grants = await users.grants(user.id, appId)
  if (grants.length === 0) throw new GlamError('NOT_INVITED')
  const issued = await issueToken(platform, { userId: user.id, email: user.email, app: appId, grants })
  c.var.log.info('auth.token.issued', { userId: user.id, app: appId })
  return issued
}
