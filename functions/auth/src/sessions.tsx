/**
 * The signed-in person's sessions: `/me`, the account page, the list of live sessions (each can
 * be revoked), logging out here or everywhere.
 */
import { assertSameOrigin, clearSessionCookie, currentSession, sameOrigin } from '@glam/auth'
import { type AppEnv, GlamError, wantsHtml } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { Hono } from 'hono'
import { AccountPage } from './pages.tsx'
import { type C, isForm, localeOf, noStore, requireSession } from './request.ts'

export function createSessionsApp() {
  const app = new Hono<AppEnv>()

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

  return app
}
