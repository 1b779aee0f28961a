/**
 * A newsletter issue: the staff-written Markdown body (see ../markdown.ts; links already
 * rewritten to their tracked shortlinks by the caller), a link to the preference page, and the
 * unsubscribe footer. Rendered once per locale of a batch with `%recipient.<name>%` in the
 * recipient's own addresses (valid URLs either way: `%` stays as it is in a path).
 */
import { html, raw } from 'hono/html'
import { renderMarkdown } from '../markdown.ts'
import { layout, textFooter } from './layout.ts'
import { defineTemplate, type Locale, oneLine, webUrl } from './render.ts'

export interface NewsletterParams {
  subject: string
  /** Markdown. */
  body: string
  preferencesUrl: string
  /** Each http(s) link of the body through this (tracked shortlinks). */
  href?: (url: string) => string
}

const prefsCopy: Record<Locale, string> = {
  de: 'Einstellungen ändern',
  en: 'Change your preferences',
}

export const newsletterMail = defineTemplate<NewsletterParams>({
  name: 'newsletter',
  render(params, locale, { unsubscribeUrl }) {
    const subject = oneLine(params.subject, 300)
    if (!subject) throw new TypeError('subject must not be empty')
    const prefs = webUrl(params.preferencesUrl, 'preferencesUrl')
    const body = renderMarkdown(params.body, params.href ? { href: params.href } : {})
    return {
      subject,
      text: `${body.text}\n\n${prefsCopy[locale]}: ${prefs}\n\n${textFooter(locale, unsubscribeUrl)}\n`,
      html: layout({
        locale,
        title: subject,
        unsubscribeUrl,
        // markdown-it's output: raw HTML in the body is escaped there, links checked.
        body: html`${raw(body.html)}
<p style="font-size:13px"><a href="${prefs}" style="color:#555">${prefsCopy[locale]}</a></p>`,
      }),
    }
  },
})
