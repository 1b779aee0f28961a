/**
 * Cookie sessions: an opaque 256-bit token in an HttpOnly, SameSite=Lax cookie (`__Host-` in
 * production unless the session spans subdomains, then `__Secure-` with a Domain), stored as
 * SHA-256 with a sliding idle expiry capped by an absolute one. A login always makes a new
 * token (no fixation); logout revokes it server-side at once.
 */
import { type AppEnv, type Config, randomToken, sha256Hex } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Session } from '@glam/db/repositories/sessions'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'

const day = 24 * 3600 * 1000
/** Sliding renewal writes at most once per interval per session. */
const touchEveryMs = 5 * 60 * 1000

export function sessionCookie(config: Config): { name: string; options: CookieOptions } {
  const secure = config.publicUrl.startsWith('https:')
  const base: CookieOptions = {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    maxAge: Math.round((config.sessionMaxDays * day) / 1000),
  }
  if (config.cookieDomain) {
    return {
      name: secure ? '__Secure-glam_session' : 'glam_session',
      options: { ...base, domain: config.cookieDomain.replace(/^\./, '') },
    }
  }
  return { name: secure ? '__Host-glam_session' : 'glam_session', options: base }
}

function readToken(c: Context<AppEnv>): string | undefined {
  const value = getCookie(c, sessionCookie(c.var.platform.config).name)
  return value && /^[A-Za-z0-9]{43}$/.test(value) ? value : undefined
}

/** The live session of the request's cookie (renewed when due), or null. */
export async function currentSession(c: Context<AppEnv>): Promise<Session | null> {
  const token = readToken(c)
  if (!token) return null
  const { sessions } = repositoriesOf(c.var.platform)
  const session = await sessions.byTokenHash(await sha256Hex(token))
  if (!session) return null
  const now = c.var.platform.clock.now().getTime()
  if (now - session.lastSeenAt.getTime() < touchEveryMs) return session
  return sessions.touch(session, c.var.platform.config.sessionIdleDays * day)
}

/** Starts a session after login: the request's old session (if any) is revoked, a new token set. */
export async function startSession(
  c: Context<AppEnv>,
  input: { userId: string; app: string },
): Promise<Session> {
  const { sessions } = repositoriesOf(c.var.platform)
  const config = c.var.platform.config
  const previous = await currentSession(c)
  if (previous) await sessions.revoke(previous.userId, previous.id)
  const token = randomToken(43)
  const session = await sessions.create({
    tokenHash: await sha256Hex(token),
    userId: input.userId,
    app: input.app,
    userAgent: c.req.header('user-agent') ?? null,
    idleMs: config.sessionIdleDays * day,
    absoluteMs: config.sessionMaxDays * day,
  })
  const cookie = sessionCookie(config)
  setCookie(c, cookie.name, token, cookie.options)
  return session
}

/** Forgets the cookie in the browser (the caller revokes the session server-side). */
export function clearSessionCookie(c: Context<AppEnv>) {
  const cookie = sessionCookie(c.var.platform.config)
  const { maxAge: _, ...options } = cookie.options
  deleteCookie(c, cookie.name, options)
}
