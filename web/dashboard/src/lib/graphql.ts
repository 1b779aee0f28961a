/**
 * The app's GraphQL client: every document is a persisted operation (functions/graphql/src/
 * operations.ts) sent by its SHA-256; where the page has no `crypto.subtle` (a non-secure
 * origin) or the server does not know the hash (development), the document itself is sent.
 * A missing session sends the browser to the login page and back.
 */
import { dashboardOperations } from '@glam/graphql/operations'

export type OperationName = keyof typeof dashboardOperations

export class GraphqlError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

const hashes = new Map<string, Promise<string | null>>()

async function sha256Hex(text: string): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

const hashOf = (document: string) => {
  let h = hashes.get(document)
  if (!h) {
    h = sha256Hex(document)
    hashes.set(document, h)
  }
  return h
}

export function loginUrl(): string {
  const returnTo = location.pathname + location.search
  return `/auth/login?app=dashboard&returnTo=${encodeURIComponent(returnTo)}`
}

/** The code of what goToLogin throws: the page is leaving, nothing to show. */
export const redirecting = 'REDIRECTING_TO_LOGIN'

export function goToLogin(): never {
  location.assign(loginUrl())
  throw new GraphqlError('Redirecting to the login page', redirecting)
}

interface Answer<T> {
  data?: T
  errors?: { message: string; extensions?: { code?: string } }[]
}

const unauthenticated = (code?: string) => code === 'UNAUTHENTICATED' || code === 'UNAUTHORIZED'

async function post<T>(body: object, signal?: AbortSignal): Promise<Answer<T>> {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal,
  })
  if (res.status === 401) goToLogin()
  // A proxy's error page is not GraphQL: say what came back instead of failing to parse it.
  if (!res.headers.get('content-type')?.includes('json'))
    throw new GraphqlError(`Unexpected answer from /graphql (${res.status})`, 'BAD_ANSWER')
  return (await res.json()) as Answer<T>
}

/** Runs a named dashboard operation; throws GraphqlError with the first error's code. */
export async function gql<T>(
  operationName: OperationName,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<T> {
  const document = dashboardOperations[operationName]
  const sha256Hash = await hashOf(document)
  let answer = await post<T>(
    sha256Hash
      ? { operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }
      : { operationName, variables, query: document },
    signal,
  )
  const notFound = answer.errors?.some((e) => /persisted/i.test(e.message) && /not ?found/i.test(e.message))
  if (notFound) answer = await post<T>({ operationName, variables, query: document }, signal)
  const first = answer.errors?.[0]
  if (first) {
    const code = first.extensions?.code
    if (unauthenticated(code)) goToLogin()
    throw new GraphqlError(first.message, code)
  }
  return answer.data as T
}
