import { createMemoryLogger, GlamError, type MailMessage } from '@glam/core'
import { type MailgunServer, startMailgunServer } from '@glam/testing/mailgun-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMailgunMailer, type MailgunMailerOptions } from './mailgun.ts'
import { parseRetryAfter } from './mailgun-transport.ts'

const message: MailMessage = {
  to: 'Lena Example <lena@example.com>',
  subject: 'Dein Anmeldecode für Glam',
  text: 'Dein Anmeldecode lautet 482913.',
  html: '<p>Dein Anmeldecode lautet <b>482913</b>.</p>',
  tags: ['login-code', 'de'],
  headers: { 'List-Unsubscribe': '<https://glam.example/u/1>', 'X-Glam-Request': 'r-1' },
}

describe('Mailgun adapter against a Mailgun-shaped server', () => {
  let mailgun: MailgunServer
  const log = createMemoryLogger()
  const waits: number[] = []
  const mailer = (options: Partial<MailgunMailerOptions> = {}) =>
    createMailgunMailer({
      apiKey: mailgun.apiKey,
      domain: mailgun.domain,
      from: 'Glam <no-reply@mg.glam.test>',
      baseUrl: mailgun.url,
      logger: log.logger,
      sleep: async (ms) => {
        waits.push(ms)
      },
      ...options,
    })

  beforeAll(async () => {
    mailgun = await startMailgunServer()
  })
  afterEach(() => {
    waits.length = 0
    mailgun.requests.length = 0
  })
  afterAll(async () => {
    // Nothing secret was ever logged by any test in this file.
    const text = log.lines.join('\n')
    for (const secret of [mailgun.apiKey, 'lena@example.com', '482913', 'Anmeldecode']) {
      expect(text).not.toContain(secret)
    }
    await mailgun.stop()
  })

  it('sends what Mailgun expects: multipart fields, tags, h: headers, Basic auth', async () => {
    const { id } = await mailer().send(message)
    expect(id).toMatch(/^<.+@mg\.glam\.test>$/)
    expect(mailgun.requests).toEqual([
      { method: 'POST', path: `/v3/${mailgun.domain}/messages`, status: 200, authorized: true },
    ])
    expect(mailgun.messages.at(-1)).toEqual({
      domain: mailgun.domain,
      from: 'Glam <no-reply@mg.glam.test>',
      to: ['Lena Example <lena@example.com>'],
      subject: message.subject,
      text: message.text,
      html: message.html,
      tags: ['login-code', 'de'],
      headers: { 'List-Unsubscribe': '<https://glam.example/u/1>', 'X-Glam-Request': 'r-1' },
      options: {},
      contentType: expect.stringMatching(/^multipart\/form-data; boundary=/),
      batch: 1,
      id,
    })
  })

  it('sends a batch in one call with recipient-variables: each recipient gets their own copy', async () => {
    const before = mailgun.requests.length
    const seen = mailgun.messages.length
    const { id, skipped } = await mailer().sendBatch!({
      subject: 'News for %recipient.name%',
      text: 'Hello %recipient.name%, leave: https://glam.example/u/%recipient.u%',
      html: '<p>Hello %recipient.name%</p>',
      tags: ['newsletter'],
      headers: { 'List-Unsubscribe': '<https://glam.example/u/%recipient.u%>' },
      recipients: [
        { to: 'ann@example.com', variables: { name: 'Ann', u: 'tok-a' } },
        { to: 'bob@example.com', variables: { name: 'Bob', u: 'tok-b' } },
      ],
    })
    expect(skipped).toEqual([])
    expect(mailgun.requests.length - before).toBe(1)
    const copies = mailgun.messages.slice(seen)
    expect(copies.map((m) => [m.to, m.subject, m.headers['List-Unsubscribe'], m.batch, m.id])).toEqual([
      [['ann@example.com'], 'News for Ann', '<https://glam.example/u/tok-a>', 2, id],
      [['bob@example.com'], 'News for Bob', '<https://glam.example/u/tok-b>', 2, id],
    ])
    expect(copies[1]!.text).toBe('Hello Bob, leave: https://glam.example/u/tok-b')
    expect(copies[0]!.html).toBe('<p>Hello Ann</p>')
  })

  it('refuses an empty batch, one naming an address twice, and a bad address, sending nothing', async () => {
    const before = mailgun.requests.length
    const base = { subject: 's', text: 't' }
    for (const recipients of [
      [],
      [
        { to: 'a@example.com', variables: {} },
        { to: 'A@example.com', variables: {} },
      ],
      [{ to: 'a@example.com, b@example.com', variables: {} }],
    ]) {
      await expect(mailer().sendBatch!({ ...base, recipients })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      })
    }
    expect(mailgun.requests.length).toBe(before)
  })

  it('passes o:testmode when asked', async () => {
    await mailer({ testMode: true }).send({ to: 'a@example.com', subject: 's', text: 't' })
    expect(mailgun.messages.at(-1)!.options).toEqual({ 'o:testmode': ['yes'] })
  })

  it('401 (bad key): no retry, INTERNAL, and the key is nowhere in the error', async () => {
    const wrong = createMailgunMailer({
      apiKey: 'key-wrong-0123456789',
      domain: mailgun.domain,
      from: 'Glam <no-reply@mg.glam.test>',
      baseUrl: mailgun.url,
      logger: log.logger,
    })
    const error = await wrong.send(message).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GlamError)
    expect(error).toMatchObject({ code: 'INTERNAL', status: 500 })
    expect(mailgun.requests).toEqual([expect.objectContaining({ status: 401, authorized: false })])
    expect(JSON.stringify(error) + String(error) + String((error as Error).cause)).not.toContain('key-wrong')
    expect(log.lines.join('\n')).not.toContain('key-wrong')
    expect(await wrong.health()).toMatchObject({ status: 'degraded' })
  })

  it('400 and 404 are not retried', async () => {
    mailgun.failNext(400, 1, {
      body: JSON.stringify({ message: "'to' parameter is not a valid address: x@y" }),
    })
    await expect(mailer().send(message)).rejects.toMatchObject({ code: 'INTERNAL' })
    const unknownDomain = mailer({ domain: 'other.glam.test' })
    await expect(unknownDomain.send(message)).rejects.toMatchObject({ code: 'INTERNAL' })
    expect(mailgun.requests.map((r) => r.status)).toEqual([400, 404])
    expect(waits).toEqual([])
    const failed = log.records().filter((r) => r.event === 'mail.failed' && r.status === 400)
    expect(failed.at(-1)).toMatchObject({ detail: "'to' parameter is not a valid address: [address]" })
  })

  it('429 waits for Retry-After, then succeeds', async () => {
    mailgun.failNext(429, 1, { retryAfter: '2' })
    const { id } = await mailer().send(message)
    expect(id).toEqual(expect.any(String))
    expect(mailgun.requests.map((r) => r.status)).toEqual([429, 200])
    expect(waits).toEqual([2000])
  })

  it('429 that persists ends as RATE_LIMITED with Retry-After; a wait beyond the cap is not taken', async () => {
    mailgun.failNext(429, 3, { retryAfter: '1' })
    const error = await mailer()
      .send(message)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, headers: { 'Retry-After': '1' } })
    expect(mailgun.requests).toHaveLength(3)
    expect(waits).toEqual([1000, 1000])

    waits.length = 0
    mailgun.requests.length = 0
    mailgun.failNext(429, 1, { retryAfter: '120' })
    await expect(mailer().send(message)).rejects.toMatchObject({ headers: { 'Retry-After': '120' } })
    expect(mailgun.requests).toHaveLength(1)
    expect(waits).toEqual([])
  })

  it('5xx is retried with exponential backoff; success on the third attempt', async () => {
    mailgun.failNext(500)
    mailgun.failNext(503)
    await mailer({ backoffMs: 100 }).send(message)
    expect(mailgun.requests.map((r) => r.status)).toEqual([500, 503, 200])
    expect(waits).toHaveLength(2)
    expect(waits[0]).toBeGreaterThanOrEqual(80)
    expect(waits[0]).toBeLessThanOrEqual(120)
    expect(waits[1]).toBeGreaterThanOrEqual(160)
    expect(waits[1]).toBeLessThanOrEqual(240)
    expect(
      log
        .records()
        .filter((r) => r.event === 'mail.retry')
        .slice(-2),
    ).toMatchObject([
      { status: 500, attempt: 1 },
      { status: 503, attempt: 2 },
    ])
  })

  it('5xx that persists ends as SERVICE_UNAVAILABLE after retries + 1 attempts', async () => {
    mailgun.failNext(502, 4)
    await expect(mailer({ retries: 3 }).send(message)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' })
    expect(mailgun.requests.map((r) => r.status)).toEqual([502, 502, 502, 502])
  })

  it('a timeout and a refused connection are SERVICE_UNAVAILABLE, retried', async () => {
    mailgun.delayNext(1000)
    const slow = mailer({ timeoutMs: 200, retries: 1 })
    // The first attempt times out; the second is answered.
    await slow.send(message)
    expect(waits).toHaveLength(1)
    expect(
      log
        .records()
        .filter((r) => r.event === 'mail.retry')
        .at(-1),
    ).toMatchObject({ status: 'timeout' })

    const closed = await startMailgunServer()
    await closed.stop()
    const refused = mailer({ baseUrl: closed.url, retries: 1 })
    await expect(refused.send(message)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 })
    expect(
      log
        .records()
        .filter((r) => r.event === 'mail.failed')
        .at(-1),
    ).toMatchObject({ status: 'network' })
  })

  it('refuses a header-injecting message before anything is sent', async () => {
    await expect(mailer().send({ ...message, subject: 'Hi\r\nBcc: all@example.com' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    await expect(mailer().send({ ...message, to: 'a@example.com, b@example.com' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    expect(mailgun.requests).toEqual([])
  })
})

describe('createMailgunMailer', () => {
  const base = {
    apiKey: 'key-0123456789abcdef',
    domain: 'mg.glam.example',
    from: 'Glam <no-reply@mg.glam.example>',
  }

  it('uses the EU API by default, the US one or any https base URL when told', () => {
    expect(createMailgunMailer(base).endpoint).toBe('https://api.eu.mailgun.net')
    expect(createMailgunMailer({ ...base, region: 'us' }).endpoint).toBe('https://api.mailgun.net')
    expect(createMailgunMailer({ ...base, baseUrl: 'https://mailgun.proxy.example/' }).endpoint).toBe(
      'https://mailgun.proxy.example',
    )
  })

  it.each([
    ['a missing key', { apiKey: '' }],
    ['a bad domain', { domain: 'not a domain' }],
    ['a bad from', { from: 'no-reply' }],
    ['plain http off loopback', { baseUrl: 'http://api.mailgun.net' }],
    ['credentials in the base URL', { baseUrl: 'https://api:key@api.mailgun.net' }],
    ['negative retries', { retries: -1 }],
  ])('refuses %s, without echoing the key', (_, override) => {
    const build = () => createMailgunMailer({ ...base, ...override })
    expect(build).toThrow(TypeError)
    try {
      build()
    } catch (err) {
      expect(String(err)).not.toContain(base.apiKey)
    }
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-06-01T10:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Mon, 01 Jun 2026 10:00:07 GMT', now)).toBe(7000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})
