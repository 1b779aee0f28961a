/**
 * The function contract's HTTP side: the Hono env every function shares, the one
 * error handler, the 404 answer, and the boundary helpers (JSON bodies, limits, zod).
 *
 * ```ts
 * export function createThingApp() {
 *   return new Hono<AppEnv>().post('/things', jsonBody(), zValidator('json', schema, validationHook), (c) => …)
 * }
 * ```
 */
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { html } from 'hono/html'
import { HTTPException } from 'hono/http-exception'
import type { z } from 'zod'
import { type ErrorCode, errorCatalogue, GlamError } from './errors.ts'
import type { Logger } from './logger.ts'
import { pageLayout } from './page.ts'
import type { Platform } from './platform.ts'

/** Who is calling, once an auth middleware has checked it. */
export interface Principal {
  kind: 'api_key' | 'user'
  /** The API key's id, or the user's. */
  id: string
  /** null: platform-wide; otherwise the customer the caller is limited to. */
  customerId: string | null
  /** Set for `influencer` users: they see their own links and stats only. */
  influencerId?: string | null
  scopes: readonly string[]
  /** Users only: who, through which app, with which roles, and how they proved it. */
  user?: {
    email: string
    app: string
    roles: readonly string[]
    via: 'session' | 'token'
    sessionId?: string
  }
}

export type AppEnv = {
  Variables: {
    platform: Platform
    requestId: string
    log: Logger
    principal?: Principal
  }
}

/** Browsers asking for a page get HTML; API clients (`*\/*`, JSON) get JSON. */
export function wantsHtml(c: Context): boolean {
  return acceptsHtml(c.req.header('accept') ?? '')
}

/** The same test on a raw Accept header (for handlers that run outside Hono). */
export function acceptsHtml(accept: string): boolean {
  const html = accept.indexOf('text/html')
  if (html === -1) return false
  const json = accept.indexOf('application/json')
  return json === -1 || html < json
}

const errorLayout = pageLayout({
  style:
    'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}code{color:#666}',
})

export function errorPage(error: GlamError, requestId?: string): string {
  const title = `${error.status} · ${error.code}`
  return String(
    errorLayout({
      title: `${title} · Glam`,
      body: html`<main><h1>${error.message}</h1><p><code>${title}</code>${requestId ? html` <code>request ${requestId}</code>` : ''}</p></main>`,
    }),
  )
}

/** Answer a GlamError as JSON (or HTML for browsers), with its extra headers. */
export function respondError(c: Context, error: GlamError): Response {
  const requestId = c.get('requestId') as string | undefined
  for (const [k, v] of Object.entries(error.headers)) c.header(k, v)
  c.header('Cache-Control', 'no-store')
  if (wantsHtml(c)) return c.html(errorPage(error, requestId), error.status)
  return c.json(error.toBody(requestId), error.status)
}

const byStatus = new Map<number, ErrorCode>(
  (Object.entries(errorCatalogue) as [ErrorCode, { status: number }][])
    .reverse()
    .map(([code, { status }]) => [status, code]),
)

/** Turn anything thrown into a GlamError; unknown errors become a generic INTERNAL. */
export function toGlamError(err: unknown): GlamError {
  if (err instanceof GlamError) return err
  if (err instanceof HTTPException) {
    if (err.status === 400 && /malformed json/i.test(err.message)) return new GlamError('MALFORMED_JSON')
    const code = byStatus.get(err.status) ?? (err.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST')
    return new GlamError(code, err.status < 500 && err.message ? err.message : undefined, { cause: err })
  }
  return new GlamError('INTERNAL', undefined, { cause: err })
}

/** Logs what an error handler answers: failures with the cause, refusals as one info line. */
export function logError(c: Context<AppEnv>, error: GlamError, cause: unknown): void {
  const log = c.get('log')
  if (error.status >= 500) {
    log?.error('request.failed', { method: c.req.method, path: c.req.path, code: error.code, error: cause })
  } else {
    log?.info('request.refused', { method: c.req.method, path: c.req.path, code: error.code })
  }
}

/** The one `onError` of every app: known errors answer as themselves, unknown ones are logged and 500. */
export const handleError: ErrorHandler<AppEnv> = (err, c) => {
  const error = toGlamError(err)
  logError(c, error, err)
  return respondError(c, error)
}

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  respondError(c, new GlamError('NOT_FOUND', `Nothing lives at ${c.req.method} ${c.req.path}.`))

/** Refuse bodies that are not JSON with 415, and bodies over the limit with 413 while streaming. */
export function jsonBody(maxBytes?: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!/^application\/([\w.-]+\+)?json$/.test(type)) {
      throw new GlamError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.')
    }
    return limitBody(maxBytes ?? c.var.platform.config.bodyLimitBytes)(c, next)
  }
}

export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (): never => {
    // The rest of the body is left to the server (Node drains a bounded amount, then closes).
    throw new GlamError('PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`)
  }
  // Bodies without a declared length (chunked) are counted as they stream.
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return async (c, next) => {
    // A declared length is checked from the header alone (the HTTP parser reads exactly that
    // many bytes), as Hono's bodyLimit does, but without first touching `c.req.raw.body`: on
    // Node that makes @hono/node-server build a full Request and a web stream for the body
    // (measured: a sixth of a /collect request's CPU; BENCHMARKS.md "Conversion pixel").
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > maxBytes ? tooLarge() : next()
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    return streamed(c, next)
  }
}

/** Cursors are the records' sortable ids (UUIDv7, or UUIDs of any version). */
const cursorPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A list's `cursor` parameter checked: undefined when absent, INVALID_CURSOR (400) when it is not one. */
export function cursorParam(value: string | undefined | null): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (!cursorPattern.test(value)) throw new GlamError('INVALID_CURSOR')
  return value.toLowerCase()
}

/** zod issues as a compact, machine-readable list. */
export function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }))
}

/**
 * The JSON body checked against a zod schema: MALFORMED_JSON when it does not parse,
 * VALIDATION_FAILED (details per field) when it does not fit. Use after `jsonBody()`.
 */
export async function validJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw new GlamError('MALFORMED_JSON')
  }
  return checked(schema, raw)
}

/** The host of a URL (with its port), or '' when there is none or it is not a URL. */
export function hostOf(url: string): string {
  if (!url) return ''
  try {
    return new URL(url).host
  } catch {
    return ''
  }
}

/** Whether `tz` is an IANA time zone this runtime knows (Europe/Berlin, UTC, …). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

/** JSON text parsed: MALFORMED_JSON when it does not parse (for bodies read as text). */
export function jsonFrom(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new GlamError('MALFORMED_JSON')
  }
}

/** A value checked against a zod schema: VALIDATION_FAILED (details per field) when it does not fit. */
export function checked<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw)
  if (!result.success)
    throw new GlamError('VALIDATION_FAILED', undefined, { details: issuesOf(result.error) })
  return result.data
}

/** Hook for `zValidator(target, schema, validationHook)`: failures become VALIDATION_FAILED. */
export const validationHook = (result: { success: boolean; error?: unknown }) => {
  if (!result.success) {
    throw new GlamError('VALIDATION_FAILED', undefined, { details: issuesOf(result.error as z.ZodError) })
  }
}
