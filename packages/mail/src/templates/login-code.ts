/**
 * The passwordless login mail: a one-time code and how long it holds. The code is in the
 * body only, never in the subject (subjects show up in notifications, lists and logs).
 */
import { html } from 'hono/html'
import { layout, textFooter } from './layout.ts'
import { defineTemplate, type Locale } from './render.ts'

export interface LoginCodeParams {
  /** 4 to 12 letters or digits. */
  code: string
  /** Minutes the code stays valid. */
  minutes: number
}

const copy: Record<Locale, { subject: string; intro: string; valid: (m: number) => string; ignore: string }> =
  {
    de: {
      subject: 'Dein Anmeldecode für Glam',
      intro: 'Dein Anmeldecode lautet:',
      valid: (m) => `Er ist ${m} Minuten gültig und funktioniert nur einmal.`,
      ignore: 'Wenn du dich nicht anmelden wolltest, ignoriere diese E-Mail; dein Konto bleibt unverändert.',
    },
    en: {
      subject: 'Your Glam login code',
      intro: 'Your login code is:',
      valid: (m) => `It is valid for ${m} minutes and works only once.`,
      ignore: 'If you did not try to log in, ignore this e-mail; nothing changes on your account.',
    },
  }

export const loginCodeMail = defineTemplate<LoginCodeParams>({
  name: 'login-code',
  render({ code, minutes }, locale, { unsubscribeUrl }) {
    if (!/^[A-Za-z0-9]{4,12}$/.test(code)) throw new TypeError('login code must be 4 to 12 letters or digits')
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
      throw new TypeError('minutes out of range')
    const t = copy[locale]
    return {
      subject: t.subject,
      text: `${t.intro}\n\n    ${code}\n\n${t.valid(minutes)}\n\n${t.ignore}\n\n${textFooter(locale, unsubscribeUrl)}\n`,
      html: layout({
        locale,
        title: t.subject,
        unsubscribeUrl,
        body: html`<p>${t.intro}</p>
<p style="font:700 32px/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.2em;margin:16px 0">${code}</p>
<p>${t.valid(minutes)}</p>
<p style="color:#555">${t.ignore}</p>`,
      }),
    }
  },
})
