// The Mailgun adapter on workerd: bundled the way wrangler bundles the worker, run under
// Miniflare, sending to the local Mailgun-shaped server.

import { type MailgunServer, startMailgunServer } from '@glam/testing/mailgun-server'
import { startFixtureWorker } from '@glam/testing/runtimes'
import type { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe('Mailgun mailer on workerd', () => {
  let mailgun: MailgunServer
  let mf: Miniflare
  let worker: Awaited<ReturnType<typeof startFixtureWorker>> | undefined

  beforeAll(async () => {
    mailgun = await startMailgunServer()
    worker = await startFixtureWorker('packages/mail/src/workerd-fixture.ts', {
      MAILGUN_URL: mailgun.url,
      MAILGUN_KEY: mailgun.apiKey,
      MAILGUN_DOMAIN: mailgun.domain,
    })
    mf = worker.mf
  })
  afterAll(async () => {
    await worker?.stop()
    await mailgun?.stop()
  })

  it('sends multipart with workerd’s FormData, with tags and List-Unsubscribe', async () => {
    const res = await mf.dispatchFetch('http://worker/')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ id: expect.stringMatching(/@mg\.glam\.test>$/) })
    expect(mailgun.messages).toEqual([
      expect.objectContaining({
        to: ['lena@example.com'],
        subject: 'Bitte bestätige deine Anmeldung: Drops <neu>',
        tags: ['double-opt-in'],
        headers: {
          'List-Unsubscribe': '<https://glam.example/u/1>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
        contentType: expect.stringMatching(/^multipart\/form-data; boundary=/),
      }),
    ])
    expect(mailgun.messages[0]!.html).toContain('Drops &lt;neu&gt;')
  })

  it('retries a 503 and maps a persistent 429 to RATE_LIMITED there too', async () => {
    mailgun.failNext(503)
    expect((await mf.dispatchFetch('http://worker/')).status).toBe(200)
    mailgun.failNext(429, 3, { retryAfter: '1' })
    const limited = await mf.dispatchFetch('http://worker/')
    expect(limited.status).toBe(429)
    expect(await limited.json()).toEqual({ code: 'RATE_LIMITED' })
  })
})
