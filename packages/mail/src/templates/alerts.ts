/**
 * Price and stock alerts: a price drop, a target price reached, back in stock. One rendering per
 * product, language and kind serves a batch (the unsubscribe link is the recipient's own,
 * `%recipient.u%`, filled in by Mailgun). The product link is the tracked shortlink.
 */
import { html } from 'hono/html'
import { layout, textFooter } from './layout.ts'
import { defineTemplate, type Locale, oneLine, webUrl } from './render.ts'

export interface AlertParams {
  kind: 'price_drop' | 'target_price' | 'back_in_stock'
  productTitle: string
  productUrl: string
  /** The price now, formatted (`24,90 €`). */
  price: string
  /** price_drop: the price before; target_price: the target. */
  before?: string
}

const copy: Record<
  Locale,
  Record<AlertParams['kind'], { subject: (p: string) => string; line: (a: AlertParams) => string }> & {
    button: string
    why: string
  }
> = {
  de: {
    price_drop: {
      subject: (p) => `Preis gesunken: ${p}`,
      line: (a) => `„${a.productTitle}“ kostet jetzt ${a.price}${a.before ? ` statt ${a.before}` : ''}.`,
    },
    target_price: {
      subject: (p) => `Dein Wunschpreis: ${p}`,
      line: (a) =>
        `„${a.productTitle}“ kostet jetzt ${a.price}${a.before ? ` – dein Wunschpreis war ${a.before}` : ''}.`,
    },
    back_in_stock: {
      subject: (p) => `Wieder da: ${p}`,
      line: (a) => `„${a.productTitle}“ ist wieder lieferbar (${a.price}).`,
    },
    button: 'Zum Produkt',
    why: 'Du erhältst diese E-Mail, weil du für dieses Produkt einen Alarm gesetzt hast.',
  },
  en: {
    price_drop: {
      subject: (p) => `Price drop: ${p}`,
      line: (a) => `“${a.productTitle}” now costs ${a.price}${a.before ? ` instead of ${a.before}` : ''}.`,
    },
    target_price: {
      subject: (p) => `Your target price: ${p}`,
      line: (a) =>
        `“${a.productTitle}” now costs ${a.price}${a.before ? ` (your target was ${a.before})` : ''}.`,
    },
    back_in_stock: {
      subject: (p) => `Back in stock: ${p}`,
      line: (a) => `“${a.productTitle}” is available again (${a.price}).`,
    },
    button: 'See the product',
    why: 'You receive this e-mail because you set an alert for this product.',
  },
}

export const alertMail = defineTemplate<AlertParams>({
  name: 'alert',
  render(params, locale, { unsubscribeUrl }) {
    const title = oneLine(params.productTitle, 200)
    if (!title) throw new TypeError('productTitle must not be empty')
    const url = webUrl(params.productUrl, 'productUrl')
    const t = copy[locale]
    const kind = t[params.kind]
    const line = kind.line({ ...params, productTitle: title })
    return {
      subject: kind.subject(oneLine(title, 80)),
      text: `${line}\n\n${t.button}: ${url}\n\n${t.why}\n\n${textFooter(locale, unsubscribeUrl)}\n`,
      html: layout({
        locale,
        title: kind.subject(title),
        unsubscribeUrl,
        body: html`<p>${line}</p>
<p style="margin:24px 0"><a href="${url}" style="display:inline-block;background:#222;color:#fff;text-decoration:none;padding:12px 20px;border-radius:6px">${t.button}</a></p>
<p style="color:#555;font-size:13px">${t.why}</p>`,
      }),
    }
  },
})
