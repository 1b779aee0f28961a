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
import { type Context, Hono } from 'hono'
import { html } from 'hono/html'
import { sendAlertConfirmation } from './api.ts'
import { localeOf, productLine, words } from './copy.ts'
import { createMemberForms, memberPage } from './member-page.ts'
import { wishlistView } from './service.ts'
import { readAlertConfirmToken, readUnsubscribeLink, readWishlistShareToken } from './tokens.ts'

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
      const link = await readUnsubscribeLink(c.var.platform.config, c.req.param('token'))
      const found = await alertAndProduct(c, link?.alertId ?? null)
      if (!link || !found) return invalid(c, 400)
      const t = words[found.alert.locale]
      const ask = link.daily ? t.unsubscribeDailyAsk : t.unsubscribeAsk(found.product?.title ?? '')
      return noticePage(c, 200, {
        lang: found.alert.locale,
        title: t.unsubscribe,
        body: html`<p>${ask}</p><form method="post"><button type="submit">${t.unsubscribe}</button></form>`,
      })
    })
    .post('/unsubscribe/:token', async (c) => {
      const link = await readUnsubscribeLink(c.var.platform.config, c.req.param('token'))
      const found = await alertAndProduct(c, link?.alertId ?? null)
      if (!link || !found) return invalid(c, 400)
      const alerts = repositoriesOf(c.var.platform).alerts
      const changed = link.daily
        ? await alerts.unsubscribeDaily(found.alert.email)
        : Number(await alerts.unsubscribe(found.alert.id))
      c.var.log.info('alerts.unsubscribe', { changed, daily: link.daily })
      const t = words[found.alert.locale]
      return noticePage(c, 200, {
        lang: found.alert.locale,
        title: t.unsubscribed,
        body: html`<p>${link.daily ? t.unsubscribedDailyText : t.unsubscribedText(found.product?.title ?? '')}</p>`,
      })
    })
    .get('/', memberPage)
    .route('/', createMemberForms())
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

/** `/w/` itself (the sub-app at `/w` answers `/w`). */
export const createMemberPage = () => new Hono<AppEnv>().get('/', memberPage)
