/**
 * The whole app over real HTTP with its mail going to the local Mailgun-speaking server: for
 * tests of flows that run through people's inboxes (double opt-in, alerts, newsletters). Links
 * in mails point at the server (GLAM_PUBLIC_URL is its address).
 *
 * ```ts
 * const m = await startMailedApp({ env: { MAILGUN_WEBHOOK_SIGNING_KEY: '…' } })
 * const { status, body } = await m.api('/api/newsletter/subscribe', { method: 'POST', body: '{…}' })
 * const link = m.linkIn(m.mailsTo('lena@example.com', 'double-opt-in').at(-1), '/n/confirm')
 * await m.stop()
 * ```
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type MailgunServer, type ReceivedMail, startMailgunServer } from './mailgun-server.ts'
import { createTestAppWithDatabase } from './platform.ts'
import { freePort } from './runtimes.ts'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the tests' assertions
export type Json = Record<string, any>

export async function startMailedApp(
  options: { env?: (mailgun: MailgunServer) => Record<string, string> } = {},
) {
  const mailgun = await startMailgunServer()
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const t = await createTestAppWithDatabase({
    env: {
      MAILGUN_API_KEY: mailgun.apiKey,
      MAILGUN_DOMAIN: mailgun.domain,
      MAILGUN_BASE_URL: mailgun.url,
      MAIL_FROM: `Glam <no-reply@${mailgun.domain}>`,
      GLAM_PUBLIC_URL: base,
      ...options.env?.(mailgun),
    },
  })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s))
  })
  if ((server.address() as AddressInfo).port !== port) throw new Error('the test server took another port')

  /** A request to the server; `token` as a bearer, `cookie` with this origin (a browser's same-origin change). */
  const api = async (path: string, init: RequestInit & { token?: string; cookie?: string } = {}) => {
    const { token, cookie, ...rest } = init
    const res = await fetch(`${base}${path}`, {
      ...rest,
      headers: {
        ...(rest.body && typeof rest.body === 'string' && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...(cookie && { cookie, origin: base }),
        ...(rest.headers as Record<string, string>),
      },
    })
    const text = await res.text()
    let body: Json = {}
    try {
      body = JSON.parse(text)
    } catch {
      body = { text }
    }
    return { status: res.status, body, text, res }
  }
  const mailsTo = (address: string, tag?: string): ReceivedMail[] =>
    mailgun.messages.filter((m) => m.to.includes(address) && (!tag || m.tags.includes(tag)))
  /** The first link to this server's `path` in a mail's text part. */
  const linkIn = (mail: ReceivedMail | undefined, path: string) => {
    const found = mail?.text?.match(new RegExp(`${base.replace(/[.:/]/g, '\\$&')}${path}[^\\s)]+`))
    if (!found) throw new Error(`no ${path} link in ${mail?.text}`)
    return found[0]
  }
  return {
    t,
    mailgun,
    base,
    api,
    mailsTo,
    linkIn,
    /** Waits for the work that runs after answers (mail sent in the background). */
    settle: () => t.platform.drain(10_000),
    async stop() {
      await new Promise((resolve) => server.close(resolve))
      await mailgun.stop()
    },
  }
}
