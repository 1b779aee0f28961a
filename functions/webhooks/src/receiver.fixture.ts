/**
 * A real webhook receiver for tests: node:http on 127.0.0.1 (a free port), verifying each
 * request's signature with the documented recipe (HMAC-SHA256 of "<timestamp>.<raw body>", as
 * the pixel's `signBody`), answering the statuses queued with `answer()` and 200 after them.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { timingSafeEqual } from '@glam/core'
import { signBody } from '@glam/pixel/signature'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  json: { id: string; type: string; createdAt: string; data: Record<string, unknown> }
  /** The signature matched the secret the test registered for the endpoint. */
  verified: boolean
  path: string
}

export async function startReceiver() {
  const received: Received[] = []
  const queued: number[] = []
  const secrets = new Map<string, string>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const stamp = Number(req.headers['x-glam-timestamp'])
      const secret = secrets.get(req.url ?? '') ?? ''
      const expected = await signBody(secret, stamp, body)
      const verified = timingSafeEqual(String(req.headers['x-glam-signature'] ?? ''), expected)
      received.push({ headers: req.headers, body, json: JSON.parse(body), verified, path: req.url ?? '' })
      const status = queued.shift() ?? 200
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(status < 300 ? 'ok' : 'nope'.repeat(10_000))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    host,
    url: (path: string) => `http://${host}${path}`,
    received,
    /** The secret deliveries to `path` are signed with (from the registration answer). */
    expect(path: string, secret: string) {
      secrets.set(path, secret)
    },
    /** Statuses for the next requests, in order. */
    answer(...statuses: number[]) {
      queued.push(...statuses)
    },
    for: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
