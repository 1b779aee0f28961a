/**
 * A local server shaped like Mailgun's sending API, for tests of the Mailgun adapter. It checks
 * what Mailgun would check and records what it would receive:
 *
 * - `POST /v3/<domain>/messages`, `multipart/form-data` (or urlencoded), Basic auth
 *   `api:<key>` — otherwise 401 `Forbidden` (Mailgun's plain-text answer);
 * - an unknown domain answers 404 `{"message":"Domain not found: …"}`;
 * - `from`, `to`, `subject` and `text` or `html` are required (400 `{"message": …}`);
 * - `o:tag` may repeat; `h:<Header>` fields become headers;
 * - success is 200 `{"id":"<…@domain>","message":"Queued. Thank you."}`.
 *
 * `failNext(status, times)` makes the next calls answer 401, 429 (with `Retry-After`), 5xx…;
 * `delayNext(ms, times)` holds answers back, for timeouts. Loopback only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedMail {
  domain: string
  from: string
  to: string[]
  subject: string
  text?: string
  html?: string
  tags: string[]
  /** `h:` fields, by header name. */
  headers: Record<string, string>
  /** Every other field (`o:testmode`, `v:…`), as sent. */
  options: Record<string, string[]>
  contentType: string
}

export interface MailgunRequest {
  method: string
  path: string
  status: number
  authorized: boolean
}

export interface MailgunServer {
  /** `http://127.0.0.1:PORT` — the adapter's base URL. */
  url: string
  apiKey: string
  domain: string
  /** Accepted messages, oldest first. */
  messages: ReceivedMail[]
  /** Every request, with the status it got. */
  requests: MailgunRequest[]
  failNext(status: number, times?: number, options?: { retryAfter?: string; body?: string }): void
  delayNext(ms: number, times?: number): void
  stop(): Promise<void>
}

type Failure = { status: number; retryAfter?: string; body?: string }

const failureBody = (status: number) =>
  status === 401
    ? 'Forbidden'
    : JSON.stringify({
        message:
          status === 429 ? 'Too many requests' : status >= 500 ? 'Internal Server Error' : 'Bad request',
      })

export async function startMailgunServer(
  options: { apiKey?: string; domain?: string } = {},
): Promise<MailgunServer> {
  const apiKey = options.apiKey ?? `key-test-${Math.random().toString(36).slice(2)}`
  const domain = options.domain ?? 'mg.glam.test'
  const messages: ReceivedMail[] = []
  const requests: MailgunRequest[] = []
  const failures: Failure[] = []
  const delays: number[] = []
  let sequence = 0

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const expected = `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}`
    const authorized = req.headers.authorization === expected
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? '', path, status, authorized })
      const type = body.startsWith('{') ? 'application/json' : 'text/plain'
      res.writeHead(status, { 'content-type': type, ...headers })
      res.end(body)
    }
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const delay = delays.shift()
    if (delay) await new Promise((r) => setTimeout(r, delay))
    const failure = failures.shift()
    if (failure) {
      const headers: Record<string, string> = failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}
      return answer(failure.status, failure.body ?? failureBody(failure.status), headers)
    }
    const route = /^\/v3\/([^/]+)\/messages$/.exec(path)
    if (req.method !== 'POST' || !route) return answer(404, JSON.stringify({ message: 'Not Found' }))
    if (!authorized) return answer(401, 'Forbidden')
    if (route[1] !== domain) {
      return answer(404, JSON.stringify({ message: `Domain not found: ${route[1]}` }))
    }
    const contentType = req.headers['content-type'] ?? ''
    let form: FormData
    try {
      form = await new Request('http://mailgun.local/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: Buffer.concat(chunks),
      }).formData()
    } catch {
      return answer(400, JSON.stringify({ message: 'Could not parse the form' }))
    }
    const all = (name: string) => form.getAll(name).map(String)
    const one = (name: string) => (form.has(name) ? String(form.get(name)) : undefined)
    for (const required of ['from', 'to', 'subject']) {
      if (!one(required))
        return answer(400, JSON.stringify({ message: `'${required}' parameter is missing` }))
    }
    if (!one('text') && !one('html')) {
      return answer(
        400,
        JSON.stringify({ message: "Need at least one of 'text' or 'html' parameters specified" }),
      )
    }
    const headers: Record<string, string> = {}
    const extra: Record<string, string[]> = {}
    for (const name of new Set(form.keys())) {
      if (name.startsWith('h:')) headers[name.slice(2)] = one(name)!
      else if (!['from', 'to', 'subject', 'text', 'html', 'o:tag'].includes(name)) extra[name] = all(name)
    }
    messages.push({
      domain,
      from: one('from')!,
      to: all('to'),
      subject: one('subject')!,
      text: one('text'),
      html: one('html'),
      tags: all('o:tag'),
      headers,
      options: extra,
      contentType,
    })
    const id = `<20260601100000.${++sequence}.${Math.random().toString(16).slice(2, 10)}@${domain}>`
    answer(200, JSON.stringify({ id, message: 'Queued. Thank you.' }))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    domain,
    messages,
    requests,
    failNext(status, times = 1, opts = {}) {
      for (let i = 0; i < times; i++) failures.push({ status, ...opts })
    },
    delayNext(ms, times = 1) {
      for (let i = 0; i < times; i++) delays.push(ms)
    },
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
