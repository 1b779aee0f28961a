/**
 * Glam's REST API from the app (share links, webhooks, a link's rules): same-origin, JSON in
 * and out. A missing session goes to the login; an error answer throws its message (Glam's
 * `{ error: { code, message } }`), an answer that is not JSON (a proxy's error page) throws
 * its status, never a JSON parse error.
 */
import { goToLogin } from './graphql.ts'

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message)
  }
}

export async function api<T>(path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, {
    ...init,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
    signal,
  })
  if (res.status === 401) goToLogin()
  const json = res.headers.get('content-type')?.includes('json')
  const body = json ? ((await res.json()) as Record<string, unknown>) : null
  if (!res.ok) {
    const error = body?.error as { code?: string; message?: string } | undefined
    throw new ApiError(error?.message ?? `${res.status} ${res.statusText}`.trim(), res.status, error?.code)
  }
  if (!json) throw new ApiError(`Unexpected answer (${res.status})`, res.status)
  return body as T
}
