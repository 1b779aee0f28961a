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
import { assertSameOrigin } from '@glam/auth'
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
import {
  type AlertView,
  alertsOf,
  createMemberAlert,
  deleteAlert,
  hasTarget,
  memberAlertFields,
  productOnOffer,
} from './service.ts'
import { absolute, alertConfirmToken, alertUnsubscribeToken } from './tokens.ts'

export const alertInput = memberAlertFields
  .extend({
    email: z
      .string()
      .trim()
      .max(320)
      .refine((v) => isMailbox(v) && !v.includes('<'), 'One e-mail address, e.g. lena@example.com.')
      .optional(),
  })
  .refine(hasTarget, {
    path: ['targetPriceMinor'],
    message: 'A target_price alert needs targetPriceMinor (the price in minor units, e.g. 1990).',
  })

export const alertAccepted = {
  status: 'accepted',
  message:
    'If this address can receive mail, a confirmation link is on its way. The alert starts once it is confirmed.',
} as const

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

/** Without a login: the alert waits for its address's confirmation, made in the background. */
function requestByMail(
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
      frequency: input.frequency ?? 'instant',
      targetPriceMinor: input.targetPriceMinor ?? null,
      ...initialState(input.kind, product, input.targetPriceMinor ?? null),
    })
    if (!created && alert.status === 'active') {
      // Known and confirmed: a new target or frequency is taken; no mail.
      if (input.targetPriceMinor !== undefined && input.targetPriceMinor !== alert.targetPriceMinor)
        await repos.alerts.update(alert.id, { targetPriceMinor: input.targetPriceMinor, armed: 1 })
      if (input.frequency && input.frequency !== alert.frequency)
        await repos.alerts.update(alert.id, { frequency: input.frequency })
      return 'active'
    }
    if (!created && alert.status !== 'active')
      await repos.alerts.update(alert.id, {
        status: 'pending',
        ...(input.frequency && { frequency: input.frequency }),
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
}

export type PlacedAlert = { by: 'member'; alert: AlertView; created: boolean } | { by: 'mail' }

/**
 * An alert from the API or the portal's form: a signed-in member's (their own address, or none
 * given) is active at once; any other address is asked to confirm by mail (rate-limited per
 * client address, the same answer for every address).
 */
export async function placeAlert(
  c: Context<AppEnv>,
  input: z.output<typeof alertInput>,
): Promise<PlacedAlert> {
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
    requestByMail(c, { ...input, email: input.email }, product)
    return { by: 'mail' }
  }
  // A member's change: from Glam's own origin only (CSRF).
  await assertSameOrigin(c)
  return { by: 'member', ...(await createMemberAlert(platform, member, input)) }
}

export function createAlertsApp() {
  return new Hono<AppEnv>()
    .post('/', jsonBody(8 * 1024), zValidator('json', alertInput, validationHook), async (c) => {
      const placed = await placeAlert(c, c.req.valid('json'))
      c.header('Cache-Control', 'no-store')
      if (placed.by === 'mail') return c.json(alertAccepted, 202)
      return c.json(placed.alert, placed.created ? 201 : 200)
    })
    .get('/', requireMember, async (c) => c.json({ items: await alertsOf(c.var.platform, c.var.member) }))
    .delete('/:id', requireMember, async (c) => {
      await deleteAlert(c.var.platform, c.var.member, c.req.param('id'))
      return c.body(null, 204)
    })
}
