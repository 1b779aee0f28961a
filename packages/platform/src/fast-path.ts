/**
 * The shortlink fast path, shared by every entry: `GET|HEAD /<slug>` answered from the same
 * resolver as the Hono route (resolveRedirect) without routing, a Hono context or middleware,
 * with the same request id, headers, error bodies and access log. Node writes the parts on
 * node:http (node/fast-path.ts); Deno and workerd build a Response from them (below).
 */
import { baseSecurityHeaders, GlamError, isReservedSegment, type Platform } from '@glam/core'
import {
  type RedirectRequest,
  type RedirectResult,
  redirectHeaders,
  redirectPageHeaders,
  resolveRedirect,
} from '@glam/redirect'
import { requestIdFor } from './app.ts'

const slugPath = /^\/([A-Za-z0-9_-]{1,64})(?:\?|$)/

/** The slug of a shortlink request (path and query), or null when Hono should answer. */
export function shortlinkSlug(method: string | undefined, pathAndQuery: string): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null
  const match = slugPath.exec(pathAndQuery)
  return match && !isReservedSegment(match[1]!) ? match[1]! : null
}

export interface ResponseParts {
  status: number
  headers: Record<string, string>
  body: string | null
}

function parts(result: RedirectResult, requestId: string, head: boolean): ResponseParts {
  if (result.kind === 'redirect') {
    // A literal, not a spread of redirectHeaders: this object is built for every click.
    return {
      status: result.status,
      headers: {
        'Cache-Control': redirectHeaders['Cache-Control'],
        'X-Robots-Tag': redirectHeaders['X-Robots-Tag'],
        Location: result.location,
        'Content-Length': '0',
        'X-Content-Type-Options': 'nosniff',
        'X-Request-Id': requestId,
      },
      body: null,
    }
  }
  if (result.kind === 'page') {
    return {
      status: result.status,
      headers: {
        ...redirectPageHeaders,
        'Content-Type': 'text/html; charset=UTF-8',
        'X-Request-Id': requestId,
      },
      body: head ? null : result.html,
    }
  }
  return errorParts(result.error, requestId, head)
}

/** The JSON error answer (also what the Node writer falls back to when an answer cannot be written). */
export function errorParts(error: GlamError, requestId: string, head: boolean): ResponseParts {
  return {
    status: error.status,
    headers: {
      ...error.headers,
      ...baseSecurityHeaders,
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'X-Request-Id': requestId,
    },
    body: head ? null : JSON.stringify(error.toBody(requestId)),
  }
}

/** Resolves a shortlink request to the parts of its answer, logging it like the Hono middleware. */
export async function answerShortlink(platform: Platform, request: RedirectRequest): Promise<ResponseParts> {
  const log = platform.logger
  const started = log.enabled('info') ? performance.now() : 0
  const requestId = requestIdFor(request.header('x-request-id'))
  const head = request.method === 'HEAD'
  let answer: ResponseParts
  try {
    answer = parts(await resolveRedirect(platform, request), requestId, head)
  } catch (error) {
    log.error('request.failed', { requestId, method: request.method, path: `/${request.slug}`, error })
    answer = errorParts(new GlamError('INTERNAL'), requestId, head)
  }
  if (started) {
    const ms = Math.round((performance.now() - started) * 10) / 10
    log
      .child({ requestId })
      .info('request', { method: request.method, path: `/${request.slug}`, status: answer.status, ms })
  }
  return answer
}

/**
 * For fetch-style entries (Deno, workerd): the shortlink answer, or null to let Hono answer.
 * `peer` is the socket address where the runtime tells it (Deno); workerd has Cloudflare's header.
 */
export async function shortlinkResponse(
  platform: Platform,
  request: Request,
  peer?: string,
): Promise<Response | null> {
  const url = request.url
  const slug = shortlinkSlug(request.method, url.slice(url.indexOf('/', url.indexOf('//') + 2)))
  if (!slug) return null
  const answer = await answerShortlink(platform, {
    slug,
    method: request.method,
    url,
    header: (name) => request.headers.get(name) ?? undefined,
    peer,
  })
  try {
    return new Response(answer.body, { status: answer.status, headers: answer.headers })
  } catch (error) {
    // A header the runtime refuses (resolveRedirect writes only checked ones): a logged 500.
    const requestId = answer.headers['X-Request-Id']!
    platform.logger.error('response.write_failed', { requestId, path: `/${slug}`, error })
    const failed = errorParts(new GlamError('INTERNAL'), requestId, request.method === 'HEAD')
    return new Response(failed.body, { status: failed.status, headers: failed.headers })
  }
}
