// HTTP suite of the newsletter and Mailgun webhooks, run on Node, workerd (D1) and Deno by the
// conformance harness: a sign-up's confirmation reaches the development outbox and confirms,
// the welcome mail carries one-click unsubscribe that a bare POST does, and webhooks are
// verified the same way everywhere (WebCrypto HMAC on every runtime).
import { createHmac } from 'node:crypto'
import { expectError } from '@glam/testing/expect-error'
import { allRuntimes, defineHttpSuite, type HttpTarget } from '@glam/testing/suite'
import { expect } from 'vitest'

/** The signing key the harness's servers run with (runtimes.ts). */
export const conformanceWebhookKey = 'whsk-conformance-test-key-0001'

type Kept = {
  to: string
  subject: string
  text: string
  tags: string[]
  headers: Record<string, string>
  sentAt: string
}

async function mailFor(t: HttpTarget, to: string, tag: string): Promise<Kept> {
  for (let i = 0; i < 100; i++) {
    const { messages } = (await (await t.fetch('/dev/mailbox/messages.json?limit=50')).json()) as {
      messages: Kept[]
    }
    const mail = messages.find((m) => m.to === to && m.tags.includes(tag))
    if (mail) return mail
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`no ${tag} mail for ${to} in the mailbox`)
}

/** A link of a mail as a path on the server under test (mails carry GLAM_PUBLIC_URL's origin). */
const onTarget = (link: string) => {
  const url = new URL(link)
  return `${url.pathname}${url.search}`
}
const linkIn = (mail: Kept, path: string) => {
  const found = mail.text.match(new RegExp(`https?://[^\\s/]+${path}[^\\s)]+`))
  if (!found) throw new Error(`no ${path} link in the mail`)
  return found[0]
}

const signed = (timestamp: string, token: string, key = conformanceWebhookKey) =>
  createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex')

export const newsletterSuite = defineHttpSuite({
  name: 'newsletter',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'a sign-up is confirmed through the mailed link; the welcome mail unsubscribes by a bare POST',
      async run(t) {
        const to = `reader.${t.runtime}@example.com`
        const res = await t.fetch('/api/newsletter/subscribe', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: to, list: 'news-de' }),
        })
        expect(res.status).toBe(202)
        const confirmation = await mailFor(t, to, 'double-opt-in')
        expect(confirmation.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
        const confirmed = await t.fetch(onTarget(linkIn(confirmation, '/n/confirm')))
        expect(confirmed.status).toBe(200)
        expect(confirmed.headers.get('cache-control')).toBe('no-store')
        const welcome = await mailFor(t, to, 'welcome')
        const unsubscribe = onTarget(welcome.headers['List-Unsubscribe']!.slice(1, -1))
        const done = await t.fetch(unsubscribe, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        })
        expect(done.status).toBe(200)
        expect(await done.text()).toContain('Abgemeldet')
      },
    },
    {
      name: 'Mailgun webhooks: a signed permanent failure is taken, forged and replayed ones are 401',
      async run(t) {
        const timestamp = String(Math.floor(Date.now() / 1000))
        const token = `tok-${t.runtime}-${'x'.repeat(40)}`
        const body = (signature: string) =>
          JSON.stringify({
            signature: { timestamp, token, signature },
            'event-data': {
              id: `evt-${t.runtime}`,
              event: 'failed',
              severity: 'permanent',
              recipient: `bounced.${t.runtime}@example.com`,
              timestamp: Number(timestamp),
            },
          })
        const post = (signature: string) =>
          t.fetch('/webhooks/mailgun', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: body(signature),
          })
        await expectError(
          await post(signed(timestamp, token, 'some-other-signing-key')),
          401,
          'WEBHOOK_SIGNATURE_INVALID',
        )
        const ok = await post(signed(timestamp, token))
        expect(ok.status).toBe(200)
        expect(await ok.json()).toEqual({ ok: true, action: 'suppressed' })
        await expectError(await post(signed(timestamp, token)), 401, 'WEBHOOK_REPLAYED')
        const list = await t.fetch(`/api/mail/suppressions?q=bounced.${t.runtime}`, {
          headers: { authorization: 'Bearer glam_dev_admin' },
        })
        expect(((await list.json()) as { items: { reason: string }[] }).items).toEqual([
          expect.objectContaining({ reason: 'bounced' }),
        ])
      },
    },
  ],
})
