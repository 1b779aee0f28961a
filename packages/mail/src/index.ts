/**
 * @module @glam/mail
 * The mail port's adapters and templates: Mailgun (mailgun.js) for production, an in-memory
 * outbox for development and tests (listed at `/dev/mailbox`), and typed templates with text
 * and HTML parts in German and English.
 *
 * ```ts
 * import { composeMail, createMailgunMailer, loginCodeMail } from '@glam/mail'
 *
 * const mailer = createMailgunMailer({ apiKey, domain: 'mg.glam.example', from: 'Glam <no-reply@mg.glam.example>' })
 * await mailer.send(composeMail(loginCodeMail, { code: '482913', minutes: 10 }, { to, locale: 'de' }))
 * ```
 */

export { checkBatch, expandBatch, maxBatchRecipients, substitute } from './batch.ts'
export {
  createMailgunMailer,
  type MailgunMailer,
  type MailgunMailerOptions,
  mailgunRegions,
} from './mailgun.ts'
export { MailgunHttpError, MailgunNetworkError } from './mailgun-transport.ts'
export { linksOf, renderMarkdown } from './markdown.ts'
export { type CheckedMessage, checkMessage, isMailbox, type OutboxMail } from './message.ts'
export { createOutboxMailer, type OutboxMailer, type OutboxMailerOptions, outboxOf } from './outbox.ts'
export { checksSuppressions, type SuppressionCheck, withSuppressions } from './suppression.ts'
export * from './templates/index.ts'
export {
  type MailgunEvent,
  type MailgunEventKind,
  MailgunWebhookError,
  mailgunEvent,
  mailgunWebhookWindowSeconds,
  signMailgunWebhook,
  type VerifiedWebhook,
  verifyMailgunWebhook,
} from './webhook.ts'
