/**
 * The HTTP transport under mailgun.js: a `fetch`-based implementation of its
 * `IRequestProvider` interface, installed as `client.request.requestProvider`.
 *
 * Why not mailgun.js's own (axios) provider: in 14.x it turns every failure into an
 * `APIError` without the response headers, so `Retry-After` on a 429 is lost, and a refused
 * connection or a timeout arrives as status 400, indistinguishable from a bad request.
 * This one keeps status, `Retry-After` and "never reached Mailgun" apart, and uses nothing
 * but `fetch`, `FormData` and `AbortSignal` (workerd, Deno, Node).
 */
import type { Interfaces } from 'mailgun.js/definitions'

/** Mailgun answered with a status other than 2xx. */
export class MailgunHttpError extends Error {
  override readonly name = 'MailgunHttpError'
  constructor(
    readonly status: number,
    /** From `Retry-After` (seconds or an HTTP date), when the answer had one. */
    readonly retryAfterMs: number | undefined,
    /** Mailgun's `message` field, if any (may quote the request; never log it unfiltered). */
    readonly detail: string,
  ) {
    super(`Mailgun answered ${status}`)
  }
}

/** The request never got an answer: refused connection, DNS failure, reset, or timeout. */
export class MailgunNetworkError extends Error {
  override readonly name = 'MailgunNetworkError'
  constructor(
    readonly kind: 'timeout' | 'network',
    options: { cause: unknown },
  ) {
    super(kind === 'timeout' ? 'Mailgun did not answer in time' : 'Mailgun could not be reached', options)
  }
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

export interface FetchTransportOptions {
  username: string
  key: string
  /** Per attempt, in ms. */
  timeoutMs: number
  fetch?: typeof fetch
}

type ProviderData = Parameters<Interfaces.IRequestProvider['makeRequest']>[2]
type ProviderConfig = Parameters<Interfaces.IRequestProvider['makeRequest']>[3]

function bodyOf(data: ProviderData, config: ProviderConfig, headers: Record<string, string>) {
  const body = (data as { data?: unknown }).data
  if (body === undefined || body === null) return undefined
  // Multipart: fetch writes the boundary into Content-Type itself.
  if (body instanceof FormData || typeof body === 'string') return body
  if (config?.isApplicationJSON) {
    headers['content-type'] = 'application/json'
    return JSON.stringify(body)
  }
  return new URLSearchParams(body as Record<string, string>)
}

export function createFetchTransport(options: FetchTransportOptions): Interfaces.IRequestProvider {
  const authorization = `Basic ${btoa(`${options.username}:${options.key}`)}`
  const send = options.fetch ?? ((input, init) => fetch(input, init))
  let onBehalfOf: string | undefined
  return {
    async makeRequest(url, method, data, config) {
      const target = new URL(url)
      const params = (data as { params?: URLSearchParams }).params
      if (params) for (const [k, v] of params) target.searchParams.append(k, v)
      const headers: Record<string, string> = { authorization, accept: 'application/json' }
      if (onBehalfOf) headers['x-mailgun-on-behalf-of'] = onBehalfOf
      const body = bodyOf(data, config, headers)
      let res: Response
      try {
        res = await send(target, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs) })
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')
        throw new MailgunNetworkError(timedOut ? 'timeout' : 'network', { cause: err })
      }
      let text: string
      try {
        text = await res.text()
      } catch (err) {
        throw new MailgunNetworkError('network', { cause: err })
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = { message: text }
      }
      if (!res.ok) {
        const message = (parsed as { message?: unknown })?.message
        throw new MailgunHttpError(
          res.status,
          parseRetryAfter(res.headers.get('retry-after')),
          typeof message === 'string' ? message.slice(0, 500) : '',
        )
      }
      return { status: res.status, body: parsed }
    },
    setSubAccountHeader(id) {
      onBehalfOf = id
    },
    resetSubAccountHeader() {
      onBehalfOf = undefined
    },
  }
}
