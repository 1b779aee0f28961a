/**
 * `/api/mail/suppressions`: the addresses no mail goes to, for staff (`mail:read`,
 * `mail:write`): list (by address, `q` for a part of it), look one up with its recent events,
 * add one by hand, lift one. Every change is audited (`mail_suppressions.*`).
 */
import { requirePlatformCaller } from '@glam/auth'
import { type AppEnv, GlamError, jsonBody, validationHook } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { MailSuppression } from '@glam/db/repositories/mail'
import { isMailbox } from '@glam/mail'
import { zValidator } from '@hono/zod-validator'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'

export const suppressionListQuery = z.strictObject({
  q: z.string().trim().max(320).optional(),
  cursor: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
})
const address = z
  .string()
  .trim()
  .max(320)
  .refine((v) => isMailbox(v) && !v.includes('<'), 'One e-mail address.')
export const suppressionInput = z.strictObject({ email: address, detail: z.string().max(500).optional() })

const view = (s: MailSuppression) => ({
  email: s.email,
  reason: s.reason,
  detail: s.detail,
  source: s.source,
  eventId: s.eventId,
  createdAt: s.createdAt,
})

const audit = (c: Context<AppEnv>, action: string, email: string, details: Record<string, unknown>) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action,
    targetType: 'mail_suppressions',
    targetId: email,
    details,
    requestId: c.var.requestId,
  })

const emailParam = (c: Context<AppEnv>) => {
  const parsed = address.safeParse(decodeURIComponent(c.req.param('email') ?? ''))
  if (!parsed.success) throw new GlamError('VALIDATION_FAILED', 'The path ends in one e-mail address.')
  return parsed.data.toLowerCase()
}

export function createSuppressionsApp() {
  return new Hono<AppEnv>()
    .get(
      '/',
      requirePlatformCaller('mail:read'),
      zValidator('query', suppressionListQuery, validationHook),
      async (c) => {
        const q = c.req.valid('query')
        const page = await repositoriesOf(c.var.platform).mail.listSuppressions(q)
        c.header('Cache-Control', 'private, no-store')
        return c.json({ items: page.items.map(view), nextCursor: page.nextCursor })
      },
    )
    .post(
      '/',
      requirePlatformCaller('mail:write'),
      jsonBody(),
      zValidator('json', suppressionInput, validationHook),
      async (c) => {
        const { email, detail } = c.req.valid('json')
        const repos = repositoriesOf(c.var.platform)
        const added = await repos.mail.suppress({
          email,
          reason: 'manual',
          source: 'staff',
          detail: detail ?? null,
        })
        if (added) await audit(c, 'mail_suppressions.add', email.toLowerCase(), {})
        const entry = await repos.mail.suppressed(email)
        return c.json(view(entry!), added ? 201 : 200)
      },
    )
    .get('/:email', requirePlatformCaller('mail:read'), async (c) => {
      const email = emailParam(c)
      const repos = repositoriesOf(c.var.platform)
      const entry = await repos.mail.suppressed(email)
      if (!entry) throw new GlamError('SUPPRESSION_NOT_FOUND')
      const events = await repos.mail.events(email, 20)
      c.header('Cache-Control', 'private, no-store')
      return c.json({
        ...view(entry),
        events: events.map((e) => ({
          id: e.id,
          event: e.event,
          severity: e.severity,
          reason: e.reason,
          occurredAt: e.occurredAt,
        })),
      })
    })
    .delete('/:email', requirePlatformCaller('mail:write'), async (c) => {
      const email = emailParam(c)
      const lifted = await repositoriesOf(c.var.platform).mail.lift(email)
      if (!lifted) throw new GlamError('SUPPRESSION_NOT_FOUND')
      await audit(c, 'mail_suppressions.lift', email, { reason: lifted.reason })
      c.var.log.info('mail.suppression_lifted', { reason: lifted.reason })
      return c.body(null, 204)
    })
}
