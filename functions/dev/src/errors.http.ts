// The error contract, over HTTP, on every runtime: JSON errors with codes, HTML for
// browsers, 404s, bad bodies refused, internals never leaked.
import { Readable } from 'node:stream'
import { expectError as expectJsonError } from '@glam/testing/expect-error'
import { rawRequest } from '@glam/testing/raw-request'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

/** The shared checks, and what every error answer carries besides: a message and the request id. */
const expectError = async (res: Response, status: number, code: string) => {
  const body = await expectJsonError(res, status, code)
  expect(body.error.message).toEqual(expect.any(String))
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'))
  return body
}

const json = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
})

export const errorsSuite = defineHttpSuite({
  name: 'errors',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'an unknown route answers 404 NOT_FOUND as JSON',
      async run(t) {
        await expectError(await t.fetch('/api/nothing-here'), 404, 'NOT_FOUND')
      },
    },
    {
      name: 'a browser gets the 404 as an escaped HTML page',
      async run(t) {
        const res = await t.fetch('/nothing/%3Cscript%3E', {
          headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
        })
        expect(res.status).toBe(404)
        expect(res.headers.get('content-type')).toMatch(/^text\/html/)
        const page = await res.text()
        expect(page).toContain('NOT_FOUND')
        expect(page).not.toContain('<script>')
      },
    },
    {
      name: 'an unhandled exception answers a generic 500 without internals',
      async run(t) {
        const res = await t.fetch('/dev/crash')
        const text = await res.clone().text()
        await expectError(res, 500, 'INTERNAL')
        expect(text).not.toMatch(/hunter2|internal detail|stack|\.ts/)
      },
    },
    {
      name: 'a valid JSON body is accepted',
      async run(t) {
        const res = await t.fetch('/dev/echo', json('{"message":"hello","tags":["a"]}'))
        expect(res.status).toBe(200)
        expect(await res.json()).toMatchObject({ echo: { message: 'hello', tags: ['a'] } })
      },
    },
    {
      name: 'malformed JSON answers 400 MALFORMED_JSON',
      async run(t) {
        await expectError(
          await t.fetch('/dev/echo', json('{"message": "unterminated')),
          400,
          'MALFORMED_JSON',
        )
      },
    },
    {
      name: 'a body that is not JSON answers 415 UNSUPPORTED_MEDIA_TYPE',
      async run(t) {
        const res = await t.fetch('/dev/echo', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'hello',
        })
        await expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE')
      },
    },
    {
      name: 'invalid and unknown fields answer 400 VALIDATION_FAILED with details per field',
      async run(t) {
        const body = await expectError(
          await t.fetch('/dev/echo', json('{"message":"","admin":true}')),
          400,
          'VALIDATION_FAILED',
        )
        const paths = (body.error.details as { path: string }[]).map((d) => d.path)
        expect(paths).toContain('message')
        expect(JSON.stringify(body.error.details)).toContain('admin')
      },
    },
    {
      name: 'an oversized body with Content-Length answers 413 PAYLOAD_TOO_LARGE',
      async run(t) {
        const big = Buffer.from(JSON.stringify({ message: 'x', tags: ['y'.repeat(2 * 1024 * 1024)] }))
        const res = await rawRequest(`${t.url}/dev/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(big.byteLength) },
          body: big,
        })
        expect(res.status).toBe(413)
        expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
      },
    },
    {
      name: 'an oversized chunked body (no Content-Length) is refused while streaming',
      async run(t) {
        // 1.25 MB against the 1 MB limit: enough to cross it while streaming, small enough that the
        // server's bounded drain (500 ms) reads the rest even on a loaded machine, so the client is
        // not reset before it reads the 413 (a reset drops unread data on Linux).
        const chunk = Buffer.alloc(64 * 1024, 0x20)
        let sent = 0
        const body = new Readable({
          read() {
            sent += chunk.byteLength
            this.push(sent > 1.25 * 1024 * 1024 ? null : chunk)
          },
        })
        const res = await rawRequest(`${t.url}/dev/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          body,
        })
        expect(res.status).toBe(413)
        expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
      },
    },
    {
      name: 'catalogue errors keep their status and code',
      async run(t) {
        await expectError(await t.fetch('/dev/errors/rate_limited'), 429, 'RATE_LIMITED')
        await expectError(await t.fetch('/dev/errors/forbidden'), 403, 'FORBIDDEN')
        await expectError(await t.fetch('/dev/errors/service_unavailable'), 503, 'SERVICE_UNAVAILABLE')
      },
    },
  ],
})
