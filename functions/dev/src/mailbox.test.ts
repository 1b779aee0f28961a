import type { Mailer, Platform } from '@glam/core'
import { createTestApp, mountOnPlatform } from '@glam/testing/platform'
import { describe, expect, it } from 'vitest'
import { createMailboxApp } from './mailbox.ts'

/** The mailbox mounted where the platform mounts it, on a test platform. */
const mailboxFor = (platform: Platform) => mountOnPlatform(platform, '/dev/mailbox', createMailboxApp())

type Listed = {
  messages: { subject: string; to: string; html: string | null; tags: string[]; sentAt: string }[]
}

describe('/dev/mailbox', () => {
  it('lists sent mail as JSON, newest first, capped at 100', async () => {
    const { platform, clock } = createTestApp()
    const app = mailboxFor(platform)
    for (let i = 1; i <= 120; i++) {
      clock.advance(1000)
      await platform.mailer.send({
        to: `user${i}@example.com`,
        subject: `Nr. ${i}`,
        text: 'Hallo',
        tags: ['t'],
      })
    }
    const res = await app.request('/dev/mailbox/messages.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const { messages } = (await res.json()) as Listed
    expect(messages).toHaveLength(100)
    expect(messages[0]).toMatchObject({
      subject: 'Nr. 120',
      to: 'user120@example.com',
      html: null,
      tags: ['t'],
    })
    expect(messages.at(-1)!.subject).toBe('Nr. 21')
    expect(messages[0]!.sentAt > messages[1]!.sentAt).toBe(true)

    const few = (await (await app.request('/dev/mailbox/messages.json?limit=2')).json()) as Listed
    expect(few.messages.map((m) => m.subject)).toEqual(['Nr. 120', 'Nr. 119'])
    expect((await app.request('/dev/mailbox/messages.json?limit=1000')).status).toBe(400)
  })

  it('renders the page with every value escaped and the HTML part in a sandboxed iframe', async () => {
    const { platform } = createTestApp()
    await platform.mailer.send({
      to: 'Eve <eve@example.com>',
      subject: '<script>alert("subject")</script>',
      text: 'Text with <b>tags</b> & "quotes"',
      html: '<p onclick="alert(1)">Hi</p><script>alert("html")</script><img src="https://tracker.example/p.gif">',
      tags: ['<tag>'],
      headers: { 'List-Unsubscribe': '<https://glam.example/u/1>' },
    })
    const res = await mailboxFor(platform).request('/dev/mailbox')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.headers.get('content-security-policy')).toContain('img-src data:')
    const page = await res.text()
    expect(page).not.toContain('<script>')
    expect(page).not.toContain('<p onclick')
    expect(page).not.toContain('<b>tags</b>')
    expect(page).toContain('&lt;script&gt;alert(&quot;subject&quot;)&lt;/script&gt;')
    expect(page).toContain('Eve &lt;eve@example.com&gt;')
    expect(page).toContain('Text with &lt;b&gt;tags&lt;/b&gt; &amp; &quot;quotes&quot;')
    expect(page).toContain('&lt;https://glam.example/u/1&gt;')
    expect(page).toMatch(
      /<iframe sandbox="" [^>]*srcdoc="&lt;p onclick=&quot;alert\(1\)&quot;&gt;Hi&lt;\/p&gt;&lt;script&gt;/,
    )
  })

  it('says so when nothing was sent', async () => {
    const { platform } = createTestApp()
    const page = await (await mailboxFor(platform).request('/dev/mailbox')).text()
    expect(page).toContain('Nothing sent yet.')
  })

  it('answers 404 NOT_FOUND when the mailer keeps no outbox', async () => {
    const mailgun: Mailer = { adapter: 'mailgun', send: async () => ({ id: 'x' }) }
    const { platform } = createTestApp({ overrides: { mailer: mailgun } })
    for (const path of ['/dev/mailbox', '/dev/mailbox/messages.json']) {
      const res = await mailboxFor(platform).request(path, { headers: { accept: 'application/json' } })
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND', requestId: 'test-request' } })
    }
  })

  it('answers 404 in production even if mounted', async () => {
    const { platform } = createTestApp()
    await platform.mailer.send({ to: 'a@example.com', subject: 's', text: 't' })
    const production = { ...platform, config: { ...platform.config, env: 'production' as const } }
    const res = await mailboxFor(production).request('/dev/mailbox/messages.json')
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('a@example.com')
  })
})
