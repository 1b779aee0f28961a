/**
 * What the `/auth` routes share: the request's kind (a form or JSON), its locale and body, the
 * caller's session. Forms post `application/x-www-form-urlencoded` (or multipart) and get pages
 * and redirects; everything else must be JSON.
 */
import { currentSession } from '@glam/auth'
import { type AppEnv, GlamError, issuesOf } from '@glam/core'
import type { Session } from '@glam/db/repositories/sessions'
import type { Locale } from '@glam/mail'
import type { Context } from 'hono'
import type { z } from 'zod'

export type C = Context<AppEnv>

export const isForm = (c: C) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('content-type') ?? '')

export function localeOf(c: C, given?: string): Locale {
  const explicit = given ?? c.req.query('lang')
  if (explicit === 'de' || explicit === 'en') return explicit
  return /^\s*de\b/i.test(c.req.header('accept-language') ?? '') ? 'de' : 'en'
}

/** The body as an object: JSON or a form; anything else is refused with 415. */
export async function readBody(c: C): Promise<Record<string, unknown>> {
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

export function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body)
  if (!result.success)
    throw new GlamError('VALIDATION_FAILED', undefined, { details: issuesOf(result.error) })
  return result.data
}

export const noStore = { 'Cache-Control': 'no-store' }

export async function requireSession(c: C): Promise<Session> {
  const session = await currentSession(c)
  if (!session) throw new GlamError('UNAUTHORIZED', 'Log in first.')
  return session
}
