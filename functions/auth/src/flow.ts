/**
 * The two steps of the passwordless login, shared by the JSON API and the HTML forms.
 *
 * `start` does the same work whether or not the address is known (validate, rate-limit, store a
 * keyed hash of a fresh code) and answers the same; who the address belongs to is looked up
 * after the answer, in the background, where the code is mailed or not.
 * `verify` takes a try from the newest open code (at most 5), compares in constant time,
 * consumes the code once, signs the person up when the app allows it, and starts a new session.
 */
import { codeHash, codeMatches, codeTtlMs, emailKey, maxTriesPerCode, newLoginCode } from '@glam/auth/codes'
import { startSession } from '@glam/auth/session'
import { type AppEnv, GlamError, type Platform, type RateLimitPolicy } from '@glam/core'
import type { App } from '@glam/db/repositories/apps'
import { repositoriesOf } from '@glam/db/repositories/index'
import { normaliseEmail } from '@glam/db/repositories/users'
import { composeMail, type Locale, loginCodeMail } from '@glam/mail'
import { enforce, requestIp } from '@glam/ratelimit/enforce'
import type { Context } from 'hono'
import { z } from 'zod'
import { checkReturnTo } from './return-to.ts'
import './errors.ts' // registers this function's error codes

type C = Context<AppEnv>

/** Per e-mail (keyed hash: the limiter never sees addresses), per IP and global; a new code does not reset the verify budget. */
export const policies = {
  startGlobal: { name: 'auth-start-global', limit: 600, windowSeconds: 60 },
  startIp: { name: 'auth-start-ip', limit: 30, windowSeconds: 600 },
  verifyGlobal: { name: 'auth-verify-global', limit: 1200, windowSeconds: 60 },
  verifyIp: { name: 'auth-verify-ip', limit: 60, windowSeconds: 600 },
  startEmail: (limit: number): RateLimitPolicy => ({ name: 'auth-start-email', limit, windowSeconds: 3600 }),
  verifyEmail: (limit: number): RateLimitPolicy => ({
    name: 'auth-verify-email',
    limit,
    windowSeconds: 3600,
  }),
} as const

export const startSchema = z.object({
  email: z
    .string()
    .trim()
    .max(320)
    .pipe(z.email({ error: 'enter a valid e-mail address' })),
  app: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'an app id: lower-case letters, digits, -' }),
  returnTo: z.string().max(2048).optional(),
  locale: z.enum(['de', 'en']).optional(),
})
export const verifySchema = z.object({
  email: z
    .string()
    .trim()
    .max(320)
    .pipe(z.email({ error: 'enter a valid e-mail address' })),
  code: z
    .string()
    .trim()
    .max(32)
    .regex(/^[0-9\s-]{6,32}$/, { error: 'the 6-digit code from the e-mail' }),
})

export async function appOf(platform: Platform, id: string): Promise<App> {
  const app = await repositoriesOf(platform).apps.get(id)
  if (!app) throw new GlamError('UNKNOWN_APP', `No application is registered as ${id}.`)
  return app
}

/** Whether this address may sign in to the app: a grant there, or the app's sign-up policy. */
async function mayEnter(platform: Platform, app: App, email: string): Promise<'member' | 'signup' | false> {
  const { users } = repositoriesOf(platform)
  const user = await users.byEmail(email)
  if (user) {
    if (user.status !== 'active') return false
    if ((await users.grants(user.id, app.id)).length > 0) return 'member'
  }
  if (app.signup === 'open') return 'signup'
  if (app.signup === 'domain' && app.signupDomains.includes(email.split('@')[1] ?? '')) return 'signup'
  return false
}

export interface StartResult {
  email: string
  app: App
  returnTo: string
  expiresIn: number
}

export async function startLogin(
  c: C,
  input: z.output<typeof startSchema>,
  locale: Locale,
): Promise<StartResult> {
  const { platform } = c.var
  const app = await appOf(platform, input.app)
  const returnTo = checkReturnTo(input.returnTo, app, platform.config.publicUrl)
  const email = normaliseEmail(input.email)
  const secret = platform.secrets.require('GLAM_SECRET')
  const key = await emailKey(secret, email)
  await enforce(c, [
    ['global', policies.startGlobal],
    [requestIp(c), policies.startIp],
    [key, policies.startEmail(platform.config.loginCodesPerHour)],
  ])
  const code = newLoginCode()
  const codeId = await repositoriesOf(platform).loginCodes.issue({
    emailKey: key,
    codeHash: await codeHash(secret, key, code),
    app: app.id,
    returnTo,
    ttlMs: codeTtlMs,
  })
  const log = c.var.log
  platform.background(
    (async () => {
      const entry = await mayEnter(platform, app, email)
      if (!entry) {
        log.info('auth.code.not_sent', { codeId, app: app.id, reason: 'not_allowed' })
        return
      }
      const mail = composeMail(loginCodeMail, { code, minutes: codeTtlMs / 60_000 }, { to: email, locale })
      const { id } = await platform.mailer.send({ ...mail, tags: ['login-code'] })
      log.info('auth.code.sent', { codeId, app: app.id, mailId: id })
    })().catch((error) => log.error('auth.code.mail_failed', { codeId, error })),
  )
  return { email, app, returnTo, expiresIn: codeTtlMs / 1000 }
}

export interface VerifyResult {
  userId: string
  email: string
  app: App
  returnTo: string
  sessionId: string
}

export async function verifyLogin(c: C, input: z.output<typeof verifySchema>): Promise<VerifyResult> {
  const { platform } = c.var
  const repos = repositoriesOf(platform)
  const email = normaliseEmail(input.email)
  const secret = platform.secrets.require('GLAM_SECRET')
  const key = await emailKey(secret, email)
  await enforce(c, [
    ['global', policies.verifyGlobal],
    [requestIp(c), policies.verifyIp],
    [key, policies.verifyEmail(platform.config.loginTriesPerHour)],
  ])
  const invalid = (reason: string) => {
    c.var.log.info('auth.verify.failed', { reason })
    return new GlamError('INVALID_CODE')
  }
  const stored = await repos.loginCodes.current(key)
  if (!stored) throw invalid('no_open_code')
  // The try is taken before comparing: a wrong guess always costs one, even when racing.
  if (!(await repos.loginCodes.takeAttempt(stored.id, maxTriesPerCode))) throw invalid('tries_exhausted')
  if (!(await codeMatches(secret, key, input.code, stored.codeHash))) throw invalid('wrong_code')
  if (!(await repos.loginCodes.consume(stored.id))) throw invalid('already_used')

  const app = await appOf(platform, stored.app)
  const entry = await mayEnter(platform, app, email)
  if (!entry) throw new GlamError('NOT_INVITED')
  let user = await repos.users.byEmail(email)
  if (!user || entry === 'signup') {
    user = await repos.users.ensure({ email })
    if (app.defaultRole && (await repos.users.grants(user.id, app.id)).length === 0) {
      await repos.users.grant({
        userId: user.id,
        app: app.id,
        role: app.defaultRole as never,
        createdBy: null,
      })
      await repos.audit.record({
        actorType: 'system',
        actorId: null,
        action: 'grant.signup',
        targetType: 'user',
        targetId: user.id,
        details: { app: app.id, role: app.defaultRole },
        requestId: c.var.requestId,
      })
    }
  }
  const session = await startSession(c, { userId: user.id, app: app.id })
  await repos.users.touchLogin(user.id)
  c.var.log.info('auth.login', { userId: user.id, app: app.id, sessionId: session.id })
  return { userId: user.id, email, app, returnTo: stored.returnTo ?? '/auth/account', sessionId: session.id }
}
