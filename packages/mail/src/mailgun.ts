/**
 * Mail through Mailgun's HTTP API with mailgun.js: `POST /v3/<domain>/messages` as multipart,
 * Basic auth `api:<key>`, EU or US region or any base URL.
 *
 * Failures: 429 and 5xx (and answers that never came) are retried with exponential backoff,
 * a 429 after its `Retry-After`; other 4xx (401 bad key, 400 bad request, 404 unknown domain)
 * are not. What is left becomes a GlamError: RATE_LIMITED (429), SERVICE_UNAVAILABLE (5xx,
 * network, timeout) or INTERNAL (our configuration or request is wrong). The API key, the
 * addresses and the message body never appear in errors or logs.
 */
import { GlamError, type Logger, type Mailer, type PortHealth } from '@glam/core'
import Mailgun from 'mailgun.js'
import type { MailgunMessageData } from 'mailgun.js/definitions'
import { checkBatch, expandBatch } from './batch.ts'
import { createFetchTransport, MailgunHttpError, MailgunNetworkError } from './mailgun-transport.ts'
import { checkMessage, isMailbox } from './message.ts'

export const mailgunRegions = { eu: 'https://api.eu.mailgun.net', us: 'https://api.mailgun.net' } as const

export interface MailgunMailerOptions {
  apiKey: string
  /** The sending domain, e.g. `mg.glam.example`. */
  domain: string
  /** `Glam <no-reply@mg.glam.example>` */
  from: string
  /** Default `eu`. Ignored when `baseUrl` is set. */
  region?: keyof typeof mailgunRegions
  /** Any Mailgun-compatible endpoint; http only on loopback (tests). */
  baseUrl?: string
  /** Retries after the first attempt (default 2). */
  retries?: number
  /** First backoff in ms, doubled per retry, ±20% jitter (default 300). */
  backoffMs?: number
  /** A 429 asking to wait longer than this is not waited for (default 5000). */
  maxRetryAfterMs?: number
  /** Per attempt (default 10000). */
  timeoutMs?: number
  /** Mailgun's `o:testmode`: accepted and logged by Mailgun, not delivered. */
  testMode?: boolean
  logger?: Logger
  /** For tests: how to wait between attempts. */
  sleep?: (ms: number) => Promise<void>
}

export interface MailgunMailer extends Mailer {
  /** The API origin in use (no credentials). */
  readonly endpoint: string
  health(): Promise<PortHealth>
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]'])
const maskAddresses = (s: string) => s.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '[address]')

function checkOptions(options: MailgunMailerOptions) {
  const { apiKey, domain, from } = options
  if (typeof apiKey !== 'string' || !/^[\x21-\x7e]{8,200}$/.test(apiKey)) {
    throw new TypeError('Mailgun mailer: apiKey is missing or malformed')
  }
  if (typeof domain !== 'string' || !/^(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domain)) {
    throw new TypeError('Mailgun mailer: domain must be a domain name such as mg.example.com')
  }
  if (!isMailbox(from)) throw new TypeError('Mailgun mailer: from must be an address, e.g. Glam <no-reply@…>')
  const region = options.region ?? 'eu'
  if (!(region in mailgunRegions)) throw new TypeError('Mailgun mailer: region must be eu or us')
  let url: URL
  try {
    url = new URL(options.baseUrl ?? mailgunRegions[region])
  } catch {
    throw new TypeError('Mailgun mailer: baseUrl is not a URL')
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('Mailgun mailer: baseUrl must be a plain origin and path')
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback.has(url.hostname))) {
    throw new TypeError('Mailgun mailer: baseUrl must be https (http only on loopback)')
  }
  const int = (value: number | undefined, fallback: number, min: number, max: number, name: string) => {
    const v = value ?? fallback
    if (!Number.isInteger(v) || v < min || v > max)
      throw new TypeError(`Mailgun mailer: ${name} out of range`)
    return v
  }
  return {
    endpoint: url.href.replace(/\/$/, ''),
    retries: int(options.retries, 2, 0, 10, 'retries'),
    backoffMs: int(options.backoffMs, 300, 0, 60_000, 'backoffMs'),
    maxRetryAfterMs: int(options.maxRetryAfterMs, 5000, 0, 600_000, 'maxRetryAfterMs'),
    timeoutMs: int(options.timeoutMs, 10_000, 1, 120_000, 'timeoutMs'),
  }
}

type Verdict = { retry: boolean; waitMs?: number; error: GlamError; status: number | string }

export function createMailgunMailer(options: MailgunMailerOptions): MailgunMailer {
  const settings = checkOptions(options)
  const { domain, from, logger } = options
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const client = new Mailgun(globalThis.FormData).client({
    username: 'api',
    key: options.apiKey,
    url: settings.endpoint,
    useFetch: true,
  })
  client.request.requestProvider = createFetchTransport({
    username: 'api',
    key: options.apiKey,
    timeoutMs: settings.timeoutMs,
  })
  let last: { ok: boolean; at: string; status?: number | string } | undefined

  const backoff = (attempt: number) =>
    Math.round(settings.backoffMs * 2 ** attempt * (0.8 + Math.random() * 0.4))

  function judge(err: unknown, attempt: number): Verdict {
    if (err instanceof MailgunNetworkError) {
      return {
        retry: true,
        waitMs: backoff(attempt),
        status: err.kind,
        error: new GlamError(
          'SERVICE_UNAVAILABLE',
          'The mail service could not be reached; try again later.',
          {
            cause: err,
          },
        ),
      }
    }
    if (err instanceof MailgunHttpError && err.status === 429) {
      const asked = err.retryAfterMs
      const seconds = Math.max(1, Math.ceil((asked ?? settings.backoffMs) / 1000))
      const error = new GlamError('RATE_LIMITED', 'The mail service is busy; try again later.', {
        cause: err,
        headers: { 'Retry-After': String(seconds) },
      })
      // A wait longer than allowed is not worth holding the caller for.
      if (asked !== undefined && asked > settings.maxRetryAfterMs) return { retry: false, status: 429, error }
      return { retry: true, waitMs: asked ?? backoff(attempt), status: 429, error }
    }
    if (err instanceof MailgunHttpError && err.status >= 500) {
      return {
        retry: true,
        waitMs: backoff(attempt),
        status: err.status,
        error: new GlamError('SERVICE_UNAVAILABLE', 'The mail service is unavailable; try again later.', {
          cause: err,
        }),
      }
    }
    const status = err instanceof MailgunHttpError ? err.status : 'error'
    return {
      retry: false,
      status,
      error: new GlamError('INTERNAL', 'Mail could not be sent.', { cause: err }),
    }
  }

  async function deliver(
    data: MailgunMessageData,
    tags: string[],
    recipients: number,
  ): Promise<{ id: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        const sent = await client.messages.create(domain, data)
        if (!sent.id) throw new MailgunHttpError(sent.status, undefined, 'answer without an id')
        last = { ok: true, at: new Date().toISOString() }
        logger?.info('mail.sent', {
          adapter: 'mailgun',
          id: sent.id,
          tags: tags,
          attempts: attempt + 1,
          recipients,
        })
        return { id: sent.id }
      } catch (err) {
        const verdict = judge(err, attempt)
        last = { ok: false, at: new Date().toISOString(), status: verdict.status }
        if (verdict.retry && attempt < settings.retries) {
          logger?.warn('mail.retry', {
            adapter: 'mailgun',
            status: verdict.status,
            attempt: attempt + 1,
            waitMs: verdict.waitMs,
          })
          await sleep(verdict.waitMs ?? 0)
          continue
        }
        const detail = err instanceof MailgunHttpError ? maskAddresses(err.detail) : undefined
        const fields = {
          adapter: 'mailgun',
          status: verdict.status,
          attempts: attempt + 1,
          code: verdict.error.code,
          detail,
        }
        if (verdict.error.code === 'INTERNAL') logger?.error('mail.failed', fields)
        else logger?.warn('mail.failed', fields)
        throw verdict.error
      }
    }
  }

  return {
    adapter: 'mailgun',
    endpoint: settings.endpoint,
    async send(message) {
      const m = checkMessage(message)
      const data: MailgunMessageData = { from, to: m.to, subject: m.subject, text: m.text }
      if (m.html !== undefined) data.html = m.html
      if (m.tags.length > 0) data['o:tag'] = m.tags
      for (const [name, value] of Object.entries(m.headers)) data[`h:${name}`] = value
      if (options.testMode) data['o:testmode'] = 'yes'
      return deliver(data, m.tags, 1)
    },
    async sendBatch(batch) {
      checkBatch(batch)
      // The message is checked as the first recipient's copy; every address on its own.
      const [first] = expandBatch({ ...batch, recipients: [batch.recipients[0]!] })
      const m = checkMessage(first!)
      for (const r of batch.recipients) {
        if (!isMailbox(r.to)) {
          throw new GlamError('VALIDATION_FAILED', 'The message cannot be sent.', {
            details: [{ path: 'recipients', message: 'every recipient must be one address' }],
          })
        }
      }
      const data: MailgunMessageData = {
        from,
        to: batch.recipients.map((r) => r.to),
        subject: batch.subject,
        text: batch.text,
        // Each recipient gets a copy of their own, with their values (never the others' addresses).
        'recipient-variables': JSON.stringify(
          Object.fromEntries(batch.recipients.map((r) => [r.to, r.variables])),
        ),
      }
      if (batch.html !== undefined) data.html = batch.html
      if (m.tags.length > 0) data['o:tag'] = m.tags
      for (const [name, value] of Object.entries(batch.headers ?? {})) data[`h:${name}`] = value
      if (options.testMode) data['o:testmode'] = 'yes'
      const { id } = await deliver(data, m.tags, batch.recipients.length)
      return { id, skipped: [] }
    },
    async health() {
      // No call to Mailgun per probe (it costs quota): report how the last send went.
      const where = `Mailgun ${settings.endpoint} for ${domain}`
      if (!last) return { status: 'ok', detail: `${where}; nothing sent yet` }
      return last.ok
        ? { status: 'ok', detail: `${where}; last send ok`, lastSendAt: last.at }
        : { status: 'degraded', detail: `${where}; last send failed (${last.status})`, lastSendAt: last.at }
    },
  }
}
