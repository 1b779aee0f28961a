/**
 * A dashboard token (JWT) for a demo user of a running Glam server, got over HTTP as a person
 * would: `/auth/start`, the code from the development mailbox, `/auth/verify`, `/auth/token`.
 * HTTP suites use it for callers with fewer rights than the admin key (`client@demo.glam` is
 * limited to the demo customer, `lena@demo.glam` to her influencer).
 */
import { mailedLoginCode } from './mailbox.ts'
import type { HttpTarget } from './suite.ts'

const json = { 'content-type': 'application/json' }

// One login per user and server: login codes per address are rate-limited, and a second code
// mailed within the same second could be mistaken for the first. Tokens outlive a suite run.
const tokens = new Map<string, Promise<string>>()

async function logIn(t: Pick<HttpTarget, 'url' | 'fetch'>, email: string, app: string): Promise<string> {
  const after = new Date(Date.now() - 1000).toISOString()
  const start = await t.fetch('/auth/start', {
    method: 'POST',
    headers: { ...json, origin: t.url },
    body: JSON.stringify({ email, app }),
  })
  if (start.status !== 202) throw new Error(`/auth/start for ${email}: ${start.status} ${await start.text()}`)
  const code = await mailedLoginCode((path) => t.fetch(path), email, after)
  const verify = await t.fetch('/auth/verify', {
    method: 'POST',
    headers: { ...json, origin: t.url },
    body: JSON.stringify({ email, code }),
  })
  const cookie = verify.headers.get('set-cookie')?.split(';')[0]
  if (verify.status !== 200 || !cookie)
    throw new Error(`/auth/verify for ${email}: ${verify.status} ${await verify.text()}`)
  const issued = await t.fetch('/auth/token', {
    method: 'POST',
    headers: { ...json, cookie },
    body: JSON.stringify({ app }),
  })
  if (issued.status !== 200)
    throw new Error(`/auth/token for ${email}: ${issued.status} ${await issued.text()}`)
  return ((await issued.json()) as { token: string }).token
}

/** `Authorization` headers with a fresh token of `email` for `app` (once per server and user). */
export async function loginBearer(
  t: Pick<HttpTarget, 'url' | 'fetch'>,
  email: string,
  app = 'dashboard',
): Promise<{ authorization: string }> {
  const key = `${t.url} ${app} ${email}`
  let token = tokens.get(key)
  if (!token) {
    token = logIn(t, email, app)
    tokens.set(key, token)
    // A failed login is not kept: the next case tries again (and reports its own error).
    token.catch(() => tokens.delete(key))
  }
  return { authorization: `Bearer ${await token}` }
}
