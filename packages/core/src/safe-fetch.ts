/**
 * @module @glam/core/safe-fetch
 * The one outbound fetch for URLs someone else chose (feed imports, later webhooks and
 * crawlers), Node only. It refuses what THREATS.md calls SSRF: non-http(s) schemes,
 * credentials in URLs, and private, loopback, link-local, metadata, unspecified or multicast
 * addresses, checked on the host as written, on every address DNS returns and on the
 * address the socket actually connected to (so DNS rebinding has no gap), on every
 * redirect hop. Hosts on `allowHosts` (config `fetchAllowHosts`) skip the address check.
 *
 * ```ts
 * import { safeFetch } from '@glam/core/safe-fetch'
 * const res = await safeFetch(feedUrl, { allowHosts: config.fetchAllowHosts, maxBytes: 50e6 })
 * ```
 */
import { promises as dns } from 'node:dns'
import type { LookupFunction, Socket } from 'node:net'
import { Agent, buildConnector, type RequestInit as UndiciRequestInit, fetch as undiciFetch } from 'undici'
import { isPrivateHost, isPublicAddress } from './addresses.ts'

export type SafeFetchErrorCode =
  | 'FETCH_BLOCKED'
  | 'FETCH_TIMEOUT'
  | 'FETCH_TOO_LARGE'
  | 'FETCH_TOO_MANY_REDIRECTS'
  | 'FETCH_FAILED'

/** Why a fetch was refused or failed; the message names the host, never a query or credentials. */
export class SafeFetchError extends Error {
  override readonly name = 'SafeFetchError'
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** Resolves a host name to every address it has (the default: `dns.lookup` with `all`). */
export type SafeFetchLookup = (hostname: string) => Promise<{ address: string; family: number }[]>

export interface SafeFetchInit extends Omit<RequestInit, 'redirect' | 'window'> {
  /** `host` or `host:port` entries reached even when private (`127.0.0.1:3001`), matched exactly. */
  allowHosts?: readonly string[]
  /** Bound on connecting and receiving the headers, across redirects (default 30 000 ms). */
  timeoutMs?: number
  /** Redirects followed before FETCH_TOO_MANY_REDIRECTS (default 5). */
  maxRedirects?: number
  /** Largest body, in decoded bytes: a longer one errors the stream with FETCH_TOO_LARGE. */
  maxBytes?: number
  /** DNS, replaceable in tests. */
  lookup?: SafeFetchLookup
}

const systemLookup: SafeFetchLookup = (hostname) => dns.lookup(hostname, { all: true })

/** Credentials are never carried to another origin a redirect names. */
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization']
const bodyHeaders = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]
const redirectStatuses = new Set([301, 302, 303, 307, 308])
const nullBodyStatuses = new Set([204, 205, 304])

/** A net lookup on `resolve`; when `publicOnly`, it answers only if every address of the name is public. */
function lookupVia(resolve: SafeFetchLookup, publicOnly: boolean): LookupFunction {
  return (hostname, options, callback) => {
    const fail = (err: SafeFetchError) => callback(err, '', 0)
    resolve(hostname).then(
      (found) => {
        if (publicOnly && !found.every((a) => isPublicAddress(a.address)))
          return fail(
            new SafeFetchError(
              'FETCH_BLOCKED',
              `fetch refused: ${hostname} resolves to a non-public address`,
            ),
          )
        const family = options.family === 4 || options.family === 6 ? options.family : 0
        const usable = family ? found.filter((a) => a.family === family) : found
        if (usable.length === 0) return fail(new SafeFetchError('FETCH_FAILED', `${hostname} has no address`))
        if (options.all) return callback(null, usable)
        callback(null, usable[0]!.address, usable[0]!.family)
      },
      (err: unknown) =>
        fail(new SafeFetchError('FETCH_FAILED', `could not resolve ${hostname}`, { cause: err })),
    )
  }
}

/** What every socket of a dispatcher goes through: the lookup, and for guarded ones a peer check. */
function connector(resolve: SafeFetchLookup, guarded: boolean) {
  const connect = buildConnector({ lookup: lookupVia(resolve, guarded) })
  if (!guarded) return connect
  // IP literals never reach the lookup; the peer the socket really has is checked for every host.
  return ((options, callback) =>
    connect(options, (err, socket) => {
      if (err) return callback(err, null)
      const peer = (socket as Socket).remoteAddress
      if (peer && isPublicAddress(peer)) return callback(null, socket!)
      socket!.destroy()
      callback(
        new SafeFetchError('FETCH_BLOCKED', `fetch refused: ${options.hostname} is not a public address`),
        null,
      )
    })) satisfies buildConnector.connector
}

/** Two dispatchers per resolver (one checked, one for allowed hosts), so pooled sockets never mix. */
const dispatchers = new WeakMap<SafeFetchLookup, { guarded: Agent; allowed: Agent }>()
function dispatchersFor(resolve: SafeFetchLookup) {
  let pair = dispatchers.get(resolve)
  if (!pair) {
    pair = {
      guarded: new Agent({ connect: connector(resolve, true) }),
      allowed: new Agent({ connect: connector(resolve, false) }),
    }
    dispatchers.set(resolve, pair)
  }
  return pair
}

/** Refuses a URL before any socket: scheme, credentials, and the host as written. */
function checkUrl(url: URL, allowHosts: ReadonlySet<string>): { allowed: boolean } {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SafeFetchError(
      'FETCH_BLOCKED',
      `fetch refused: only http: and https: URLs, not ${url.protocol}`,
    )
  if (url.username || url.password)
    throw new SafeFetchError('FETCH_BLOCKED', `fetch refused: the URL for ${url.host} carries credentials`)
  if (allowHosts.has(url.host.toLowerCase())) return { allowed: true }
  if (isPrivateHost(url.hostname))
    throw new SafeFetchError('FETCH_BLOCKED', `fetch refused: ${url.host} is a private or local address`)
  return { allowed: false }
}

function parseUrl(input: string | URL, base?: URL): URL {
  try {
    return new URL(input, base)
  } catch {
    throw new SafeFetchError('FETCH_BLOCKED', 'fetch refused: not a valid URL')
  }
}

function findSafeFetchError(err: unknown): SafeFetchError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof SafeFetchError) return e
  return undefined
}

function failureCode(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return 'network error'
}

/** A body that may be sent again after a 307/308 (a stream can be read once). */
const replayable = (body: unknown) =>
  body == null ||
  !(body instanceof ReadableStream || (typeof body === 'object' && Symbol.asyncIterator in body))

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isFinite(v) || v < 0) throw new TypeError(`safeFetch: ${name} must be a number >= 0`)
  return v
}

/**
 * Fetches `url` unless it (or a redirect) leads somewhere private; see the module comment.
 * Throws a SafeFetchError; an abort by the caller's own `signal` rejects with its reason.
 */
export async function safeFetch(input: string | URL, init: SafeFetchInit = {}): Promise<Response> {
  const { allowHosts = [], timeoutMs, maxRedirects, maxBytes, lookup = systemLookup, ...request } = init
  const timeout = nonNegative('timeoutMs', timeoutMs, 30_000)
  const redirects = nonNegative('maxRedirects', maxRedirects, 5)
  const limit = maxBytes === undefined ? undefined : nonNegative('maxBytes', maxBytes, 0)
  const allowed = new Set(allowHosts.map((h) => h.trim().toLowerCase()))
  const { guarded, allowed: open } = dispatchersFor(lookup)

  let url = parseUrl(input)
  let method = (request.method ?? 'GET').toUpperCase()
  let body = request.body ?? null
  const headers = new Headers(request.headers)

  const timer = new AbortController()
  const clock = setTimeout(() => timer.abort(), timeout)
  const signal = request.signal ? AbortSignal.any([request.signal, timer.signal]) : timer.signal
  try {
    for (let hop = 0; ; hop++) {
      const { allowed: isAllowed } = checkUrl(url, allowed)
      let res: Awaited<ReturnType<typeof undiciFetch>>
      try {
        res = await undiciFetch(url, {
          ...request,
          method,
          body,
          headers: [...headers],
          redirect: 'manual',
          signal,
          dispatcher: isAllowed ? open : guarded,
        } as UndiciRequestInit)
      } catch (err) {
        if (request.signal?.aborted) throw request.signal.reason
        if (timer.signal.aborted)
          throw new SafeFetchError('FETCH_TIMEOUT', `${url.host} did not answer within ${timeout} ms`)
        throw (
          findSafeFetchError(err) ??
          new SafeFetchError('FETCH_FAILED', `could not fetch from ${url.host} (${failureCode(err)})`, {
            cause: err,
          })
        )
      }
      const location = res.headers.get('location')
      if (!redirectStatuses.has(res.status) || location === null) return limited(res, url, hop > 0, limit)
      await res.body?.cancel().catch(() => {})
      if (hop >= redirects)
        throw new SafeFetchError(
          'FETCH_TOO_MANY_REDIRECTS',
          `${url.host} redirected more than ${redirects} times`,
        )

      const next = parseUrl(location, url)
      if (next.origin !== url.origin) for (const name of credentialHeaders) headers.delete(name)
      if (res.status === 303 ? method !== 'HEAD' : res.status <= 302 && method === 'POST') {
        method = 'GET'
        body = null
        for (const name of bodyHeaders) headers.delete(name)
      } else if (body !== null && !replayable(body)) {
        throw new SafeFetchError(
          'FETCH_FAILED',
          `${url.host} redirected a streamed body, which cannot be resent`,
        )
      }
      url = next
    }
  } finally {
    clearTimeout(clock)
  }
}

/** The final answer as a standard Response, its body capped at `limit` decoded bytes. */
function limited(
  res: Awaited<ReturnType<typeof undiciFetch>>,
  url: URL,
  redirected: boolean,
  limit: number | undefined,
): Response {
  const tooLarge = () => new SafeFetchError('FETCH_TOO_LARGE', `${url.host} sent more than ${limit} bytes`)
  if (res.status < 200 || res.status > 599) {
    res.body?.cancel().catch(() => {})
    throw new SafeFetchError('FETCH_FAILED', `${url.host} answered with status ${res.status}`)
  }
  const declared = Number(res.headers.get('content-length') ?? Number.NaN)
  if (limit !== undefined && Number.isFinite(declared) && declared > limit) {
    res.body?.cancel().catch(() => {})
    throw tooLarge()
  }
  let body = res.body as ReadableStream<Uint8Array> | null
  if (body && nullBodyStatuses.has(res.status)) {
    body.cancel().catch(() => {})
    body = null
  }
  if (body && limit !== undefined) {
    let seen = 0
    body = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength
          if (seen > limit) controller.error(tooLarge())
          else controller.enqueue(chunk)
        },
      }),
    )
  }
  const out = new Response(body, {
    status: res.status,
    statusText: res.statusText,
    headers: [...res.headers],
  })
  // A constructed Response has no url of its own; callers resolve relative links against it.
  Object.defineProperties(out, { url: { value: url.href }, redirected: { value: redirected } })
  return out
}
