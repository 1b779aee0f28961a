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

export interface AlertDigestParams {
  /** What fired since the last digest, one entry per alert (its newest change). */
  items: (Omit<AlertParams, 'productUrl'> & {
    productUrl: string
    /** The one-click link that stops this alert only. */
    stopUrl: string
  })[]
}

const digestCopy: Record<
  Locale,
  { subject: (n: number) => string; intro: string; stop: string; why: string }
> = {
  de: {
    subject: (n) => (n === 1 ? 'Dein Alarm von heute' : `Deine ${n} Alarme von heute`),
    intro: 'Seit gestern hat sich bei diesen Produkten etwas getan:',
    stop: 'Diesen Alarm beenden',
    why: 'Du erhältst diese Zusammenfassung einmal am Tag, weil du Alarme als tägliche Übersicht gewählt hast. „Abmelden“ beendet alle täglichen Alarme dieser Adresse.',
  },
  en: {
    subject: (n) => (n === 1 ? 'Your alert of the day' : `Your ${n} alerts of the day`),
    intro: 'Since yesterday, something changed for these products:',
    stop: 'Stop this alert',
    why: 'You receive this summary once a day because you chose a daily digest for your alerts. “Unsubscribe” stops every daily alert of this address.',
  },
}

/** The daily digest: every alert of one address that fired since the last, in one mail. */
export const alertDigestMail = defineTemplate<AlertDigestParams>({
  name: 'alert-digest',
  render(params, locale, { unsubscribeUrl }) {
    if (params.items.length === 0) throw new TypeError('a digest needs at least one item')
    const t = copy[locale]
    const d = digestCopy[locale]
    const items = params.items.map((item) => {
      const title = oneLine(item.productTitle, 200)
      if (!title) throw new TypeError('productTitle must not be empty')
      return {
        line: t[item.kind].line({ ...item, productTitle: title }),
        url: webUrl(item.productUrl, 'productUrl'),
        stop: webUrl(item.stopUrl, 'stopUrl'),
      }
    })
    const subject = d.subject(items.length)
    return {
      subject,
      text: `${d.intro}\n\n${items.map((i) => `- ${i.line}\n  ${t.button}: ${i.url}\n  ${d.stop}: ${i.stop}`).join('\n\n')}\n\n${d.why}\n\n${textFooter(locale, unsubscribeUrl)}\n`,
      html: layout({
        locale,
        title: subject,
        unsubscribeUrl,
        body: html`<p>${d.intro}</p>
${items.map(
  (i) => html`<p style="margin:20px 0 4px">${i.line}</p>
<p style="margin:0 0 16px"><a href="${i.url}" style="display:inline-block;background:#222;color:#fff;text-decoration:none;padding:8px 14px;border-radius:6px">${t.button}</a> <a href="${i.stop}" style="color:#555;font-size:13px;margin-left:12px">${d.stop}</a></p>`,
)}
<p style="color:#555;font-size:13px">${d.why}</p>`,
      }),
    }
  },
})
