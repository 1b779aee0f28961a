/**
 * The Node entry's fast path for the hottest route: `GET|HEAD /<slug>` is answered straight on
 * node:http, without building a Request, a Hono context and a Response per click. It runs the same
 * shortlink logic as the Hono route (resolveRedirect), with the same request id, headers, error
 * bodies and access log; every other request goes to Hono unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { GlamError, isReservedSegment, type Platform } from '@glam/core'
import { redirectHeaders, resolveRedirect } from '@glam/redirect'
import { requestIdFor } from '../app.ts'

type Listener = (req: IncomingMessage, res: ServerResponse) => void
const slugPath = /^\/([A-Za-z0-9_-]{1,64})(?:\?|$)/

export function withRedirectFastPath(platform: Platform, listener: Listener): Listener {
  const accessLog = platform.logger.enabled('info')
  return (req, res) => {
    const method = req.method
    const match = method === 'GET' || method === 'HEAD' ? slugPath.exec(req.url ?? '') : null
    if (!match || isReservedSegment(match[1]!)) return listener(req, res)
    void serve(platform, match[1]!, req, res, accessLog)
  }
}

async function serve(
  platform: Platform,
  slug: string,
  req: IncomingMessage,
  res: ServerResponse,
  accessLog: boolean,
) {
  const started = accessLog ? performance.now() : 0
  const headers = req.headers
  const header = (name: string) => {
    const value = headers[name]
    return Array.isArray(value) ? value.join(', ') : value
  }
  const requestId = requestIdFor(header('x-request-id'))
  const url = req.url ?? '/'
  let status = 500
  try {
    const result = await resolveRedirect(platform, {
      slug,
      method: req.method!,
      url: url.includes('?') ? `http://${header('host') ?? 'localhost'}${url}` : url,
      header,
    })
    if (result.kind === 'redirect') {
      status = result.status
      res.writeHead(status, {
        ...redirectHeaders,
        Location: result.location,
        'Content-Length': '0',
        'X-Request-Id': requestId,
      })
      res.end()
    } else if (result.kind === 'page') {
      status = result.status
      const body = Buffer.from(result.html)
      res.writeHead(status, {
        ...redirectHeaders,
        'Content-Type': 'text/html; charset=UTF-8',
        'Content-Length': String(body.length),
        'X-Request-Id': requestId,
      })
      res.end(req.method === 'HEAD' ? undefined : body)
    } else {
      status = writeError(res, result.error, requestId, req.method === 'HEAD')
    }
  } catch (error) {
    platform.logger.error('request.failed', { requestId, method: req.method, path: `/${slug}`, error })
    status = writeError(res, new GlamError('INTERNAL'), requestId, req.method === 'HEAD')
  }
  if (accessLog) {
    const ms = Math.round((performance.now() - started) * 10) / 10
    platform.logger.child({ requestId }).info('request', { method: req.method, path: `/${slug}`, status, ms })
  }
}

function writeError(res: ServerResponse, error: GlamError, requestId: string, head: boolean): number {
  const body = Buffer.from(JSON.stringify(error.toBody(requestId)))
  res.writeHead(error.status, {
    ...error.headers,
    'Content-Type': 'application/json',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'X-Request-Id': requestId,
  })
  res.end(head ? undefined : body)
  return error.status
}
