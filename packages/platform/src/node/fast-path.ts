/**
 * The Node entry's fast path for the hottest route: `GET|HEAD /<slug>` is answered straight on
 * node:http (see ../fast-path.ts for what it shares with the other entries); every other request
 * goes to Hono unchanged.
 *
 * Answers are written together at the end of the event-loop turn in which they became ready
 * (setImmediate runs after the poll phase has handled every socket that was readable), not one
 * by one as each resolves. Each write to a socket wakes whoever waits on the other end; written
 * back to back, the first write wakes the client (or the proxy in front) and the next ones find
 * it awake. Measured with wrk at 50 connections: 14k → 21–23k redirects/s, p99 10–11 → 8.6–9 ms
 * (BENCHMARKS.md "Redirect"). Order on one connection is kept: node:http queues pipelined
 * answers itself, and answers leave in the order they resolved.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Platform } from '@glam/core'
import { answerShortlink, type ResponseParts, shortlinkSlug } from '../fast-path.ts'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

let ready: { res: ServerResponse; answer: ResponseParts; platform: Platform }[] = []

function writeReady() {
  const batch = ready
  ready = []
  for (const { res, answer, platform } of batch) {
    if (res.destroyed) continue // the client left while its answer was being prepared
    try {
      res.writeHead(answer.status, answer.headers)
      res.end(answer.body ?? undefined)
    } catch (error) {
      // One bad answer must not keep the others of the turn from leaving.
      platform.logger.error('redirect.write_failed', { status: answer.status, error })
      res.destroy()
    }
  }
}

export function withRedirectFastPath(platform: Platform, listener: Listener): Listener {
  return (req, res) => {
    const slug = shortlinkSlug(req.method, req.url ?? '')
    if (!slug) return listener(req, res)
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
      ready.push({ res, answer, platform })
      if (ready.length === 1) setImmediate(writeReady)
    })
  }
}
