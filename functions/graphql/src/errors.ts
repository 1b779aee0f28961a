/**
 * Errors at `/graphql` in the platform's catalogue, GraphQL-shaped: `{ errors: [{ message,
 * extensions: { code, requestId } }] }` with the catalogue's HTTP status when nothing ran.
 *
 * - Before GraphQL runs (body limit, credentials, CSRF): the GlamError's status and code
 *   (413 PAYLOAD_TOO_LARGE, 401 UNAUTHORIZED / INVALID_TOKEN, 403 CSRF_REJECTED, …).
 * - Inside GraphQL: a GlamError thrown by a resolver keeps its code; malformed JSON is 400
 *   MALFORMED_JSON; anything unexpected is logged and answered `INTERNAL`, in production with a
 *   generic message and no detail (no `originalError`, no stack).
 * - An operation all of whose root fields were refused for lack of a credential or a grant
 *   answers 401 UNAUTHORIZED or 403 FORBIDDEN (with `data: null`); partial results stay 200.
 */
import {
  type AppEnv,
  errorCatalogue,
  errorEntry,
  type GlamError,
  isGlamError,
  logError,
  respondError,
  toGlamError,
  wantsHtml,
} from '@glam/core'
import { GraphQLError } from 'graphql'
import { createGraphQLError, type Plugin } from 'graphql-yoga'
import type { Context, ErrorHandler } from 'hono'

/** The challenge a 401 carries, as on `/api`. */
const challenge = { 'WWW-Authenticate': 'Bearer realm="glam"' }

const graphqlResponseType = 'application/graphql-response+json'

/** The media type a GraphQL client asked for (GraphQL over HTTP): graphql-response+json or JSON. */
const mediaTypeFor = (accept: string | undefined) =>
  accept?.includes(graphqlResponseType) ? graphqlResponseType : 'application/json'

/**
 * `onError` of the GraphQL app: whatever stops a request before GraphQL runs answers with its
 * catalogue status and a GraphQL error body (an HTML page for browsers asking for one).
 */
export const answerError: ErrorHandler<AppEnv> = (err, c) => {
  const error = toGlamError(err)
  logError(c, error, err)
  if (wantsHtml(c)) return respondError(c, error)
  for (const [k, v] of Object.entries(error.headers)) c.header(k, v)
  c.header('Cache-Control', 'no-store')
  c.header('Content-Type', `${mediaTypeFor(c.req.header('accept'))}; charset=utf-8`)
  const requestId = c.get('requestId') as string | undefined
  return c.body(
    JSON.stringify({
      errors: [{ message: error.message, extensions: { code: error.code, ...(requestId && { requestId }) } }],
    }),
    error.status,
  )
}

/** The GlamError behind a GraphQL error (thrown by a resolver, a loader or a repository), if any. */
function glamErrorIn(error: unknown): GlamError | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (isGlamError(e)) return e
    e = (e as { originalError?: unknown }).originalError
  }
  return undefined
}

/** Where a GraphQL error points (kept when its message or extensions change). */
const position = (error: unknown) =>
  error instanceof GraphQLError
    ? { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path }
    : {}

/** yoga's answer to a body that does not parse (`extensions.code` BAD_REQUEST, detail in `originalError`). */
const isMalformedJson = (error: GraphQLError) =>
  error.extensions?.code === 'BAD_REQUEST' && /invalid JSON/i.test(error.message)

/** Serializable detail of an unexpected error, for development answers only. */
const detailOf = (error: unknown) => {
  const inner = (error as { originalError?: unknown })?.originalError ?? error
  return inner instanceof Error ? { name: inner.name, message: inner.message, stack: inner.stack } : { inner }
}

/**
 * yoga's `maskError` for both modes: catalogue codes everywhere; in production nothing internal
 * (a generic message, no `originalError`, no stack); in development the detail of unexpected errors.
 */
export function maskError(production: boolean) {
  return (error: unknown): Error => {
    const glam = glamErrorIn(error)
    if (glam) {
      const internal = glam.status >= 500
      return createGraphQLError(internal && production ? errorEntry(glam.code).message : glam.message, {
        ...position(error),
        // Kept in memory (never serialized) so the log plugin can log the cause.
        ...(internal && { originalError: glam }),
        extensions: {
          code: glam.code,
          ...(internal && { unexpected: true }),
          ...(internal && !production && { originalError: detailOf(glam) }),
        },
      })
    }
    if (error instanceof GraphQLError && isMalformedJson(error)) {
      return createGraphQLError(errorCatalogue.MALFORMED_JSON.message, {
        extensions: {
          code: 'MALFORMED_JSON',
          http: { status: 400 },
          ...(!production && error.extensions.originalError
            ? { originalError: error.extensions.originalError }
            : {}),
        },
      })
    }
    if (error instanceof GraphQLError && isDeliberate(error)) {
      if (!production || error.extensions?.originalError === undefined) return error
      // Detail some libraries put in extensions themselves is not for production answers.
      const { originalError: _, stack: __, ...extensions } = error.extensions
      return createGraphQLError(error.message, { ...position(error), extensions })
    }
    return createGraphQLError(
      production ? errorCatalogue.INTERNAL.message : String((error as Error)?.message),
      {
        ...position(error),
        originalError: error instanceof Error ? error : undefined,
        extensions: {
          code: 'INTERNAL',
          unexpected: true,
          ...(!production && { originalError: detailOf(error) }),
        },
      },
    )
  }
}

/** A GraphQL error raised on purpose (by the schema, graphql-js or yoga), not wrapping a crash. */
function isDeliberate(error: GraphQLError): boolean {
  let e: unknown = error
  for (let depth = 0; e && depth < 5; depth++) {
    if (!(e instanceof GraphQLError)) return false
    if (!e.originalError) return true
    e = e.originalError
  }
  return false
}

/** Codes that mean "this needs a credential or a grant you lack". */
const refusals: Record<string, 401 | 403> = { UNAUTHORIZED: 401, FORBIDDEN: 403 }

type Result = {
  data?: Record<string, unknown> | null
  errors?: readonly GraphQLError[]
  extensions?: Record<string, unknown>
}

/**
 * The status of a result: when every root field was refused (401 without a credential, 403
 * without a grant) nothing ran, and the answer says so (`data: null`); otherwise as yoga decides.
 */
export function refusalStatus(result: Result): 401 | 403 | undefined {
  const errors = result.errors ?? []
  if (errors.length === 0) return undefined
  const refused = new Set<string>()
  let status: 401 | 403 = 403
  for (const error of errors) {
    const code = refusals[String(error.extensions?.code)]
    if (!code || error.path?.length !== 1) return undefined
    refused.add(String(error.path[0]))
    if (code === 401) status = 401
  }
  const data = result.data
  if (data && Object.keys(data).some((field) => !refused.has(field) || data[field] !== null)) return undefined
  return status
}

/**
 * Answers refused operations with 401/403 and logs unexpected errors with the request id
 * (yoga's own logging is off: Glam's log has the request id and redacts secrets).
 */
export const statusAndLogging: Plugin<Record<string, unknown>, { hono: Context<AppEnv> }> = {
  onResultProcess({ result, setResult, serverContext }) {
    if (Array.isArray(result) || Symbol.asyncIterator in (result as object)) return
    const single = result as Result
    for (const error of single.errors ?? []) {
      if (error.extensions?.unexpected)
        serverContext.hono?.var.log?.error('graphql.failed', {
          path: error.path?.join('.') ?? null,
          code: error.extensions.code,
          error: error.originalError ?? error,
        })
    }
    const status = refusalStatus(single)
    if (!status) return
    setResult({
      ...single,
      data: null,
      extensions: {
        ...single.extensions,
        http: { status, ...(status === 401 && { headers: challenge }) },
      },
    } as never)
  },
}
