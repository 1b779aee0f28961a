/**
 * The passwordless login: the login page, then `/start` (mail a code) and `/verify` (check it,
 * start a session). JSON callers get JSON; forms get the page again (with the error tied to its
 * field) or a 303 to where they were going.
 */
import { currentSession, sameOrigin } from '@glam/auth'
import { type AppEnv, GlamError, limitBody } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { Hono } from 'hono'
import { appOf, startLogin, startSchema, verifyLogin, verifySchema } from './flow.ts'
import { LoginPage, type LoginPageProps } from './pages.tsx'
import { type C, isForm, localeOf, noStore, parse, readBody } from './request.ts'
import { checkReturnTo, defaultReturnTo } from './return-to.ts'
import './errors.ts' // registers this function's error codes

/** A form error re-renders the page with the message (and the error's status); JSON callers get the error. */
async function formError(c: C, err: unknown, props: Omit<LoginPageProps, 'error'>) {
  if (!(err instanceof GlamError) || !isForm(c)) throw err
  const field = err.code === 'INVALID_CODE' ? 'code' : err.code === 'VALIDATION_FAILED' ? props.step : 'form'
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value)
  c.header('Cache-Control', 'no-store')
  return c.html(<LoginPage {...props} error={{ field, message: err.message }} />, err.status)
}

export function createLoginApp() {
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

  return app
}
