import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { errorCatalogue, GlamError } from './errors.ts'
import { type AppEnv, handleError, handleNotFound, toGlamError, wantsHtml } from './http.ts'

const app = () => {
  const a = new Hono<AppEnv>()
  a.onError(handleError)
  a.notFound(handleNotFound)
  return a
}

describe('errors', () => {
  it('every catalogue code is UPPER_SNAKE with a 4xx/5xx status and a message', () => {
    for (const [code, { status, message }] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/)
      expect(status).toBeGreaterThanOrEqual(400)
      expect(message.length).toBeGreaterThan(5)
    }
  })

  it('a GlamError answers with its status, code, message, details and extra headers', async () => {
    const res = await app()
      .get('/x', () => {
        throw new GlamError('RATE_LIMITED', 'Slow down.', {
          details: { retryAfter: 3 },
          headers: { 'Retry-After': '3' },
        })
      })
      .request('/x')
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('3')
    expect(await res.json()).toEqual({
      error: { code: 'RATE_LIMITED', message: 'Slow down.', details: { retryAfter: 3 } },
    })
  })

  it('maps HTTPExceptions from Hono middleware onto the catalogue', () => {
    expect(toGlamError(new HTTPException(400, { message: 'Malformed JSON in request body' })).code).toBe(
      'MALFORMED_JSON',
    )
    expect(toGlamError(new HTTPException(401)).code).toBe('UNAUTHORIZED')
    expect(toGlamError(new HTTPException(413)).code).toBe('PAYLOAD_TOO_LARGE')
    expect(toGlamError(new HTTPException(502)).code).toBe('INTERNAL')
    expect(toGlamError(new TypeError('x')).code).toBe('INTERNAL')
  })

  it('chooses HTML only when a browser prefers it', () => {
    const ctx = (accept?: string) => ({ req: { header: () => accept } }) as never
    expect(wantsHtml(ctx('text/html,application/xhtml+xml,*/*;q=0.8'))).toBe(true)
    expect(wantsHtml(ctx('application/json, text/html'))).toBe(false)
    expect(wantsHtml(ctx('*/*'))).toBe(false)
    expect(wantsHtml(ctx(undefined))).toBe(false)
  })

  it('answers unknown routes 404 NOT_FOUND', async () => {
    const res = await app().request('/missing', { method: 'DELETE' })
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'Nothing lives at DELETE /missing.' },
    })
  })
})
