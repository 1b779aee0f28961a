/** Welcome: sent once a subscription is confirmed, with where to change or end it. */
import { html } from 'hono/html'
import { layout, textFooter } from './layout.ts'
import { defineTemplate, type Locale, oneLine, webUrl } from './render.ts'

export interface WelcomeParams {
  listName: string
  /** The subscriber's preference page (lists, language, frequency). */
  preferencesUrl: string
}

const copy: Record<Locale, { subject: (l: string) => string; body: (l: string) => string; prefs: string }> = {
  de: {
    subject: (list) => `Willkommen bei ${list}`,
    body: (list) => `deine Anmeldung für „${list}“ ist bestätigt. Schön, dass du dabei bist!`,
    prefs: 'Sprache, Häufigkeit und Listen kannst du jederzeit hier ändern',
  },
  en: {
    subject: (list) => `Welcome to ${list}`,
    body: (list) => `your subscription to “${list}” is confirmed. Glad to have you!`,
    prefs: 'Change your language, frequency and lists at any time here',
  },
}

export const welcomeMail = defineTemplate<WelcomeParams>({
  name: 'welcome',
  render(params, locale, { unsubscribeUrl }) {
    const list = oneLine(params.listName, 120)
    if (!list) throw new TypeError('listName must not be empty')
    const prefs = webUrl(params.preferencesUrl, 'preferencesUrl')
    const t = copy[locale]
    const hello = locale === 'de' ? 'Hallo,' : 'Hello,'
    return {
      subject: t.subject(list),
      text: `${hello}\n\n${t.body(list)}\n\n${t.prefs}: ${prefs}\n\n${textFooter(locale, unsubscribeUrl)}\n`,
      html: layout({
        locale,
        title: t.subject(list),
        unsubscribeUrl,
        body: html`<p>${hello}</p>
<p>${t.body(list)}</p>
<p><a href="${prefs}" style="color:#222">${t.prefs}</a>.</p>`,
      }),
    }
  },
})
