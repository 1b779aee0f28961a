/**
 * The Node entry's fast path for the hottest route: `GET|HEAD /<slug>` is answered straight on
 * node:http (see ../fast-path.ts for what it shares with the other entries); every other request
 * goes to Hono.
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
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Platform } from '@glam/core'
import { answerShortlink, shortlinkSlug } from '../fast-path.ts'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

interface Ready {
  res: ServerResponse
  send(): void
  platform: Platform
}
let ready: Ready[] = []

function writeReady() {
  const batch = ready
  ready = []
  for (const { res, send, platform } of batch) {
    if (res.destroyed) continue // the client left while its answer was being prepared
    try {
      send()
    } catch (error) {
      // One bad answer must not keep the others of the turn from leaving.
      platform.logger.error('response.write_failed', { error })
      res.destroy()
    }
  }
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
    })
    return res
  }) as never
}

export function withRedirectFastPath(platform: Platform, listener: Listener): Listener {
  return (req, res) => {
    const slug = shortlinkSlug(req.method, req.url ?? '')
    if (!slug) {
      deferWholeAnswer(platform, res)
      return listener(req, res)
    }
    const headers = req.headers
    const header = (name: string) => {
      const value = headers[name]
      return Array.isArray(value) ? value.join(', ') : value
    }
    const url = req.url ?? '/'
    void answerShortlink(platform, {
      slug,
      method: req.method!,
      url: url.includes('?') ? `http://${header('host') ?? 'localhost'}${url}` : url,
      header,
    }).then((answer) => {
      if (answer.body !== null) answer.headers['Content-Length'] = String(Buffer.byteLength(answer.body))
      atEndOfTurn({
        res,
        platform,
        send: () => {
          res.writeHead(answer.status, answer.headers)
          res.end(answer.body ?? undefined)
        },
      })
    })
  }
}
