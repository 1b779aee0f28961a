/** A login session of a user, as the login page makes it: the `cookie` header that carries it. */
import { randomToken, sha256Hex } from '@glam/core'
import type { Repositories } from '@glam/db/repositories/index'

export async function sessionCookie(
  repos: Pick<Repositories, 'sessions'>,
  userId: string,
  app = 'dashboard',
): Promise<string> {
  const token = randomToken(43)
  await repos.sessions.create({
    tokenHash: await sha256Hex(token),
    userId,
    app,
    userAgent: null,
    idleMs: 3600_000,
    absoluteMs: 3600_000,
  })
  return `glam_session=${token}`
}
