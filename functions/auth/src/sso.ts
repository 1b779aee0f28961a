/**
 * SSO: a signed-in person's token for an app, fetched by the app's page in the browser
 * (`/token`, CORS for registered origins) or carried back to a server-rendered app in the URL
 * fragment (`/authorize`). The keys to verify it are at `/.well-known/jwks.json` (index.ts).
 */
import { currentSession, issueToken } from '@glam/auth'
import { isGlamOrigin, registeredAppOrigins } from '@glam/auth/origins'
import { type AppEnv, GlamError, limitBody } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Session } from '@glam/db/repositories/sessions'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { z } from 'zod'
import { appOf } from './flow.ts'
import { type C, noStore, parse, readBody, requireSession } from './request.ts'
import { checkReturnTo } from './return-to.ts'
import './errors.ts' // registers this function's error codes

const tokenSchema = z.object({
  app: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
})

export function createSsoApp() {
  const app = new Hono<AppEnv>()

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
