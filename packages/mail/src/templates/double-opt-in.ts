/**
 * Double opt-in: confirm a subscription (newsletter, drop alerts) before anything is sent.
 * Names and list titles come from users and shops: escaped in HTML, folded to one line in text.
 */
import { html } from 'hono/html'
import { layout, textFooter } from './layout.ts'
import { defineTemplate, type Locale, oneLine, webUrl } from './render.ts'

export interface DoubleOptInParams {
  /** The link that confirms; absolute http(s). */
  confirmUrl: string
  /** What is subscribed to, e.g. a shop's newsletter. */
  listName: string
  /** The subscriber's name, if known. */
  name?: string
  /** Days the link stays valid. */
  days: number
}

const copy: Record<
  Locale,
  {
    subject: (list: string) => string
    hello: (name?: string) => string
    ask: (list: string) => string
    button: string
    valid: (d: number) => string
    ignore: string
  }
> = {
  de: {
    subject: (list) => `Bitte bestätige deine Anmeldung: ${list}`,
    hello: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
    ask: (list) => `bitte bestätige, dass du „${list}“ erhalten möchtest.`,
    button: 'Anmeldung bestätigen',
    valid: (d) => `Der Link ist ${d} ${d === 1 ? 'Tag' : 'Tage'} gültig.`,
    ignore: 'Wenn du dich nicht angemeldet hast, ignoriere diese E-Mail; du hörst dann nichts mehr von uns.',
  },
  en: {
    subject: (list) => `Please confirm your subscription: ${list}`,
    hello: (name) => (name ? `Hello ${name},` : 'Hello,'),
    ask: (list) => `please confirm that you want to receive “${list}”.`,
    button: 'Confirm subscription',
    valid: (d) => `The link is valid for ${d} ${d === 1 ? 'day' : 'days'}.`,
    ignore: 'If you did not sign up, ignore this e-mail; you will not hear from us again.',
  },
}

export const doubleOptInMail = defineTemplate<DoubleOptInParams>({
  name: 'double-opt-in',
  render(params, locale, { unsubscribeUrl }) {
    const confirmUrl = webUrl(params.confirmUrl, 'confirmUrl')
    const list = oneLine(params.listName, 120)
    const name = params.name === undefined ? undefined : oneLine(params.name, 80) || undefined
    if (!list) throw new TypeError('listName must not be empty')
    if (!Number.isInteger(params.days) || params.days < 1 || params.days > 90)
      throw new TypeError('days out of range')
    const t = copy[locale]
    return {
      subject: t.subject(list),
      text: `${t.hello(name)}\n\n${t.ask(list)}\n\n${t.button}: ${confirmUrl}\n\n${t.valid(params.days)}\n\n${t.ignore}\n\n${textFooter(locale, unsubscribeUrl)}\n`,
      html: layout({
        locale,
        title: t.subject(list),
        unsubscribeUrl,
        body: html`<p>${t.hello(name)}</p>
<p>${t.ask(list)}</p>
<p style="margin:24px 0"><a href="${confirmUrl}" style="display:inline-block;background:#222;color:#fff;text-decoration:none;padding:12px 20px;border-radius:6px">${t.button}</a></p>
<p style="font-size:13px;color:#555;word-break:break-all">${confirmUrl}</p>
<p>${t.valid(params.days)}</p>
<p style="color:#555">${t.ignore}</p>`,
      }),
    }
  },
})
