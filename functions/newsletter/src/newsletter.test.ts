// Mail people can trust, on the whole app over real HTTP (SQLite, the Mailgun adapter against
// the local Mailgun-speaking server, which also posts the webhooks): verified webhooks feeding
// the suppression list, sends that skip suppressed addresses, the double opt-in through the
// mailbox, one-click unsubscribe by a bare POST, preferences, and a newsletter send in batches
// with tracked links.
import { demo } from '@glam/db'
import { type Json, startMailedApp } from '@glam/testing/mailed-app'
import type { MailgunServer } from '@glam/testing/mailgun-server'
import { demoTokens } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe('mail webhooks, suppressions and the newsletter', () => {
  let m: Awaited<ReturnType<typeof startMailedApp>>
  let t: Awaited<ReturnType<typeof startMailedApp>>['t']
  let mailgun: MailgunServer
  let base: string
  let tokens: Record<'admin' | 'staff' | 'client', string>

  const hook = () => `${base}/webhooks/mailgun`
  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000)
  const settle = () => m.settle()
  const api: (typeof m)['api'] = (...args) => m.api(...args)
  const mailTo: (typeof m)['mailsTo'] = (...args) => m.mailsTo(...args)
  const lastMailTo = (address: string, tag?: string) => mailTo(address, tag).at(-1)
  const linkIn: (typeof m)['linkIn'] = (...args) => m.linkIn(...args)
  const subscribe = (email: string, list = 'news-de', locale?: 'de' | 'en') =>
    api('/api/newsletter/subscribe', {
      method: 'POST',
      body: JSON.stringify({ email, list, ...(locale && { locale }) }),
    })

  beforeAll(async () => {
    m = await startMailedApp({
      env: (server) => ({
        MAILGUN_WEBHOOK_SIGNING_KEY: server.webhookSigningKey,
        GLAM_NEWSLETTER_BATCH: '2',
      }),
    })
    ;({ t, mailgun, base } = m)
    tokens = await demoTokens(t, ['admin', 'staff', 'client'])
  })
  afterAll(() => m?.stop())

  describe('POST /webhooks/mailgun', () => {
    const event = (recipient: string, extra: Json = {}) => ({
      event: 'failed',
      severity: 'permanent' as const,
      recipient,
      reason: 'bounce',
      timestamp: nowSeconds(),
      'delivery-status': { code: 550, message: '5.1.1 The email account does not exist' },
      ...extra,
    })
    // Signed at the test clock's time (it is frozen in 2026-06) unless a test says otherwise.
    const post = async (...[url, input, signature = {}]: Parameters<MailgunServer['sendEvent']>) => {
      const res = await mailgun.sendEvent(url, input, { timestamp: String(nowSeconds()), ...signature })
      return { status: res.status, body: (await res.json()) as Json }
    }

    it('refuses forged, stale and replayed webhooks with 401, and a body that is not one with 400', async () => {
      const stamp = String(nowSeconds())
      const forged = await post(hook(), event('forged@example.com'), {
        timestamp: stamp,
        key: 'not-the-signing-key-at-all',
      })
      expect([forged.status, forged.body.error.code]).toEqual([401, 'WEBHOOK_SIGNATURE_INVALID'])
      const tampered = await post(hook(), event('forged@example.com'), { signature: 'ab'.repeat(32) })
      expect([tampered.status, tampered.body.error.code]).toEqual([401, 'WEBHOOK_SIGNATURE_INVALID'])
      const stale = await post(hook(), event('stale@example.com'), { timestamp: String(nowSeconds() - 301) })
      expect([stale.status, stale.body.error.code]).toEqual([401, 'WEBHOOK_STALE'])
      const token = 'a'.repeat(50)
      const first = await post(
        hook(),
        event('replay@example.com', { event: 'delivered', severity: undefined }),
        {
          timestamp: stamp,
          token,
        },
      )
      expect(first.status).toBe(200)
      const again = await post(hook(), event('replay@example.com'), { timestamp: stamp, token })
      expect([again.status, again.body.error.code]).toEqual([401, 'WEBHOOK_REPLAYED'])
      const junk = await api('/webhooks/mailgun', { method: 'POST', body: '{"hello":' })
      expect([junk.status, junk.body.error.code]).toEqual([400, 'WEBHOOK_MALFORMED'])
      // Nothing of the refused ones reached the list.
      for (const email of ['forged@example.com', 'stale@example.com', 'replay@example.com'])
        expect(await t.repos.mail.suppressed(email)).toBeNull()
    })

    it('suppresses a permanent failure, and the next send to it is skipped (Mailgun gets nothing)', async () => {
      const address = 'Gone.Away@Example.com'
      const { status, body } = await post(hook(), event(address, { id: 'evt-permanent-1' }))
      expect([status, body.action]).toEqual([200, 'suppressed'])
      expect(await t.repos.mail.suppressed('gone.away@example.com')).toMatchObject({
        reason: 'bounced',
        source: 'mailgun',
        eventId: 'evt-permanent-1',
      })
      const calls = mailgun.requests.length
      const result = await t.platform.mailer.send({
        to: 'gone.away@example.com',
        subject: 'Hi',
        text: 'Hello',
        tags: ['test'],
      })
      expect(result).toEqual({ id: 'suppressed', skipped: 'suppressed' })
      expect(mailgun.requests.length).toBe(calls)
      const events = await t.repos.mail.events('gone.away@example.com')
      expect(events.map((e) => e.event).sort()).toEqual(['failed', 'skipped'])
      // The same event again (Mailgun retries): acknowledged, not acted on twice.
      const duplicate = await post(hook(), event(address, { id: 'evt-permanent-1' }))
      expect([duplicate.status, duplicate.body.action]).toEqual([200, 'duplicate'])
    })

    it('records a temporary failure without suppressing; complaints and unsubscribes suppress', async () => {
      const temporary = await post(hook(), event('later@example.com', { severity: 'temporary' }))
      expect(temporary.body.action).toBe('recorded')
      expect(await t.repos.mail.suppressed('later@example.com')).toBeNull()
      const complained = await post(
        hook(),
        event('angry@example.com', { event: 'complained', severity: undefined }),
      )
      expect(complained.body.action).toBe('suppressed')
      const unsubscribed = await post(
        hook(),
        event('bye@example.com', { event: 'unsubscribed', severity: undefined }),
      )
      expect(unsubscribed.body.action).toBe('suppressed')
      expect((await t.repos.mail.suppressed('angry@example.com'))?.reason).toBe('complained')
      expect((await t.repos.mail.suppressed('bye@example.com'))?.reason).toBe('unsubscribed')
      const opened = await post(hook(), event('reader@example.com', { event: 'opened', severity: undefined }))
      expect(opened.body.action).toBe('recorded')
      const unknown = await post(hook(), event('reader@example.com', { event: 'list_member_uploaded' }))
      expect([unknown.status, unknown.body.action]).toEqual([200, 'ignored'])
    })
  })

  describe('/api/mail/suppressions', () => {
    it('is for staff: 401 without a credential, 403 for a client', async () => {
      expect((await api('/api/mail/suppressions')).status).toBe(401)
      expect((await api('/api/mail/suppressions', { token: tokens.client })).status).toBe(403)
    })

    it('lists, shows with events, adds by hand and lifts (audited)', async () => {
      const list = await api('/api/mail/suppressions?q=gone', { token: tokens.staff })
      expect(list.status).toBe(200)
      expect(list.body.items).toEqual([
        expect.objectContaining({ email: 'gone.away@example.com', reason: 'bounced' }),
      ])
      const one = await api('/api/mail/suppressions/gone.away%40example.com', { token: tokens.staff })
      expect(one.body.events.map((e: Json) => e.event)).toContain('failed')
      const added = await api('/api/mail/suppressions', {
        method: 'POST',
        token: tokens.staff,
        body: JSON.stringify({ email: 'Manual@Example.com', detail: 'asked by phone' }),
      })
      expect([added.status, added.body.email, added.body.reason]).toEqual([
        201,
        'manual@example.com',
        'manual',
      ])
      const bad = await api('/api/mail/suppressions', {
        method: 'POST',
        token: tokens.staff,
        body: JSON.stringify({ email: 'a@b' }),
      })
      expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      const lifted = await api('/api/mail/suppressions/manual%40example.com', {
        method: 'DELETE',
        token: tokens.staff,
      })
      expect(lifted.status).toBe(204)
      const again = await api('/api/mail/suppressions/manual%40example.com', {
        method: 'DELETE',
        token: tokens.staff,
      })
      expect([again.status, again.body.error.code]).toEqual([404, 'SUPPRESSION_NOT_FOUND'])
      const audit = await t.repos.audit.forTarget('mail_suppressions', 'manual@example.com')
      expect(audit.map((a) => a.action).sort()).toEqual(['mail_suppressions.add', 'mail_suppressions.lift'])
    })
  })

  describe('double opt-in', () => {
    it('answers new and known addresses alike, and refuses bad input with the house error shape', async () => {
      const fresh = await subscribe('first.time@example.com')
      const confirmedBefore = await subscribe('first.time@example.com')
      await settle()
      expect(fresh.status).toBe(202)
      expect(confirmedBefore.status).toBe(202)
      expect(confirmedBefore.body).toEqual(fresh.body)
      const noList = await subscribe('first.time@example.com', 'news-xx')
      expect([noList.status, noList.body.error.code]).toEqual([422, 'NEWSLETTER_LIST_UNKNOWN'])
      for (const body of [
        { email: 'not an address', list: 'news-de' },
        { email: 'a@example.com', list: 'news-de', extra: 1 },
        {},
      ]) {
        const bad = await api('/api/newsletter/subscribe', { method: 'POST', body: JSON.stringify(body) })
        expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      }
    })

    it('confirms through the mailed link once; the welcome mail follows; a used link offers a new one', async () => {
      const address = 'lena.reader@example.com'
      await subscribe(address)
      await settle()
      const mail = lastMailTo(address, 'double-opt-in')!
      expect(mail.subject).toContain('Glam Newsletter')
      expect(mail.headers['List-Unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/n\/unsubscribe\/u\./)
      expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
      const confirm = linkIn(mail, '/n/confirm')
      const ok = await fetch(confirm)
      expect(ok.status).toBe(200)
      expect(await ok.text()).toContain('Anmeldung bestätigt')
      const subscriber = await t.repos.newsletter.subscriberByEmail(address)
      expect((await t.repos.newsletter.subscription(subscriber!.id, 'news-de'))?.status).toBe('confirmed')
      await settle()
      const welcome = lastMailTo(address, 'welcome')!
      expect(welcome.subject).toBe('Willkommen bei Glam Newsletter')
      expect(linkIn(welcome, '/n/preferences/')).toMatch(/\/n\/preferences\/p\./)
      const reused = await fetch(confirm)
      expect(reused.status).toBe(410)
      const page = await reused.text()
      expect(page).toContain('action="/n/confirm/resend"')
      // Known now: the same answer again, and no new confirmation mail.
      const before = mailTo(address).length
      expect((await subscribe(address)).status).toBe(202)
      await settle()
      expect(mailTo(address).length).toBe(before)
    })

    it('a re-sent confirmation replaces the old link; an expired link offers a new one that works', async () => {
      const address = 'twice@example.com'
      await subscribe(address, 'news-en', 'en')
      await settle()
      const old = linkIn(lastMailTo(address, 'double-opt-in'), '/n/confirm')
      await subscribe(address, 'news-en', 'en')
      await settle()
      const newer = linkIn(lastMailTo(address, 'double-opt-in'), '/n/confirm')
      expect(newer).not.toBe(old)
      const replaced = await fetch(old)
      expect(replaced.status).toBe(410)
      expect(await replaced.text()).toContain('There is a newer link')
      // Eight days later the newest link has expired too.
      t.clock.advance(8 * 86_400_000)
      try {
        const expired = await fetch(newer)
        expect(expired.status).toBe(410)
        const html = await expired.text()
        expect(html).toContain('This link has expired')
        const token = /name="token" value="([^"]+)"/.exec(html)![1]!
        const resent = await fetch(`${base}/n/confirm/resend`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }),
        })
        expect(resent.status).toBe(202)
        await settle()
        const fresh = linkIn(lastMailTo(address, 'double-opt-in'), '/n/confirm')
        expect(fresh).not.toBe(newer)
        expect((await fetch(fresh)).status).toBe(200)
      } finally {
        t.clock.advance(-8 * 86_400_000)
      }
    })

    it('answers a forged or cut token with 400, and a made-up list in a token never confirms', async () => {
      expect((await fetch(`${base}/n/confirm?token=c.nope`)).status).toBe(400)
      expect((await fetch(`${base}/n/confirm`)).status).toBe(400)
      const real = linkIn(lastMailTo('twice@example.com', 'double-opt-in'), '/n/confirm')
      const token = new URL(real).searchParams.get('token')!
      const forged = token.replace('.news-en.', '.news-de.')
      expect((await fetch(`${base}/n/confirm?token=${encodeURIComponent(forged)}`)).status).toBe(400)
    })
  })

  describe('one-click unsubscribe and preferences', () => {
    it('unsubscribes with a bare POST without cookies (RFC 8058); GET only asks', async () => {
      const address = 'lena.reader@example.com'
      const url = lastMailTo(address, 'welcome')!.headers['List-Unsubscribe']!.slice(1, -1)
      const asked = await fetch(url)
      expect(asked.status).toBe(200)
      expect(await asked.text()).toContain('<form method="post">')
      const subscriber = await t.repos.newsletter.subscriberByEmail(address)
      expect((await t.repos.newsletter.subscription(subscriber!.id, 'news-de'))?.status).toBe('confirmed')
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      })
      expect(res.status).toBe(200)
      expect((await t.repos.newsletter.subscription(subscriber!.id, 'news-de'))?.status).toBe('unsubscribed')
      // Twice is fine; a forged token is not.
      expect((await fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(200)
      expect(
        (
          await fetch(
            url.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
            { method: 'POST' },
          )
        ).status,
      ).toBe(400)
    })

    it('changes lists, language and frequency on the preference page', async () => {
      const address = 'lena.reader@example.com'
      const prefs = linkIn(lastMailTo(address, 'welcome'), '/n/preferences/')
      const page = await fetch(prefs)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('value="news-de"')
      expect(html).toContain('value="news-en"')
      const saved = await fetch(prefs, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([
          ['list', 'news-de'],
          ['list', 'news-en'],
          ['locale', 'en'],
          ['frequency', 'monthly'],
        ]),
      })
      expect(saved.status).toBe(200)
      expect(await saved.text()).toContain('Saved.')
      const subscriber = (await t.repos.newsletter.subscriberByEmail(address))!
      expect([subscriber.locale, subscriber.frequency]).toEqual(['en', 'monthly'])
      const lists = await t.repos.newsletter.subscriptionsOf(subscriber.id)
      expect(lists.map((s) => [s.listId, s.status])).toEqual([
        ['news-de', 'confirmed'],
        ['news-en', 'confirmed'],
      ])
      expect((await fetch(`${base}/n/preferences/p.${subscriber.id}.${'0'.repeat(32)}`)).status).toBe(400)
    })
  })

  describe('newsletter sends', () => {
    it('sends to the confirmed subscribers in Mailgun batches, per language, skipping suppressed ones, links tracked', async () => {
      // Three confirmed subscribers of news-de (one of them suppressed), one pending.
      const repos = t.repos
      const confirmed = ['ann@example.com', 'ben@example.com', 'gone.away@example.com']
      for (const email of confirmed) {
        const s = await repos.newsletter.subscriber(email, email.startsWith('ben') ? 'en' : 'de')
        await repos.newsletter.resubscribe(s.id, 'news-de')
      }
      const pending = await repos.newsletter.subscriber('pending@example.com', 'de')
      await repos.newsletter.startConfirmation(pending.id, 'news-de', {
        nonceHash: '0'.repeat(64),
        expiresAt: new Date(t.clock.now().getTime() + 86_400_000),
      })
      const forbidden = await api('/api/newsletter/sends', {
        method: 'POST',
        token: tokens.client,
        body: JSON.stringify({ list: 'news-de', subject: 'x', body: 'y' }),
      })
      expect(forbidden.status).toBe(403)
      const calls = mailgun.requests.length
      const seen = mailgun.messages.length
      const body =
        'Neu: das **Serum** – [ansehen](https://shop.example/serum?x=1).\n\nAuch https://shop.example/creme'
      const created = await api('/api/newsletter/sends', {
        method: 'POST',
        token: tokens.staff,
        body: JSON.stringify({ list: 'news-de', subject: 'Neu im Dezember', body }),
      })
      expect(created.status).toBe(202)
      expect(created.body.links).toEqual([
        { url: 'https://shop.example/serum?x=1', slug: expect.stringMatching(/^nl-[0-9a-f]{10}-1$/) },
        { url: 'https://shop.example/creme', slug: expect.stringMatching(/^nl-[0-9a-f]{10}-2$/) },
      ])
      await settle()
      const progress = await api(`/api/newsletter/sends/${created.body.id}`, { token: tokens.staff })
      const expected = await repos.newsletter.confirmedCount('news-de') // lena too (confirmed on the preference page)
      expect(progress.body).toMatchObject({
        status: 'sent',
        total: expected,
        skipped: 1,
        failed: 0,
        pending: 0,
      })
      expect(progress.body.sent).toBe(expected - 1)
      const copies = mailgun.messages.slice(seen)
      expect(copies.map((m) => m.to[0]).sort()).toEqual(
        ['ann@example.com', 'ben@example.com', 'lena.reader@example.com'].sort(),
      )
      expect(copies.every((m) => m.tags.includes('newsletter') && m.subject === 'Neu im Dezember')).toBe(true)
      // Pages of two recipients, one call per language in a page (gone.away skipped before its call).
      const batches = new Set(copies.map((m) => m.id))
      expect(mailgun.requests.length - calls).toBe(batches.size)
      expect(copies.every((m) => m.batch <= 2)).toBe(true)
      expect(copies.every((m) => m.options['recipient-variables']?.length === 1)).toBe(true)
      const ann = copies.find((m) => m.to[0] === 'ann@example.com')!
      const ben = copies.find((m) => m.to[0] === 'ben@example.com')!
      expect(ann.headers['List-Unsubscribe']).not.toBe(ben.headers['List-Unsubscribe'])
      expect(ann.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
      expect(ann.text).toContain('Einstellungen ändern')
      expect(ben.text).toContain('Change your preferences')
      const slug = created.body.links[0].slug
      expect(ann.text).toContain(`${base}/${slug}`)
      expect(ann.html).toContain(`href="${base}/${slug}"`)
      expect(ann.text).not.toContain('%recipient')
      // The shortlink is a tracked link of the list's customer, channel newsletter, and redirects.
      expect(await repos.links.bySlug(slug)).toMatchObject({
        channel: 'newsletter',
        customerId: demo.customerId,
      })
      const redirect = await fetch(`${base}/${slug}`, { redirect: 'manual' })
      expect(redirect.status).toBe(302)
      expect(redirect.headers.get('location')).toContain('https://shop.example/serum?x=1')
      // Each recipient's own unsubscribe link works for them.
      const annUnsub = ann.headers['List-Unsubscribe']!.slice(1, -1)
      expect((await fetch(annUnsub, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(200)
      const annRow = await repos.newsletter.subscriberByEmail('ann@example.com')
      expect((await repos.newsletter.subscription(annRow!.id, 'news-de'))?.status).toBe('unsubscribed')
      const recipients = await api(`/api/newsletter/sends/${created.body.id}/recipients`, {
        token: tokens.staff,
      })
      expect(Object.fromEntries(recipients.body.items.map((r: Json) => [r.email, r.status]))).toMatchObject({
        'gone.away@example.com': 'skipped',
        'ann@example.com': 'sent',
        'ben@example.com': 'sent',
      })
      expect(recipients.body.items.find((r: Json) => r.email === 'pending@example.com')).toBeUndefined()
    })

    it('refuses a send to an unknown list or with bad input, and answers 404 for an unknown send', async () => {
      const unknown = await api('/api/newsletter/sends', {
        method: 'POST',
        token: tokens.staff,
        body: JSON.stringify({ list: 'news-xx', subject: 'x', body: 'y' }),
      })
      expect([unknown.status, unknown.body.error.code]).toEqual([422, 'NEWSLETTER_LIST_UNKNOWN'])
      const empty = await api('/api/newsletter/sends', {
        method: 'POST',
        token: tokens.staff,
        body: JSON.stringify({ list: 'news-de', subject: '', body: '' }),
      })
      expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      const missing = await api('/api/newsletter/sends/00000000-0000-7000-8000-000000000999', {
        token: tokens.staff,
      })
      expect([missing.status, missing.body.error.code]).toEqual([404, 'NEWSLETTER_SEND_NOT_FOUND'])
    })
  })

  describe('mail previews', () => {
    it('renders every template at /dev/mail/<template> in both languages', async () => {
      for (const name of ['confirmation', 'welcome', 'newsletter', 'login-code']) {
        for (const locale of ['de', 'en']) {
          const res = await fetch(`${base}/dev/mail/${name}?locale=${locale}`)
          expect(res.status).toBe(200)
          expect(await res.text()).toContain('<iframe sandbox=""')
        }
        const html = await fetch(`${base}/dev/mail/${name}?part=html`)
        expect(html.headers.get('content-type')).toContain('text/html')
      }
      expect((await fetch(`${base}/dev/mail/nope`)).status).toBe(404)
    })
  })

  describe('abuse', () => {
    it('limits sign-ups per client address (429 with Retry-After), whatever the addresses', async () => {
      const answers: number[] = []
      for (let i = 0; i < 25; i++) answers.push((await subscribe(`flood${i}@example.com`)).status)
      await settle()
      expect(answers.filter((s) => s === 202).length).toBeLessThanOrEqual(20)
      const refused = await subscribe('one.more@example.com')
      expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED'])
      expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0)
    })
  })
})
