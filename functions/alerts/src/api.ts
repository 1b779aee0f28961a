/**
 * `/api/alerts`: price and stock alerts on a product.
 *
 * - `POST { productId, kind, targetPriceMinor?, email?, locale?, wishlistId? }`: a signed-in
 *   member's alert is active at once (their login proved the address; 201, or 200 for one they
 *   had); without a login an address is asked to confirm by mail first, and the answer is `202`
 *   with the same body for every address (nothing tells who has alerts). Rate-limited per client
 *   address without a login.
 * - `GET` a member's alerts, `DELETE /:id` one of them.
 */
import { type AppEnv, GlamError, jsonBody, type Platform, validationHook } from '@glam/core'
import type { Alert } from '@glam/db/repositories/alerts'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { SearchSourceRow } from '@glam/db/repositories/products'
import { composeMail, doubleOptInMail, isMailbox } from '@glam/mail'
import { enforce, requestIp } from '@glam/ratelimit/enforce'
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { initialState } from './evaluate.ts'
import { memberOf, requireMember } from './member.ts'
import { absolute, alertConfirmToken, alertUnsubscribeToken } from './tokens.ts'

export const alertInput = z
  .strictObject({
    productId: z.uuid('A product id.'),
    kind: z.enum(['price_drop', 'target_price', 'back_in_stock']),
    targetPriceMinor: z.number().int().min(1).max(100_000_000).optional(),
    email: z
      .string()
      .trim()
      .max(320)
      .refine((v) => isMailbox(v) && !v.includes('<'), 'One e-mail address, e.g. lena@example.com.')
      .optional(),
    locale: z.enum(['de', 'en']).optional(),
    wishlistId: z.uuid().optional(),
  })
  .refine((v) => v.kind !== 'target_price' || v.targetPriceMinor !== undefined, {
    path: ['targetPriceMinor'],
    message: 'A target_price alert needs targetPriceMinor (the price in minor units, e.g. 1990).',
  })

export const alertAccepted = {
  status: 'accepted',
  message:
    'If this address can receive mail, a confirmation link is on its way. The alert starts once it is confirmed.',
} as const

export const alertView = (a: Alert, product?: SearchSourceRow | null) => ({
  id: a.id,
  productId: a.productId,
  product: product
    ? {
        title: product.title,
        priceMinor: product.priceMinor,
        salePriceMinor: product.salePriceMinor,
        currency: product.currency,
        availability: product.availability,
      }
    : null,
  kind: a.kind,
  targetPriceMinor: a.targetPriceMinor,
  status: a.status,
  wishlistId: a.wishlistId,
  lastAlertedAt: a.lastAlertedAt,
  lastAlertedPriceMinor: a.lastAlertedPriceMinor,
  createdAt: a.createdAt,
})

async function productOnOffer(platform: Platform, id: string) {
  const product = await repositoriesOf(platform).products.searchRowById(id)
  if (!product || product.status !== 'active' || product.shopStatus !== 'active')
    throw new GlamError('ALERT_PRODUCT_UNKNOWN')
  return product
}

/** A (new) confirmation mail for a pending alert: the newest link replaces older ones; 3 an hour per address. */
export async function sendAlertConfirmation(platform: Platform, alert: Alert, product: SearchSourceRow) {
  const repos = repositoriesOf(platform)
  const perAddress = await platform.rateLimiter.limit(`alert-mail:${alert.email}`, {
    name: 'alert-confirmation',
    limit: 3,
    windowSeconds: 3600,
  })
  if (!perAddress.allowed) return 'throttled'
  const days = platform.config.alertConfirmDays
  const expiresAt = new Date(platform.clock.now().getTime() + days * 86_400_000)
  const { token, nonceHash } = await alertConfirmToken(platform.config, alert.id, expiresAt)
  await repos.alerts.startConfirmation(alert.id, { nonceHash, expiresAt })
  const unsubscribe = absolute(
    platform.config,
    `/w/unsubscribe/${await alertUnsubscribeToken(platform.config, alert.id)}`,
  )
  await platform.mailer.send(
    composeMail(
      doubleOptInMail,
      {
        confirmUrl: absolute(platform.config, `/w/confirm?token=${encodeURIComponent(token)}`),
        listName: product.title,
        days,
      },
      {
        to: alert.email,
        locale: alert.locale,
        unsubscribe: { url: unsubscribe },
        tags: ['alert-confirmation'],
      },
    ),
  )
  return 'sent'
}

async function anonymous(
  c: Context<AppEnv>,
  input: z.output<typeof alertInput> & { email: string },
  product: SearchSourceRow,
) {
  const { platform } = c.var
  const log = c.var.log
  const repos = repositoriesOf(platform)
  const work = async () => {
    const { alert, created } = await repos.alerts.create({
      productId: product.id,
      kind: input.kind,
      email: input.email,
      locale: input.locale ?? 'de',
      status: 'pending',
      targetPriceMinor: input.targetPriceMinor ?? null,
      ...initialState(input.kind, product, input.targetPriceMinor ?? null),
    })
    if (!created && alert.status === 'active') {
      // Known and confirmed: a new target is taken; no mail.
      if (input.targetPriceMinor !== undefined && input.targetPriceMinor !== alert.targetPriceMinor)
        await repos.alerts.update(alert.id, { targetPriceMinor: input.targetPriceMinor, armed: 1 })
      return 'active'
    }
    if (!created && alert.status === 'unsubscribed')
      await repos.alerts.update(alert.id, {
        status: 'pending',
        ...initialState(input.kind, product, input.targetPriceMinor ?? null),
      })
    return sendAlertConfirmation(platform, { ...alert, status: 'pending' }, product)
  }
  platform.background(
    work().then(
      (outcome) => log.info('alerts.requested', { kind: input.kind, outcome }),
      (error) => log.error('alerts.request_failed', { error }),
    ),
  )
  c.header('Cache-Control', 'no-store')
  return c.json(alertAccepted, 202)
}

export function createAlertsApp() {
  return new Hono<AppEnv>()
    .post('/', jsonBody(8 * 1024), zValidator('json', alertInput, validationHook), async (c) => {
      const input = c.req.valid('json')
      const { platform } = c.var
      const member = await memberOf(c)
      if (!member || (input.email && input.email.toLowerCase() !== member.email.toLowerCase())) {
        if (!input.email)
          throw new GlamError('VALIDATION_FAILED', 'Log in, or give the e-mail address the alert goes to.', {
            details: [{ path: 'email', message: 'required without a login' }],
          })
        await enforce(c, [
          [
            `alerts:${requestIp(c)}`,
            { name: 'alert-signup', limit: platform.config.alertSignupLimit, windowSeconds: 3600 },
          ],
        ])
        const product = await productOnOffer(platform, input.productId)
        return anonymous(c, { ...input, email: input.email }, product)
      }
      await requireMember(c, async () => {})
      const product = await productOnOffer(platform, input.productId)
      const repos = repositoriesOf(platform)
      if (input.wishlistId) {
        const list = await repos.alerts.wishlist(input.wishlistId)
        if (list?.userId !== member.id) throw new GlamError('WISHLIST_NOT_FOUND')
      }
      const start = initialState(input.kind, product, input.targetPriceMinor ?? null)
      const { alert, created } = await repos.alerts.create({
        productId: product.id,
        kind: input.kind,
        email: member.email,
        locale: input.locale ?? 'de',
        status: 'active',
        userId: member.id,
        targetPriceMinor: input.targetPriceMinor ?? null,
        wishlistId: input.wishlistId ?? null,
        ...start,
      })
      if (!created) {
        // The member's own again (or one their address set before logging in): theirs, active, this target.
        await repos.alerts.update(alert.id, {
          status: 'active',
          userId: member.id,
          confirmNonce: null,
          targetPriceMinor: input.targetPriceMinor ?? alert.targetPriceMinor,
          ...(input.wishlistId && { wishlistId: input.wishlistId }),
          ...(alert.status !== 'active' && start),
        })
      }
      const saved = (await repos.alerts.get(alert.id))!
      c.var.log.info('alerts.member', { kind: saved.kind, created })
      return c.json(alertView(saved, product), created ? 201 : 200)
    })
    .get('/', requireMember, async (c) => {
      const repos = repositoriesOf(c.var.platform)
      const alerts = await repos.alerts.byUser(c.var.member.id)
      const products = new Map(
        (await repos.products.searchRowsByIds([...new Set(alerts.map((a) => a.productId))])).map((p) => [
          p.id,
          p,
        ]),
      )
      return c.json({
        items: alerts
          .filter((a) => a.status !== 'unsubscribed')
          .map((a) => alertView(a, products.get(a.productId))),
      })
    })
    .delete('/:id', requireMember, async (c) => {
      const repos = repositoriesOf(c.var.platform)
      const alert = await repos.alerts.get(c.req.param('id'))
      if (alert?.userId !== c.var.member.id) throw new GlamError('ALERT_NOT_FOUND')
      await repos.alerts.remove(alert.id)
      return c.body(null, 204)
    })
}
