/**
 * `/api/newsletter/sends` (staff: `newsletter:write` to send, `newsletter:read` to watch): a
 * newsletter issue to a list. `POST { list, subject, body }` (Markdown) answers 202 with the
 * send; each http(s) link of the body gets a tracked shortlink (channel `newsletter`, the
 * list's customer) so clicks and sales from the newsletter are attributed; the send runs in the
 * background. `GET /:id` is its progress, `GET /:id/recipients` the record per recipient.
 */
import { requirePlatformCaller } from '@glam/auth'
import { forgetLink } from '@glam/commerce/link-cache'
import { type AppEnv, GlamError, jsonBody, normalizeWebUrl, validationHook } from '@glam/core'
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { NewsletterSend } from '@glam/db/repositories/newsletter'
import { linksOf } from '@glam/mail'
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { runSend } from './send-run.ts'
import { knownList } from './subscribe.ts'

export const sendInput = z.strictObject({
  list: z.string().regex(/^[a-z0-9][a-z0-9-]{1,31}$/, 'A list id such as news-de.'),
  subject: z.string().trim().min(1).max(300),
  body: z.string().min(1).max(100_000),
})
const maxLinks = 50

export const sendView = (s: NewsletterSend) => ({
  id: s.id,
  list: s.listId,
  subject: s.subject,
  status: s.status,
  total: s.total,
  sent: s.sent,
  skipped: s.skipped,
  failed: s.failed,
  pending: Math.max(0, s.total - s.sent - s.skipped - s.failed),
  links: s.links,
  error: s.error,
  createdAt: s.createdAt,
  startedAt: s.startedAt,
  finishedAt: s.finishedAt,
})

const sendOf = async (c: Context<AppEnv>) => {
  const send = await repositoriesOf(c.var.platform).newsletter.send(c.req.param('id') ?? '')
  if (!send) throw new GlamError('NEWSLETTER_SEND_NOT_FOUND')
  return send
}

export function createSendsApp() {
  return new Hono<AppEnv>()
    .post(
      '/',
      requirePlatformCaller('newsletter:write'),
      jsonBody(256 * 1024),
      zValidator('json', sendInput, validationHook),
      async (c) => {
        const { platform } = c.var
        const input = c.req.valid('json')
        const list = await knownList(platform, input.list)
        const urls = linksOf(input.body)
        if (urls.length > maxLinks) {
          throw new GlamError('VALIDATION_FAILED', `A newsletter has at most ${maxLinks} different links.`, {
            details: [{ path: 'body', message: `${urls.length} links` }],
          })
        }
        const repos = repositoriesOf(platform)
        const principal = c.var.principal!
        const links: { url: string; slug: string | null }[] = urls.map((url) => ({ url, slug: null }))
        const send = await repos.newsletter.createSend({
          listId: list.id,
          subject: input.subject,
          body: input.body,
          links,
          createdByType: principal.kind,
          createdBy: principal.id,
        })
        if (list.customerId) {
          const stem = `nl-${send.id.replace(/-/g, '').slice(-10)}`
          for (const [i, link] of links.entries()) {
            const destination = normalizeWebUrl(link.url)
            if (!destination || destination.length > 2048) continue
            const slug = `${stem}-${i + 1}`
            try {
              await repos.links.create({
                slug,
                destination,
                customerId: list.customerId,
                channel: 'newsletter',
              })
              await forgetLink(platform, slug)
              link.slug = slug
            } catch (error) {
              if (!isUniqueViolation(error)) throw error
            }
          }
          await repos.newsletter.setLinks(send.id, links)
        }
        await repos.audit.record({
          actorType: principal.kind,
          actorId: principal.id,
          action: 'newsletter_sends.create',
          targetType: 'newsletter_sends',
          targetId: send.id,
          details: { list: list.id, links: links.length },
          requestId: c.var.requestId,
        })
        const log = c.var.log
        platform.background(
          runSend(platform, send.id, { logger: log }).catch((error) =>
            log.error('newsletter.send_failed', { sendId: send.id, error }),
          ),
        )
        return c.json(sendView({ ...send, links }), 202)
      },
    )
    .get('/:id', requirePlatformCaller('newsletter:read'), async (c) => {
      c.header('Cache-Control', 'private, no-store')
      return c.json(sendView(await sendOf(c)))
    })
    .get('/:id/recipients', requirePlatformCaller('newsletter:read'), async (c) => {
      const send = await sendOf(c)
      const rows = await repositoriesOf(c.var.platform).newsletter.deliveries(send.id, 1000)
      c.header('Cache-Control', 'private, no-store')
      return c.json({
        items: rows.map((d) => ({
          email: d.email,
          locale: d.locale,
          status: d.status,
          messageId: d.messageId,
          error: d.error,
          updatedAt: d.updatedAt,
        })),
      })
    })
}
