/**
 * Mail previews at `/dev/mail/<template>` (development only): each template rendered with
 * sample values, `?locale=de|en` (default de). The page shows the subject, headers and text
 * part, and the HTML part in a sandboxed iframe; `?part=html` answers the HTML part alone and
 * `?part=text` the text part, as a mail client would get them. `/dev/mail` lists the templates.
 */
import { type AppEnv, GlamError, pageLayout } from '@glam/core'
import {
  alertDigestMail,
  alertMail,
  doubleOptInMail,
  type Locale,
  loginCodeMail,
  newsletterMail,
  type RenderedMail,
  renderMail,
  welcomeMail,
} from '@glam/mail'
import { type Context, Hono } from 'hono'
import { html } from 'hono/html'

const sampleBody = `## Neu diese Woche

Das **Hyaluron Serum** ist zurück – [jetzt ansehen](https://shop.example/serum).

- Leichte Textur
- Für jeden Hauttyp

Mehr unter https://shop.example/neuheiten`

/** Every template with sample values; `confirmation` is the double opt-in. */
const previews: Record<string, (base: string, locale: Locale) => RenderedMail> = {
  confirmation: (base, locale) =>
    renderMail(
      doubleOptInMail,
      { confirmUrl: `${base}/n/confirm?token=sample`, listName: 'Glam Newsletter', days: 7 },
      { locale, unsubscribe: { url: `${base}/n/unsubscribe/sample` } },
    ),
  welcome: (base, locale) =>
    renderMail(
      welcomeMail,
      { listName: 'Glam Newsletter', preferencesUrl: `${base}/n/preferences/sample` },
      { locale, unsubscribe: { url: `${base}/n/unsubscribe/sample` } },
    ),
  newsletter: (base, locale) =>
    renderMail(
      newsletterMail,
      {
        subject: 'Neu diese Woche bei Glam',
        body: sampleBody,
        preferencesUrl: `${base}/n/preferences/sample`,
      },
      { locale, unsubscribe: { url: `${base}/n/unsubscribe/sample` } },
    ),
  'login-code': (_base, locale) => renderMail(loginCodeMail, { code: '482913', minutes: 10 }, { locale }),
  alert: (base, locale) =>
    renderMail(
      alertMail,
      {
        kind: 'price_drop',
        productTitle: 'Glow Serum 30 ml',
        productUrl: `${base}/al-sample`,
        price: locale === 'de' ? '29,90 €' : '€29.90',
        before: locale === 'de' ? '34,90 €' : '€34.90',
      },
      { locale, unsubscribe: { url: `${base}/w/unsubscribe/sample` } },
    ),
  'alert-digest': (base, locale) =>
    renderMail(
      alertDigestMail,
      {
        items: [
          {
            kind: 'price_drop',
            productTitle: 'Glow Serum 30 ml',
            productUrl: `${base}/al-sample-1`,
            stopUrl: `${base}/w/unsubscribe/sample-1`,
            price: locale === 'de' ? '29,90 €' : '€29.90',
            before: locale === 'de' ? '34,90 €' : '€34.90',
          },
          {
            kind: 'back_in_stock',
            productTitle: 'Clay Mask 75 ml',
            productUrl: `${base}/al-sample-2`,
            stopUrl: `${base}/w/unsubscribe/sample-2`,
            price: locale === 'de' ? '14,90 €' : '€14.90',
          },
        ],
      },
      { locale, unsubscribe: { url: `${base}/w/unsubscribe/sample-digest` } },
    ),
}
previews['double-opt-in'] = previews.confirmation!

const pageHeaders = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Robots-Tag': 'noindex',
}
const style = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem 1rem}dt{color:#666}dd{margin:0;word-break:break-all}
pre{white-space:pre-wrap;background:#f7f7f7;padding:.75rem;border-radius:6px}iframe{width:100%;height:36rem;border:1px solid #ddd;border-radius:6px}`
const layout = pageLayout({ title: 'Mail previews · Glam development', style })

const guard = (c: Context<AppEnv>) => {
  if (c.var.platform.config.env === 'production')
    throw new GlamError('NOT_FOUND', 'There are no previews in production.')
}

export function createMailPreviewsApp() {
  return new Hono<AppEnv>()
    .get('/', (c) => {
      guard(c)
      const names = Object.keys(previews)
      return c.html(
        layout({
          body: html`<main><h1>Mail previews</h1><ul>${names.map(
            (n) =>
              html`<li><a href="/dev/mail/${n}">${n}</a> (<a href="/dev/mail/${n}?locale=en">en</a>)</li>`,
          )}</ul></main>`,
        }),
        200,
        pageHeaders,
      )
    })
    .get('/:template', (c) => {
      guard(c)
      const make = previews[c.req.param('template')]
      if (!make)
        throw new GlamError('NOT_FOUND', `No mail template ${c.req.param('template')}; see /dev/mail.`)
      const locale: Locale = c.req.query('locale') === 'en' ? 'en' : 'de'
      const mail = make(new URL(c.var.platform.config.publicUrl).origin, locale)
      const part = c.req.query('part')
      if (part === 'html') return c.html(mail.html, 200, pageHeaders)
      if (part === 'text') return c.text(mail.text, 200, { 'Cache-Control': 'no-store' })
      return c.html(
        layout({
          lang: locale,
          body: html`<main><h1>${c.req.param('template')} (${locale})</h1>
<dl><dt>Subject</dt><dd>${mail.subject}</dd><dt>Tags</dt><dd>${mail.tags.join(', ')}</dd>
${Object.entries(mail.headers).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<h2>Text</h2><pre>${mail.text}</pre>
<h2>HTML</h2><iframe sandbox="" referrerpolicy="no-referrer" title="HTML part" srcdoc="${mail.html}"></iframe>
</main>`,
        }),
        200,
        pageHeaders,
      )
    })
}
