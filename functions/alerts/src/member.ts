/**
 * Portal members: a login session (passwordless, like every Glam login) of a user holding a
 * `member` or `editor` grant of the `portal` app. Changes need the same origin (CSRF), as every
 * cookie-authenticated change.
 */
import { assertSameOrigin, currentSession } from '@glam/auth'
import { type AppEnv, GlamError } from '@glam/core'
import type { User } from '@glam/db/repositories/users'
import type { Context, MiddlewareHandler } from 'hono'
import { memberFor } from './service.ts'

/** The member this request is signed in as, or null (no session, or not a member). */
export async function memberOf(c: Context<AppEnv>): Promise<User | null> {
  const session = await currentSession(c)
  return session ? memberFor(c.var.platform, session.userId) : null
}

declare module 'hono' {
  interface ContextVariableMap {
    member: User
  }
}

/** 401 MEMBER_REQUIRED without a member's session; a change from another origin is refused. */
export const requireMember: MiddlewareHandler<AppEnv> = async (c, next) => {
  const member = await memberOf(c)
  if (!member) throw new GlamError('MEMBER_REQUIRED')
  if (!/^(GET|HEAD|OPTIONS)$/.test(c.req.method)) await assertSameOrigin(c)
  c.set('member', member)
  c.header('Cache-Control', 'private, no-store')
  await next()
}
