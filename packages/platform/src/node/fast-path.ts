/**
 * The Node entry's fast paths for the hottest routes: `GET|HEAD /<slug>` is answered straight on
 * node:http (see ../fast-path.ts for what it shares with the other entries), and so is a public
 * original held in memory (`/a/<sha256>.<ext>`, ../asset-fast-path.ts), and so is a portal page
 * the page cache keeps (../page-fast-path.ts); every other request goes to Hono.
 *
 * Answers are written together at the end of the event-loop turn in which they became ready
 * (setImmediate runs after the poll phase has handled every readable socket), not one by one as
 * each resolves: the fast path's redirects, and Hono's answers that are written whole (one that
 * streams leaves as it is written). Each write to a socket wakes whoever waits on the other end;
 * written back to back, the first write wakes the client (or the proxy in front) and the next
 * ones find it awake. With wrk at 50 connections: redirects 14k → 21–23k/s, p99 10–11 → 8.6–9 ms;
 * /healthz 20–22k → 29–33k/s (BENCHMARKS.md). Order on one connection is kept: node:http queues
 * pipelined answers itself, and answers leave in the order they resolved.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { GlamError, type Platform } from '@glam/core'
import { requestIdFor } from '../app.ts'
import { heldOriginal, heldVariantAnswer } from '../asset-fast-path.ts'
import { answerShortlink, errorParts, shortlinkSlug } from '../fast-path.ts'
import { heldPageAnswer } from '../page-fast-path.ts'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

interface Ready {
  res: ServerResponse
  send(): void
  platform: Platform
  /** The answer's request id, for the 500 that replaces an answer that cannot be written. */
  requestId(): string | undefined
}
let ready: Ready[] = []

function writeReady() {
  const batch = ready
  ready = []
  for (const entry of batch) {
    if (entry.res.destroyed) continue // the client left while its answer was being prepared
    try {
      entry.send()
    } catch (error) {
      // One bad answer must not keep the others of the turn from leaving.
      writeFailed(entry, error)
    }
  }
}

/**
 * An answer node:http refused to write (a header value it rejects, ERR_INVALID_CHAR): the
 * request answers a logged 500 INTERNAL instead, never an empty reply. node:http validates
 * the whole head before it sends any of it, so nothing has left yet; if something has, the
 * connection is closed.
 */
function writeFailed({ res, platform, requestId }: Ready, error: unknown) {
  const id = requestIdFor(requestId())
  platform.logger.error('response.write_failed', { requestId: id, error })
  if (res.headersSent) {
    res.destroy()
    return
  }
  try {
    for (const name of res.getHeaderNames()) res.removeHeader(name)
    const failed = errorParts(new GlamError('INTERNAL'), id, res.req?.method === 'HEAD')
    const body = failed.body ?? ''
    res.writeHead(failed.status, { ...failed.headers, 'Content-Length': String(Buffer.byteLength(body)) })
    res.end(failed.body ?? undefined)
  } catch {
    res.destroy()
  }
}

/** The request id in the arguments of `writeHead(status, [message], headers)`, or set on `res`. */
function requestIdOf(res: ServerResponse, head: unknown[]): string | undefined {
  const headers = head.find((a) => a !== null && typeof a === 'object') as
    | OutgoingHttpHeaders
    | readonly unknown[]
    | undefined
  if (Array.isArray(headers)) {
    // Flat [name, value, name, value, …] or [[name, value], …].
    for (let i = 0; i < headers.length; i++) {
      const item = headers[i]
      if (Array.isArray(item) && String(item[0]).toLowerCase() === 'x-request-id') return String(item[1])
      if (typeof item === 'string' && item.toLowerCase() === 'x-request-id') return String(headers[i + 1])
    }
  } else if (headers) {
    for (const [name, value] of Object.entries(headers))
      if (name.toLowerCase() === 'x-request-id' && value !== undefined) return String(value)
  }
  const set = res.getHeader('x-request-id')
  return set === undefined ? undefined : String(set)
}

function atEndOfTurn(entry: Ready) {
  ready.push(entry)
  if (ready.length === 1) setImmediate(writeReady)
}

/**
 * For Hono's answers: one written whole (`writeHead`, then `end` with the body) leaves with the
 * others of its turn; as soon as anything is streamed (`write`), the answer goes out as written.
 */
function deferWholeAnswer(platform: Platform, res: ServerResponse) {
  const { writeHead, write, end, flushHeaders } = res
  let head: unknown[] | undefined
  const restore = () => {
    res.writeHead = writeHead
    res.write = write
    res.end = end
    res.flushHeaders = flushHeaders
  }
  // Streaming starts: the head goes out now, and everything after it as written.
  const now =
    <A extends unknown[], R>(original: (...args: A) => R) =>
    (...args: A): R => {
      restore()
      if (head) writeHead.apply(res, head as never)
      return original.apply(res, args)
    }
  res.writeHead = ((...args: unknown[]) => {
    head = args
    return res
  }) as never
  res.write = now(write) as never
  res.flushHeaders = now(flushHeaders)
  res.end = ((...args: unknown[]) => {
    restore()
    if (!head) return end.apply(res, args as never)
    const status = head
    atEndOfTurn({
      res,
      platform,
      send: () => {
        writeHead.apply(res, status as never)
        end.apply(res, args as never)
      },
      requestId: () => requestIdOf(res, status),
    })
    return res
  }) as never
}

/** A request header as one string (repeated ones joined), as the fast paths read them. */
const headerOf = (req: IncomingMessage) => (name: string) => {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/** Writes ready parts with the others of this turn. */
function sendAtEndOfTurn(
  platform: Platform,
  res: ServerResponse,
  parts: { status: number; headers: OutgoingHttpHeaders; body: string | Uint8Array | null },
  requestId: string | undefined,
) {
  atEndOfTurn({
    res,
    platform,
    send: () => {
      res.writeHead(parts.status, parts.headers)
      res.end(parts.body ?? undefined)
    },
    requestId: () => requestId,
  })
}

/**
 * A held public original or warm preset variant (asset-fast-path.ts), written with the others of
 * its turn; false for a miss.
 */
function answerHeldOriginal(platform: Platform, req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? ''
  const original = url.startsWith('/a/')
  if (!original && !url.startsWith('/i/')) return false
  const header = headerOf(req)
  const parts = original
    ? heldOriginal(platform, req.method, url, header)
    : heldVariantAnswer(platform, req.method, url, header)
  if (!parts) return false
  sendAtEndOfTurn(platform, res, parts, parts.headers['X-Request-Id'])
  return true
}

/** A kept portal page (../page-fast-path.ts), written with the others of its turn; false for a miss. */
function answerKeptPage(platform: Platform, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET') return false
  const header = headerOf(req)
  let url: string
  try {
    // The URL Hono's node server builds (and keys the page cache by).
    url = new URL(
      `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${header('host') ?? 'localhost'}${req.url ?? '/'}`,
    ).href
  } catch {
    return false
  }
  const parts = heldPageAnswer(platform, req.method, url, header)
  if (!parts) return false
  sendAtEndOfTurn(platform, res, parts, parts.headers['x-request-id'])
  return true
}

export function withRedirectFastPath(platform: Platform, listener: Listener): Listener {
  return (req, res) => {
    if (answerHeldOriginal(platform, req, res)) return
    const slug = shortlinkSlug(req.method, req.url ?? '')
    if (!slug) {
      // Not a shortlink (the clicks' path pays nothing for this): a kept page, else Hono.
      if (answerKeptPage(platform, req, res)) return
      deferWholeAnswer(platform, res)
      return listener(req, res)
    }
    const header = headerOf(req)
    const url = req.url ?? '/'
    void answerShortlink(platform, {
      slug,
      method: req.method!,
      url: url.includes('?') ? `http://${header('host') ?? 'localhost'}${url}` : url,
      header,
      peer: req.socket.remoteAddress,
    }).then((answer) => {
      if (answer.body !== null) answer.headers['Content-Length'] = String(Buffer.byteLength(answer.body))
      sendAtEndOfTurn(platform, res, answer, answer.headers['X-Request-Id'])
    })
  }
}
