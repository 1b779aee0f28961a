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
 * - a batch (several `to` with `recipient-variables`) is kept as one message per recipient, its
 *   `%recipient.<name>%` placeholders replaced in subject, text, HTML and headers, as Mailgun
 *   delivers it (`batch` counts the recipients of the call it came in).
 *
 * `failNext(status, times)` makes the next calls answer 401, 429 (with `Retry-After`), 5xx…;
 * `delayNext(ms, times)` holds answers back, for timeouts. `sendEvent(url, event)` posts a
 * webhook the way Mailgun does (JSON, signed with `webhookSigningKey`). Loopback only.
 */

import { createHmac, randomBytes } from 'node:crypto'
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
  /** Recipients of the API call this copy came in (1 for a single message). */
  batch: number
  /** The id the API call was answered with. */
  id: string
}

/** A webhook event as Mailgun posts it (`event-data`); `id` and `timestamp` are filled in. */
export interface MailgunEventInput {
  event: string
  recipient: string
  severity?: 'permanent' | 'temporary'
  reason?: string
  id?: string
  timestamp?: number
  'delivery-status'?: { code?: number; message?: string; description?: string }
  message?: { headers?: { 'message-id'?: string } }
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
  /** The key webhooks are signed with (`MAILGUN_WEBHOOK_SIGNING_KEY` of the platform under test). */
  webhookSigningKey: string
  failNext(status: number, times?: number, options?: { retryAfter?: string; body?: string }): void
  /**
   * Posts an event to `url` as Mailgun would; `signature` overrides parts of the signature
   * (forged, stale or replayed ones). Answers the platform's response.
   */
  sendEvent(
    url: string,
    event: MailgunEventInput,
    signature?: Partial<{ timestamp: string; token: string; signature: string; key: string }>,
  ): Promise<Response>
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
  options: { apiKey?: string; domain?: string; webhookSigningKey?: string } = {},
): Promise<MailgunServer> {
  const webhookSigningKey = options.webhookSigningKey ?? `whsk-test-${randomBytes(12).toString('hex')}`
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
    const id = `<20260601100000.${++sequence}.${Math.random().toString(16).slice(2, 10)}@${domain}>`
    const base = {
      domain,
      from: one('from')!,
      subject: one('subject')!,
      text: one('text'),
      html: one('html'),
      tags: all('o:tag'),
      headers,
      options: extra,
      contentType,
      id,
    }
    const to = all('to')
    const variablesField = one('recipient-variables')
    if (variablesField !== undefined) {
      let variables: Record<string, Record<string, string>>
      try {
        variables = JSON.parse(variablesField)
      } catch {
        return answer(400, JSON.stringify({ message: "'recipient-variables' parameter is not a valid JSON" }))
      }
      if (to.length > 1000) return answer(400, JSON.stringify({ message: 'Too many recipients' }))
      const fill = (text: string | undefined, values: Record<string, string>) =>
        text?.replace(/%recipient\.([A-Za-z0-9_]+)%/g, (_, name: string) => values[name] ?? '')
      for (const address of to) {
        const values = variables[address] ?? {}
        messages.push({
          ...base,
          to: [address],
          subject: fill(base.subject, values)!,
          text: fill(base.text, values),
          html: fill(base.html, values),
          headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, fill(v, values)!])),
          batch: to.length,
        })
      }
    } else {
      messages.push({ ...base, to, batch: 1 })
    }
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
    webhookSigningKey,
    async sendEvent(url, event, signature = {}) {
      const timestamp = signature.timestamp ?? String(Math.floor(Date.now() / 1000))
      const token = signature.token ?? randomBytes(25).toString('hex')
      const mac =
        signature.signature ??
        createHmac('sha256', signature.key ?? webhookSigningKey)
          .update(`${timestamp}${token}`)
          .digest('hex')
      const body = {
        signature: { timestamp, token, signature: mac },
        'event-data': {
          id: event.id ?? randomBytes(11).toString('base64url'),
          timestamp: event.timestamp ?? Date.now() / 1000,
          ...event,
        },
      }
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'mailgun/treq-16.12.0' },
        body: JSON.stringify(body),
      })
    },
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
