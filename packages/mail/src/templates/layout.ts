/**
 * The frame every HTML mail shares: a small, inline-styled document (mail clients ignore
 * stylesheets), the brand, the body, and a footer with the unsubscribe link when there is one.
 */
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { Locale } from './render.ts'

type Html = HtmlEscapedString | Promise<HtmlEscapedString>

const footer: Record<Locale, { why: string; unsubscribe: string }> = {
  de: {
    why: 'Du erhältst diese E-Mail, weil sie über Glam angefordert wurde.',
    unsubscribe: 'Abmelden',
  },
  en: {
    why: 'You receive this e-mail because it was requested through Glam.',
    unsubscribe: 'Unsubscribe',
  },
}

export function layout(input: { locale: Locale; title: string; body: Html; unsubscribeUrl?: string }): Html {
  const words = footer[input.locale]
  return html`<!doctype html>
<html lang="${input.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${input.title}</title></head>
<body style="margin:0;padding:24px;background:#f6f4f2;font:16px/1.5 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#fff;border-radius:8px;padding:32px">
<tr><td style="font-size:20px;font-weight:700;letter-spacing:.04em;padding-bottom:16px">GLAM</td></tr>
<tr><td>${input.body}</td></tr>
<tr><td style="padding-top:24px;font-size:12px;color:#777">${words.why}${
    input.unsubscribeUrl
      ? html` <a href="${input.unsubscribeUrl}" style="color:#777">${words.unsubscribe}</a>`
      : ''
  }</td></tr>
</table>
</td></tr></table>
</body>
</html>`
}

/** The text part's footer, matching the HTML one. */
export function textFooter(locale: Locale, unsubscribeUrl?: string): string {
  const words = footer[locale]
  return unsubscribeUrl ? `--\n${words.why}\n${words.unsubscribe}: ${unsubscribeUrl}` : `--\n${words.why}`
}
