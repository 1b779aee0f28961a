// The mail port's contract, run on every adapter: the outbox and Mailgun (against the local
// Mailgun-shaped server). Each subject says what was delivered, as the adapter saw it.
import { createMemoryLogger, type Mailer, type MailMessage } from '@glam/core'
import { type MailgunServer, startMailgunServer } from '@glam/testing/mailgun-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailgunMailer } from './mailgun.ts'
import { createOutboxMailer } from './outbox.ts'

interface Delivered {
  to: string
  subject: string
  text?: string
  html?: string
  tags: string[]
  headers: Record<string, string>
}
interface Subject {
  mailer: Mailer
  delivered(): Delivered[]
}

let mailgun: MailgunServer
beforeAll(async () => {
  mailgun = await startMailgunServer()
})
afterAll(() => mailgun.stop())

const subjects: Record<string, () => Subject> = {
  outbox: () => {
    const mailer = createOutboxMailer()
    return {
      mailer,
      delivered: () => mailer.outbox.map((m) => ({ ...m, tags: m.tags ?? [], headers: m.headers ?? {} })),
    }
  },
  mailgun: () => {
    const start = mailgun.messages.length
    return {
      mailer: createMailgunMailer({
        apiKey: mailgun.apiKey,
        domain: mailgun.domain,
        from: 'Glam <no-reply@mg.glam.test>',
        baseUrl: mailgun.url,
      }),
      // multipart/form-data turns line breaks into CRLF on the wire (as the HTML spec says).
      delivered: () =>
        mailgun.messages.slice(start).map((m) => ({
          ...m,
          to: m.to.join(', '),
          text: m.text?.replace(/\r\n/g, '\n'),
          html: m.html?.replace(/\r\n/g, '\n'),
        })),
    }
  },
}

const message: MailMessage = {
  to: 'lena@example.com',
  subject: 'Grüße aus <Glam> & Co.',
  text: 'Hallo Lena,\nbis bald.',
  html: '<p>Hallo Lena,<br>bis bald.</p>',
  tags: ['contract'],
  headers: { 'List-Unsubscribe': '<mailto:unsubscribe@glam.example>' },
}

describe.each(Object.keys(subjects))('mailer contract: %s', (name) => {
  it('delivers text, html, tags and headers as given, and answers an id', async () => {
    const { mailer, delivered } = subjects[name]!()
    const { id } = await mailer.send(message)
    expect(id).toEqual(expect.any(String))
    expect(id.length).toBeGreaterThan(0)
    expect(delivered()).toEqual([
      expect.objectContaining({
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        tags: ['contract'],
        headers: message.headers,
      }),
    ])
  })

  it('sends a text-only message', async () => {
    const { mailer, delivered } = subjects[name]!()
    await mailer.send({ to: 'Lena <lena@example.com>', subject: 'Nur Text', text: 'Hallo' })
    expect(delivered()).toEqual([expect.objectContaining({ subject: 'Nur Text', text: 'Hallo', tags: [] })])
  })

  it.each([
    ['two recipients', { to: 'a@example.com, b@example.com' }],
    ['a recipient with a line break', { to: 'a@example.com\r\nBcc: b@example.com' }],
    ['a subject with a line break', { subject: 'Hi\nBcc: b@example.com' }],
    ['a header value with a line break', { headers: { 'X-Note': 'a\r\nBcc: b@example.com' } }],
    ['a reserved header', { headers: { Bcc: 'b@example.com' } }],
    ['a Reply-To with two addresses', { headers: { 'Reply-To': 'a@example.com, b@example.com' } }],
    ['more than three tags', { tags: ['a', 'b', 'c', 'd'] }],
    ['an empty text', { text: ' ' }],
  ])('refuses %s with VALIDATION_FAILED and sends nothing', async (_, change) => {
    const { mailer, delivered } = subjects[name]!()
    await expect(mailer.send({ ...message, ...change } as MailMessage)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
    })
    expect(delivered()).toEqual([])
  })

  it('names its adapter and reports health', async () => {
    const { mailer } = subjects[name]!()
    expect(mailer.adapter).toBe(name)
    expect(await mailer.health?.()).toMatchObject({ status: 'ok' })
  })
})

describe('outbox mailer', () => {
  it('keeps the newest messages up to its bound and lists them newest first', async () => {
    let t = Date.parse('2026-06-01T10:00:00Z')
    const tick = () => {
      t += 1000
      return new Date(t)
    }
    const mailer = createOutboxMailer({ keep: 3, now: tick })
    for (let i = 1; i <= 5; i++) await mailer.send({ ...message, subject: `Nr. ${i}` })
    expect(mailer.outbox.map((m) => m.subject)).toEqual(['Nr. 3', 'Nr. 4', 'Nr. 5'])
    expect(mailer.list().map((m) => m.subject)).toEqual(['Nr. 5', 'Nr. 4', 'Nr. 3'])
    expect(mailer.list(1).map((m) => m.sentAt)).toEqual(['2026-06-01T10:00:05.000Z'])
    expect(mailer.list(0)).toEqual([])
    mailer.clear()
    expect(await mailer.health()).toMatchObject({ messages: 0 })
  })

  it('logs one line per message: id and tags, no address, subject or body', async () => {
    const { logger, lines, records } = createMemoryLogger()
    const mailer = createOutboxMailer({ logger })
    const { id } = await mailer.send(message)
    expect(records()).toEqual([expect.objectContaining({ event: 'mail.outbox', id, tags: ['contract'] })])
    for (const secret of ['lena@example.com', 'Grüße', 'Hallo Lena', 'bis bald']) {
      expect(lines.join('\n')).not.toContain(secret)
    }
  })
})
