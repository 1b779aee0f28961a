/**
 * Signing up: `POST /api/newsletter/subscribe {email, list, locale}` answers 202 with the same
 * body for every address (new, pending, confirmed or suppressed), so the answer tells nothing
 * about who is subscribed; the work (the subscriber, a new confirmation nonce, the mail) runs
 * after the answer. One client address may sign up `GLAM_NEWSLETTER_SUBSCRIBE_LIMIT` times an
 * hour; one e-mail address gets at most 3 confirmation mails an hour, whoever asks.
 */
import { type AppEnv, GlamError, jsonBody, type Platform, validationHook } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { NewsletterList } from '@glam/db/repositories/newsletter'
import { composeMail, doubleOptInMail, isMailbox } from '@glam/mail'
import { enforce, requestIp } from '@glam/ratelimit/enforce'
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { absolute, confirmToken, unsubscribeToken } from './tokens.ts'

export const subscribeInput = z.strictObject({
  email: z
    .string()
    .trim()
    .max(320)
    .refine((v) => isMailbox(v) && !v.includes('<'), 'One e-mail address, e.g. lena@example.com.'),
  list: z.string().regex(/^[a-z0-9][a-z0-9-]{1,31}$/, 'A list id such as news-de.'),
  locale: z.enum(['de', 'en']).optional(),
})

export const subscribeAnswer = {
  status: 'accepted',
  message:
    'If this address can receive mail, a confirmation link is on its way. Nothing is sent until it is confirmed.',
} as const

/** Sign-ups per client address: limited before anything is looked up. */
export const limitSignUps = (c: Context<AppEnv>) =>
  enforce(c, [
    [
      `newsletter:${requestIp(c)}`,
      {
        name: 'newsletter-subscribe',
        limit: c.var.platform.config.newsletterSubscribeLimit,
        windowSeconds: 3600,
      },
    ],
  ])

export async function knownList(platform: Platform, id: string): Promise<NewsletterList> {
  const list = await repositoriesOf(platform).newsletter.list(id)
  if (!list) throw new GlamError('NEWSLETTER_LIST_UNKNOWN', `There is no newsletter list ${id}.`)
  return list
}

/**
 * A (new) confirmation for this address and list: the newest link replaces older ones. A
 * confirmed subscription gets no mail; an address past its 3 mails this hour neither.
 */
export async function sendConfirmation(
  platform: Platform,
  input: { email: string; list: NewsletterList; locale: 'de' | 'en' },
): Promise<'sent' | 'confirmed' | 'throttled'> {
  const repos = repositoriesOf(platform)
  const subscriber = await repos.newsletter.subscriber(input.email, input.locale)
  const current = await repos.newsletter.subscription(subscriber.id, input.list.id)
  if (current?.status === 'confirmed') return 'confirmed'
  const perAddress = await platform.rateLimiter.limit(`newsletter-mail:${subscriber.id}`, {
    name: 'newsletter-confirmation',
    limit: 3,
    windowSeconds: 3600,
  })
  if (!perAddress.allowed) return 'throttled'
  const days = platform.config.newsletterConfirmDays
  const expiresAt = new Date(platform.clock.now().getTime() + days * 86_400_000)
  const { token, nonceHash } = await confirmToken(platform.config, {
    subscriberId: subscriber.id,
    listId: input.list.id,
    expiresAt,
  })
  if (
    (await repos.newsletter.startConfirmation(subscriber.id, input.list.id, { nonceHash, expiresAt })) ===
    'confirmed'
  )
    return 'confirmed'
  const confirmUrl = absolute(platform.config, `/n/confirm?token=${encodeURIComponent(token)}`)
  const unsubscribeUrl = absolute(
    platform.config,
    `/n/unsubscribe/${await unsubscribeToken(platform.config, subscriber.id, input.list.id)}`,
  )
  await platform.mailer.send(
    composeMail(
      doubleOptInMail,
      { confirmUrl, listName: input.list.name, days },
      {
        to: subscriber.email,
        locale: input.locale,
        unsubscribe: { url: unsubscribeUrl },
        tags: [input.list.id],
      },
    ),
  )
  return 'sent'
}

/** Runs after the answer; its outcome is logged, never answered. */
export function confirmLater(
  c: Context<AppEnv>,
  input: { email: string; list: NewsletterList; locale: 'de' | 'en' },
) {
  const { platform } = c.var
  const log = c.var.log
  platform.background(
    sendConfirmation(platform, input).then(
      (outcome) => log.info('newsletter.subscribe', { list: input.list.id, outcome }),
      (error) => log.error('newsletter.subscribe_failed', { list: input.list.id, error }),
    ),
  )
}

export function createSubscribeApp() {
  return new Hono<AppEnv>()
    .post('/subscribe', jsonBody(8 * 1024), zValidator('json', subscribeInput, validationHook), async (c) => {
      await limitSignUps(c)
      const input = c.req.valid('json')
      const list = await knownList(c.var.platform, input.list)
      confirmLater(c, { email: input.email, list, locale: input.locale ?? list.locale })
      c.header('Cache-Control', 'no-store')
      return c.json(subscribeAnswer, 202)
    })
    .get('/lists', async (c) => {
      const lists = await repositoriesOf(c.var.platform).newsletter.lists()
      c.header('Cache-Control', 'public, max-age=60')
      return c.json({ items: lists.map((l) => ({ id: l.id, name: l.name, locale: l.locale })) })
    })
}
