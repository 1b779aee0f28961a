/**
 * `POST /webhooks/mailgun`: Mailgun's JSON webhooks. The signature is verified with
 * `MAILGUN_WEBHOOK_SIGNING_KEY` (401 when it does not match, when the timestamp is more than
 * 5 minutes off, or when the token was seen before: the replay guard keeps tokens past the
 * window). An event id seen before is answered 200 and not acted on again. What an event does:
 * `failed` permanent → the address is suppressed (temporary → recorded); `complained` and
 * `unsubscribed` → suppressed; `delivered`, `opened`, `clicked` → recorded. Others are
 * acknowledged (200) and ignored, so Mailgun does not retry them.
 */
import { type AppEnv, GlamError } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { SuppressionReason } from '@glam/db/repositories/mail'
import {
  MailgunWebhookError,
  mailgunEvent,
  mailgunWebhookWindowSeconds,
  verifyMailgunWebhook,
} from '@glam/mail'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'

const suppressFor: Partial<Record<string, SuppressionReason>> = {
  complained: 'complained',
  unsubscribed: 'unsubscribed',
}

export function createMailgunWebhookApp() {
  return new Hono<AppEnv>().post(
    '/',
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new GlamError('PAYLOAD_TOO_LARGE', 'A Mailgun webhook body is at most 256 KiB.')
      },
    }),
    async (c) => {
      const { platform } = c.var
      const signingKey = platform.config.mailgunWebhookSigningKey
      if (!signingKey) throw new GlamError('WEBHOOKS_NOT_CONFIGURED')
      const now = platform.clock.now()
      let hook: Awaited<ReturnType<typeof verifyMailgunWebhook>>
      try {
        hook = await verifyMailgunWebhook(await c.req.text(), { signingKey, now })
      } catch (error) {
        if (!(error instanceof MailgunWebhookError)) throw error
        c.var.log.warn('mailgun.webhook_refused', { reason: error.reason })
        throw new GlamError(
          error.reason === 'bad_signature'
            ? 'WEBHOOK_SIGNATURE_INVALID'
            : error.reason === 'stale'
              ? 'WEBHOOK_STALE'
              : 'WEBHOOK_MALFORMED',
          error.message,
        )
      }
      const repos = repositoriesOf(platform)
      const keepUntil = new Date((hook.timestamp + mailgunWebhookWindowSeconds * 2) * 1000)
      if (!(await repos.replayGuard.claim(`mailgun:${hook.token}`, keepUntil))) {
        c.var.log.warn('mailgun.webhook_replayed', {})
        throw new GlamError('WEBHOOK_REPLAYED')
      }
      const event = mailgunEvent(hook.eventData, now)
      if (!event.kind) {
        c.var.log.info('mailgun.webhook_ignored', { event: event.name })
        return c.json({ ok: true, action: 'ignored' })
      }
      const fresh = await repos.mail.recordEvent({
        id: `mailgun:${event.id}`,
        event: event.kind,
        email: event.email,
        severity: event.severity,
        reason: event.reason,
        messageId: event.messageId,
        occurredAt: event.occurredAt,
      })
      if (!fresh) {
        c.var.log.info('mailgun.webhook_duplicate', { event: event.kind })
        return c.json({ ok: true, action: 'duplicate' })
      }
      const reason: SuppressionReason | undefined = event.permanent ? 'bounced' : suppressFor[event.kind]
      let action = 'recorded'
      if (reason) {
        const added = await repos.mail.suppress({
          email: event.email,
          reason,
          source: 'mailgun',
          detail: event.reason,
          eventId: event.id,
        })
        action = added ? 'suppressed' : 'already_suppressed'
      }
      c.var.log.info('mailgun.webhook', { event: event.kind, severity: event.severity, action })
      return c.json({ ok: true, action })
    },
  )
}
