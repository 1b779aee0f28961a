/**
 * The alerts' and wishlists' pages under `/w` (server-rendered, no JavaScript needed):
 *
 * - `GET /w/confirm?token=` starts an alert set without a login; an expired, replaced or used
 *   link answers 410 with a button for a new one (`POST /w/confirm/resend`), a forged one 400;
 * - `POST /w/unsubscribe/<token>`: one-click unsubscribe (RFC 8058, a bare POST without
 *   cookies), `GET` shows the button;
 * - `GET /w/` a signed-in member's lists and alerts (else a link to log in);
 * - `GET /w/<token>` a shared wishlist, read only.
 */
import { type AppEnv, noticePage } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { SearchSourceRow } from '@glam/db/repositories/products'
import { type Context, Hono } from 'hono'
import { html } from 'hono/html'
import { alertView, sendAlertConfirmation } from './api.ts'
import { memberOf } from './member.ts'
import { readAlertConfirmToken, readAlertUnsubscribeToken, readWishlistShareToken } from './tokens.ts'
import { wishlistView } from './wishlists.ts'

type Locale = 'de' | 'en'
const words = {
  de: {
    confirmed: 'Alarm bestätigt',
    confirmedText: (p: string) => `Wir melden uns, sobald sich bei „${p}“ etwas tut.`,
    used: 'Dieser Link wurde schon benutzt',
    expired: 'Dieser Link ist abgelaufen',
    replaced: 'Es gibt einen neueren Link',
    invalid: 'Dieser Link ist ungültig',
    invalidText: 'Der Link ist unvollständig oder verändert.',
    newLink: 'Neuen Link schicken',
    sent: 'Neuer Link unterwegs',
    sentText: 'Wenn die Adresse E-Mails empfangen kann, kommt gleich ein neuer Bestätigungslink.',
    unsubscribe: 'Alarm abbestellen',
    unsubscribeAsk: (p: string) => `Keine Nachrichten mehr zu „${p}“?`,
    unsubscribed: 'Abgemeldet',
    unsubscribedText: (p: string) => `Du erhältst keine Alarme mehr zu „${p}“.`,
    lists: 'Deine Merklisten',
    alerts: 'Deine Alarme',
    none: 'Noch nichts.',
    login: 'Bitte melde dich an, um deine Merklisten zu sehen.',
    loginLink: 'Anmelden',
    shared: 'Geteilte Merkliste',
  },
  en: {
    confirmed: 'Alert confirmed',
    confirmedText: (p: string) => `We will tell you as soon as something changes for “${p}”.`,
    used: 'This link was used already',
    expired: 'This link has expired',
    replaced: 'There is a newer link',
    invalid: 'This link is not valid',
    invalidText: 'The link is incomplete or was changed.',
    newLink: 'Send me a new link',
    sent: 'A new link is on its way',
    sentText: 'If the address can receive mail, a new confirmation link arrives shortly.',
    unsubscribe: 'Stop this alert',
    unsubscribeAsk: (p: string) => `No more messages about “${p}”?`,
    unsubscribed: 'Unsubscribed',
    unsubscribedText: (p: string) => `You will get no more alerts about “${p}”.`,
    lists: 'Your wishlists',
    alerts: 'Your alerts',
    none: 'Nothing yet.',
    login: 'Log in to see your wishlists.',
    loginLink: 'Log in',
    shared: 'Shared wishlist',
  },
} as const

const localeOf = (c: Context<AppEnv>): Locale =>
  c.req.header('accept-language')?.startsWith('en') ? 'en' : 'de'
const price = (locale: Locale, minor: number, currency: string) =>
  new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency }).format(
    minor / 100,
  )
const productLine = (
  locale: Locale,
  p:
    | SearchSourceRow
    | { title: string; priceMinor: number; salePriceMinor: number | null; currency: string }
    | null
    | undefined,
) => (p ? html`${p.title} · ${price(locale, p.salePriceMinor ?? p.priceMinor, p.currency)}` : html`—`)

const invalid = (c: Context<AppEnv>, status: 400 | 404 | 410, locale = localeOf(c)) =>
  noticePage(c, status, {
    lang: locale,
    title: words[locale].invalid,
    body: html`<p>${words[locale].invalidText}</p>`,
  })

async function alertAndProduct(c: Context<AppEnv>, alertId: string | null) {
  if (!alertId) return null
  const repos = repositoriesOf(c.var.platform)
  const alert = await repos.alerts.get(alertId)
  if (!alert) return null
  return { alert, product: await repos.products.searchRowById(alert.productId) }
}

export function createAlertPages() {
  return new Hono<AppEnv>()
    .get('/confirm', async (c) => {
      const { platform } = c.var
      const raw = c.req.query('token')
      const token = await readAlertConfirmToken(platform.config, raw)
      if (!token) return invalid(c, 400)
      const found = await alertAndProduct(c, token.alertId)
      if (!found?.product) return invalid(c, 410)
      const { alert, product } = found
      const t = words[alert.locale]
      const expired = token.expiresAt.getTime() <= platform.clock.now().getTime()
      const outcome = expired
        ? 'expired'
        : await repositoriesOf(platform).alerts.confirm(alert.id, token.nonceHash)
      c.var.log.info('alerts.confirm', { outcome })
      if (outcome === 'confirmed')
        return noticePage(c, 200, {
          lang: alert.locale,
          title: t.confirmed,
          body: html`<p>${t.confirmedText(product.title)}</p>`,
        })
      const title = outcome === 'already' ? t.used : outcome === 'replaced' ? t.replaced : t.expired
      return noticePage(c, 410, {
        lang: alert.locale,
        title,
        body: html`<form method="post" action="/w/confirm/resend"><input type="hidden" name="token" value="${raw}"><button type="submit">${t.newLink}</button></form>`,
      })
    })
    .post('/confirm/resend', async (c) => {
      const { platform } = c.var
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      const token = await readAlertConfirmToken(
        platform.config,
        typeof form.token === 'string' ? form.token : undefined,
      )
      const found = await alertAndProduct(c, token?.alertId ?? null)
      if (!found?.product) return invalid(c, 400)
      const { alert, product } = found
      const t = words[alert.locale]
      if (alert.status === 'pending') {
        const log = c.var.log
        platform.background(
          sendAlertConfirmation(platform, alert, product).then(
            (outcome) => log.info('alerts.resend', { outcome }),
            (error) => log.error('alerts.resend_failed', { error }),
          ),
        )
      }
      return noticePage(c, 202, { lang: alert.locale, title: t.sent, body: html`<p>${t.sentText}</p>` })
    })
    .get('/unsubscribe/:token', async (c) => {
      const found = await alertAndProduct(
        c,
        await readAlertUnsubscribeToken(c.var.platform.config, c.req.param('token')),
      )
      if (!found) return invalid(c, 400)
      const t = words[found.alert.locale]
      return noticePage(c, 200, {
        lang: found.alert.locale,
        title: t.unsubscribe,
        body: html`<p>${t.unsubscribeAsk(found.product?.title ?? '')}</p><form method="post"><button type="submit">${t.unsubscribe}</button></form>`,
      })
    })
    .post('/unsubscribe/:token', async (c) => {
      const found = await alertAndProduct(
        c,
        await readAlertUnsubscribeToken(c.var.platform.config, c.req.param('token')),
      )
      if (!found) return invalid(c, 400)
      const changed = await repositoriesOf(c.var.platform).alerts.unsubscribe(found.alert.id)
      c.var.log.info('alerts.unsubscribe', { changed })
      const t = words[found.alert.locale]
      return noticePage(c, 200, {
        lang: found.alert.locale,
        title: t.unsubscribed,
        body: html`<p>${t.unsubscribedText(found.product?.title ?? '')}</p>`,
      })
    })
    .get('/', memberPage)
    .get('/:token', async (c) => {
      const locale = localeOf(c)
      const { platform } = c.var
      const id = await readWishlistShareToken(platform.config, c.req.param('token'))
      const list = id ? await repositoriesOf(platform).alerts.wishlist(id) : null
      if (!list) return invalid(c, 404, locale)
      const view = await wishlistView(platform, list)
      return noticePage(c, 200, {
        lang: locale,
        title: `${words[locale].shared}: ${view.name}`,
        body: html`<ul class="items">${view.items.map((i) => html`<li>${productLine(locale, i.product)}</li>`)}</ul>`,
      })
    })
}

/** `/w/`: a signed-in member's lists and alerts, else a link to log in. */
async function memberPage(c: Context<AppEnv>) {
  const locale = localeOf(c)
  const t = words[locale]
  const member = await memberOf(c)
  if (!member) {
    const login = `/auth/login?app=portal&returnTo=${encodeURIComponent('/w/')}`
    return noticePage(c, 401, {
      lang: locale,
      title: t.lists,
      body: html`<p>${t.login}</p><p><a href="${login}">${t.loginLink}</a></p>`,
    })
  }
  const { platform } = c.var
  const repos = repositoriesOf(platform)
  const lists = await Promise.all(
    (await repos.alerts.wishlistsOf(member.id)).map((l) => wishlistView(platform, l)),
  )
  const alerts = (await repos.alerts.byUser(member.id)).filter((a) => a.status !== 'unsubscribed')
  const products = new Map(
    (await repos.products.searchRowsByIds(alerts.map((a) => a.productId))).map((p) => [p.id, p]),
  )
  return noticePage(c, 200, {
    lang: locale,
    title: t.lists,
    body: html`${lists.length === 0 ? html`<p>${t.none}</p>` : ''}
${lists.map(
  (l) => html`<section><h2>${l.name}</h2><p class="note"><a href="${l.shareUrl}">${l.shareUrl}</a></p>
<ul class="items">${l.items.map((i) => html`<li>${productLine(locale, i.product)}</li>`)}</ul></section>`,
)}
<h2>${t.alerts}</h2>
${alerts.length === 0 ? html`<p>${t.none}</p>` : ''}
<ul class="items">${alerts.map((a) => {
      const v = alertView(a, products.get(a.productId))
      return html`<li>${productLine(locale, v.product)} · ${v.kind}${v.targetPriceMinor ? html` ≤ ${price(locale, v.targetPriceMinor, v.product?.currency ?? 'EUR')}` : ''}</li>`
    })}</ul>`,
  })
}

/** `/w/` itself (the sub-app at `/w` answers `/w`). */
export const createMemberPage = () => new Hono<AppEnv>().get('/', memberPage)
