/**
 * The development outbox, mounted at `/dev/mailbox`: what the outbox mailer kept instead of
 * delivering, newest first. `GET /` is a page for people, `GET /messages.json` the same for
 * scripts and tests (`{ messages: [...] }`, at most 100, `?limit=` for fewer).
 *
 * It reads the platform's `outbox` port (newest first) and answers 404 when
 * the mailer keeps none (Mailgun) or in production. Mail content is untrusted: every value is
 * escaped, and HTML parts render in a sandboxed iframe (no scripts, no same-origin) under a
 * policy that loads nothing from the network.
 */
import { type AppEnv, GlamError, type KeptMessage, pageLayout, validationHook } from '@glam/core'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { html } from 'hono/html'
import { z } from 'zod'

/** A kept message, as the platform's outbox port gives it. */
export type MailboxMessage = KeptMessage

const maxListed = 100
const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(maxListed).default(maxListed) })

function newestMessages(c: Context<AppEnv>, limit: number): readonly MailboxMessage[] {
  const { mailer, config, outbox } = c.var.platform
  // Mounted only with debug routes, which production refuses; this is the second lock.
  if (config.env === 'production') throw new GlamError('NOT_FOUND', 'There is no mailbox in production.')
  if (!outbox) throw new GlamError('NOT_FOUND', `The mailer in use (${mailer.adapter}) keeps no outbox.`)
  return outbox.latest(limit)
}

const pageHeaders = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex',
}

const style = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
article{border:1px solid #ddd;border-radius:8px;padding:1rem;margin:1rem 0}h2{font-size:1.1rem;margin:0 0 .5rem}
dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem 1rem;margin:0 0 .5rem}dt{color:#666}dd{margin:0;word-break:break-all}
pre{white-space:pre-wrap;background:#f7f7f7;padding:.75rem;border-radius:6px}iframe{width:100%;height:24rem;border:1px solid #ddd;border-radius:6px}
.tag{display:inline-block;background:#eee;border-radius:4px;padding:0 .4rem;margin-right:.3rem;font-size:.85em}`

const layout = pageLayout({ title: 'Mailbox · Glam development', style })

function renderMessage(m: MailboxMessage) {
  const headers = Object.entries(m.headers ?? {})
  return html`<article>
<h2>${m.subject}</h2>
<dl>
<dt>To</dt><dd>${m.to}</dd>
<dt>Sent</dt><dd><time datetime="${m.sentAt}">${m.sentAt}</time></dd>
<dt>Id</dt><dd><code>${m.id}</code></dd>
${(m.tags ?? []).length > 0 ? html`<dt>Tags</dt><dd>${(m.tags ?? []).map((t) => html`<span class="tag">${t}</span>`)}</dd>` : ''}
${headers.map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}
</dl>
<details open><summary>Text</summary><pre>${m.text}</pre></details>
${
  m.html === undefined
    ? ''
    : html`<details open><summary>HTML</summary><iframe sandbox="" referrerpolicy="no-referrer" title="HTML part of ${m.subject}" srcdoc="${m.html}"></iframe></details>`
}
</article>`
}

export function createMailboxApp() {
  return new Hono<AppEnv>()
    .get('/', zValidator('query', limitQuery, validationHook), (c) => {
      const messages = newestMessages(c, c.req.valid('query').limit)
      const page = layout({
        body: html`<main>
<h1>Mailbox</h1>
<p>${messages.length === 0 ? 'Nothing sent yet.' : `${messages.length} ${messages.length === 1 ? 'message' : 'messages'}, newest first. Nothing here was delivered.`}
 As JSON: <a href="messages.json"><code>messages.json</code></a>. Links in HTML parts do not open here; use the text part.</p>
${messages.map(renderMessage)}
</main>`,
      })
      return c.html(page, 200, pageHeaders)
    })
    .get('/messages.json', zValidator('query', limitQuery, validationHook), (c) => {
      const messages = newestMessages(c, c.req.valid('query').limit).map((m) => ({
        id: m.id,
        sentAt: m.sentAt,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html ?? null,
        tags: m.tags ?? [],
        headers: m.headers ?? {},
      }))
      c.header('Cache-Control', 'no-store')
      return c.json({ messages })
    })
}
