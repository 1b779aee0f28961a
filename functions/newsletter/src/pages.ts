/**
 * The newsletter's pages under `/n` (server-rendered, no JavaScript, no session: the signed
 * token in the link is the authority):
 *
 * - `GET /n/confirm?token=` confirms a subscription (then a welcome mail); an expired, replaced
 *   or used link answers 410 with a button for a new one (`POST /n/confirm/resend`), a forged
 *   one 400;
 * - `GET|POST /n/preferences/<token>`: lists, language, frequency;
 * - `POST /n/unsubscribe/<token>`: one-click unsubscribe (RFC 8058: the mail's
 *   `List-Unsubscribe-Post` points here; a bare POST without cookies does it), `GET` shows a
 *   button for the same (a link scanner's GET never unsubscribes).
 */
import { type AppEnv, noticePage, type Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { NewsletterList, NewsletterSubscriber } from '@glam/db/repositories/newsletter'
import { composeMail, welcomeMail } from '@glam/mail'
import { type Context, Hono } from 'hono'
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { confirmLater, limitSignUps } from './subscribe.ts'
import {
  absolute,
  preferencesToken,
  readConfirmToken,
  readPreferencesToken,
  readUnsubscribeToken,
  unsubscribeToken,
} from './tokens.ts'

type Locale = 'de' | 'en'

const words = {
  de: {
    confirmed: 'Anmeldung bestätigt',
    confirmedText: (list: string) => `Danke! Du erhältst ab jetzt „${list}“.`,
    already: 'Dieser Link wurde schon benutzt',
    alreadyText: (list: string) => `Deine Anmeldung für „${list}“ ist bereits bestätigt.`,
    expired: 'Dieser Link ist abgelaufen',
    replaced: 'Es gibt einen neueren Link',
    replacedText: 'Wir haben dir danach einen neueren Bestätigungslink geschickt; nur der neueste gilt.',
    invalid: 'Dieser Link ist ungültig',
    invalidText: 'Der Link ist unvollständig oder verändert. Melde dich einfach noch einmal an.',
    newLink: 'Neuen Link schicken',
    sent: 'Neuer Link unterwegs',
    sentText: 'Wenn die Adresse E-Mails empfangen kann, kommt gleich ein neuer Bestätigungslink.',
    preferences: 'Newsletter-Einstellungen',
    lists: 'Listen',
    language: 'Sprache',
    frequency: 'Häufigkeit',
    weekly: 'wöchentlich',
    monthly: 'monatlich',
    save: 'Speichern',
    saved: 'Gespeichert.',
    unsubscribe: 'Abmelden',
    unsubscribeAsk: (list: string) => `Möchtest du „${list}“ abbestellen?`,
    unsubscribed: 'Abgemeldet',
    unsubscribedText: (list: string) => `Du erhältst „${list}“ nicht mehr.`,
    manage: 'Einstellungen ändern',
  },
  en: {
    confirmed: 'Subscription confirmed',
    confirmedText: (list: string) => `Thank you! You will receive “${list}” from now on.`,
    already: 'This link was used already',
    alreadyText: (list: string) => `Your subscription to “${list}” is already confirmed.`,
    expired: 'This link has expired',
    replaced: 'There is a newer link',
    replacedText: 'We sent you a newer confirmation link after this one; only the newest counts.',
    invalid: 'This link is not valid',
    invalidText: 'The link is incomplete or was changed. Simply sign up again.',
    newLink: 'Send me a new link',
    sent: 'A new link is on its way',
    sentText: 'If the address can receive mail, a new confirmation link arrives shortly.',
    preferences: 'Newsletter preferences',
    lists: 'Lists',
    language: 'Language',
    frequency: 'Frequency',
    weekly: 'weekly',
    monthly: 'monthly',
    save: 'Save',
    saved: 'Saved.',
    unsubscribe: 'Unsubscribe',
    unsubscribeAsk: (list: string) => `Do you want to unsubscribe from “${list}”?`,
    unsubscribed: 'Unsubscribed',
    unsubscribedText: (list: string) => `You will no longer receive “${list}”.`,
    manage: 'Change your preferences',
  },
} as const

function page(
  c: Context<AppEnv>,
  status: 200 | 202 | 400 | 404 | 410,
  locale: Locale,
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  return noticePage(c, status, { lang: locale, title, body })
}

const localeOf = (value: string | undefined): Locale => (value === 'en' ? 'en' : 'de')

async function welcome(platform: Platform, subscriberId: string, list: NewsletterList) {
  const repos = repositoriesOf(platform)
  const subscriber = await repos.newsletter.subscriberById(subscriberId)
  if (!subscriber) return
  const preferencesUrl = absolute(
    platform.config,
    `/n/preferences/${await preferencesToken(platform.config, subscriber.id)}`,
  )
  const unsubscribeUrl = absolute(
    platform.config,
    `/n/unsubscribe/${await unsubscribeToken(platform.config, subscriber.id, list.id)}`,
  )
  await platform.mailer.send(
    composeMail(
      welcomeMail,
      { listName: list.name, preferencesUrl },
      {
        to: subscriber.email,
        locale: subscriber.locale,
        unsubscribe: { url: unsubscribeUrl },
        tags: [list.id],
      },
    ),
  )
}

const resendForm = (token: string, t: (typeof words)[Locale]) =>
  html`<form method="post" action="/n/confirm/resend"><input type="hidden" name="token" value="${token}"><button type="submit">${t.newLink}</button></form>`

async function formField(c: Context<AppEnv>, name: string): Promise<string | undefined> {
  const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>)
  const value = (body as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : undefined
}

type Words = (typeof words)[Locale]
type Target = { list: NewsletterList; subscriber: NewsletterSubscriber; locale: Locale; t: Words }

const invalidPage = (c: Context<AppEnv>, status: 400 | 404 | 410, locale: Locale) =>
  page(c, status, locale, words[locale].invalid, html`<p>${words[locale].invalidText}</p>`)

/**
 * The list and subscriber a token names, in the subscriber's language; or the page that says
 * the link is not valid (400 for a token that does not verify, `missing` for one naming nothing).
 */
async function targetOf(
  c: Context<AppEnv>,
  ids: { subscriberId: string; listId: string } | null,
  missing: 400 | 404 | 410,
): Promise<Target | Response> {
  const wanted = localeOf(c.req.header('accept-language')?.slice(0, 2))
  if (!ids) return invalidPage(c, 400, wanted)
  const repos = repositoriesOf(c.var.platform)
  const [list, subscriber] = await Promise.all([
    repos.newsletter.list(ids.listId),
    repos.newsletter.subscriberById(ids.subscriberId),
  ])
  if (!list || !subscriber) return invalidPage(c, missing, wanted)
  return { list, subscriber, locale: subscriber.locale, t: words[subscriber.locale] }
}

export function createNewsletterPages() {
  return new Hono<AppEnv>()
    .get('/confirm', async (c) => {
      const { platform } = c.var
      const raw = c.req.query('token')
      const token = await readConfirmToken(platform.config, raw)
      const target = await targetOf(c, token, 410)
      if (target instanceof Response) return target
      const { list, subscriber, locale, t } = target
      const repos = repositoriesOf(platform)
      const expired = token!.expiresAt.getTime() <= platform.clock.now().getTime()
      const outcome = expired
        ? 'expired'
        : await repos.newsletter.confirm(subscriber.id, list.id, token!.nonceHash)
      c.var.log.info('newsletter.confirm', { list: list.id, outcome })
      if (outcome === 'confirmed') {
        platform.background(
          welcome(platform, subscriber.id, list).catch((error) =>
            c.var.log.error('newsletter.welcome_failed', { error }),
          ),
        )
        const prefs = `/n/preferences/${await preferencesToken(platform.config, subscriber.id)}`
        return page(
          c,
          200,
          locale,
          t.confirmed,
          html`<p>${t.confirmedText(list.name)}</p><p><a href="${prefs}">${t.manage}</a></p>`,
        )
      }
      if (outcome === 'already') {
        return page(c, 410, locale, t.already, html`<p>${t.alreadyText(list.name)}</p>${resendForm(raw!, t)}`)
      }
      if (outcome === 'replaced') {
        return page(c, 410, locale, t.replaced, html`<p>${t.replacedText}</p>${resendForm(raw!, t)}`)
      }
      return page(c, 410, locale, t.expired, html`${resendForm(raw!, t)}`)
    })
    .post('/confirm/resend', async (c) => {
      const { platform } = c.var
      await limitSignUps(c)
      const token = await readConfirmToken(platform.config, await formField(c, 'token'))
      const target = await targetOf(c, token, 400)
      if (target instanceof Response) return target
      const { list, subscriber, locale, t } = target
      confirmLater(c, { email: subscriber.email, list, locale })
      return page(c, 202, locale, t.sent, html`<p>${t.sentText}</p>`)
    })
    .get('/preferences/:token', async (c) => preferencesPage(c, false))
    .post('/preferences/:token', async (c) => preferencesPage(c, true))
    .get('/unsubscribe/:token', async (c) => {
      const token = await readUnsubscribeToken(c.var.platform.config, c.req.param('token'))
      const target = await targetOf(c, token, 404)
      if (target instanceof Response) return target
      const { list, locale, t } = target
      return page(
        c,
        200,
        locale,
        t.unsubscribe,
        html`<p>${t.unsubscribeAsk(list.name)}</p><form method="post"><button type="submit">${t.unsubscribe}</button></form>`,
      )
    })
    .post('/unsubscribe/:token', async (c) => {
      const { platform } = c.var
      const token = await readUnsubscribeToken(platform.config, c.req.param('token'))
      const target = await targetOf(c, token, 404)
      if (target instanceof Response) return target
      const { list, subscriber, locale, t } = target
      const repos = repositoriesOf(platform)
      const changed = await repos.newsletter.unsubscribe(subscriber.id, list.id)
      c.var.log.info('newsletter.unsubscribe', {
        list: list.id,
        changed: changed > 0,
        oneClick: c.req.header('content-type')?.includes('form') ?? false,
      })
      const prefs = `/n/preferences/${await preferencesToken(platform.config, subscriber.id)}`
      return page(
        c,
        200,
        locale,
        t.unsubscribed,
        html`<p>${t.unsubscribedText(list.name)}</p><p><a href="${prefs}">${t.manage}</a></p>`,
      )
    })
}

async function preferencesPage(c: Context<AppEnv>, save: boolean) {
  const { platform } = c.var
  const subscriberId = await readPreferencesToken(platform.config, c.req.param('token'))
  const wanted = localeOf(c.req.header('accept-language')?.slice(0, 2))
  if (!subscriberId) return invalidPage(c, 400, wanted)
  const repos = repositoriesOf(platform)
  let subscriber = await repos.newsletter.subscriberById(subscriberId)
  if (!subscriber) return invalidPage(c, 404, wanted)
  const lists = await repos.newsletter.lists()
  let saved = false
  if (save) {
    const form = (await c.req.parseBody({ all: true }).catch(() => ({}))) as Record<
      string,
      string | string[] | File | File[]
    >
    const chosen = new Set([form.list ?? []].flat().filter((v): v is string => typeof v === 'string'))
    const locale = form.locale === 'en' || form.locale === 'de' ? form.locale : subscriber.locale
    const frequency =
      form.frequency === 'monthly' || form.frequency === 'weekly' ? form.frequency : subscriber.frequency
    await repos.newsletter.setPreferences(subscriber.id, { locale, frequency })
    const current = new Map(
      (await repos.newsletter.subscriptionsOf(subscriber.id)).map((s) => [s.listId, s.status]),
    )
    for (const list of lists) {
      const on = current.get(list.id) === 'confirmed'
      if (chosen.has(list.id) && !on) await repos.newsletter.resubscribe(subscriber.id, list.id)
      if (!chosen.has(list.id) && on) await repos.newsletter.unsubscribe(subscriber.id, list.id)
    }
    c.var.log.info('newsletter.preferences', { lists: chosen.size })
    subscriber = (await repos.newsletter.subscriberById(subscriber.id))!
    saved = true
  }
  const t = words[subscriber.locale]
  const status = new Map(
    (await repos.newsletter.subscriptionsOf(subscriber.id)).map((s) => [s.listId, s.status]),
  )
  const checked = (on: boolean) => (on ? html` checked` : '')
  return page(
    c,
    200,
    subscriber.locale,
    t.preferences,
    html`${saved ? html`<p role="status">${t.saved}</p>` : ''}
<p class="note">${subscriber.email}</p>
<form method="post">
<fieldset><legend>${t.lists}</legend>
${lists.map((l) => html`<label><input type="checkbox" name="list" value="${l.id}"${checked(status.get(l.id) === 'confirmed')}> ${l.name}</label>`)}
</fieldset>
<fieldset><legend>${t.language}</legend>
<label><input type="radio" name="locale" value="de"${checked(subscriber.locale === 'de')}> Deutsch</label>
<label><input type="radio" name="locale" value="en"${checked(subscriber.locale === 'en')}> English</label>
</fieldset>
<fieldset><legend>${t.frequency}</legend>
<label><input type="radio" name="frequency" value="weekly"${checked(subscriber.frequency === 'weekly')}> ${t.weekly}</label>
<label><input type="radio" name="frequency" value="monthly"${checked(subscriber.frequency === 'monthly')}> ${t.monthly}</label>
</fieldset>
<button type="submit">${t.save}</button>
</form>`,
  )
}
