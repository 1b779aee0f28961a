/**
 * The small pages links in mails land on (confirm, unsubscribe, preferences, a shared list):
 * one heading and a little markup in the shared document shell, not cached, no referrer, and a
 * policy that loads nothing and lets forms post to Glam only. Pages that must work without
 * JavaScript and without a session.
 *
 * ```ts
 * return noticePage(c, 410, { lang: 'de', title: 'Dieser Link ist abgelaufen', body: html`<p>…</p>` })
 * ```
 */
import type { Context } from 'hono'
import { html } from 'hono/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './http.ts'
import { type Html, pageLayout } from './page.ts'

const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}fieldset{border:1px solid #ddd;border-radius:8px;margin:1rem 0;padding:.75rem 1rem}
label{display:block;margin:.25rem 0}button{font:inherit;background:#222;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;cursor:pointer}
a{color:#222}.note{color:#555}ul.items{padding:0;list-style:none}ul.items li{border-bottom:1px solid #eee;padding:.5rem 0}
.row{display:flex;gap:.75rem;align-items:center;justify-content:space-between}.row form{margin:0}
button.small{font-size:.85rem;padding:.2rem .7rem;background:#fff;color:#222;border:1px solid #bbb}
input{font:inherit;padding:.35rem .5rem;border:1px solid #bbb;border-radius:6px}.error{color:#a61b1b}`
const layout = pageLayout({ robots: 'noindex', style })

export function noticePage(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  page: { lang: string; title: string; body: Html; headers?: Record<string, string> },
) {
  const origins = new Set([new URL(c.req.url).origin, new URL(c.var.platform.config.publicUrl).origin])
  return c.html(
    layout({
      title: `${page.title} · Glam`,
      lang: page.lang,
      body: html`<main><h1>${page.title}</h1>${page.body}</main>`,
    }),
    status,
    {
      ...page.headers,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action ${[...origins].join(' ')}; base-uri 'none'; frame-ancestors 'none'`,
    },
  )
}
