import type { Logger, Mailer, MailMessage } from '@glam/core'

export interface OutboxMail extends MailMessage {
  id: string
  sentAt: string
}

/** Development mailer: keeps messages in an outbox instead of sending them. */
export function createOutboxMailer(options: { logger?: Logger; now?: () => Date; keep?: number } = {}) {
  const outbox: OutboxMail[] = []
  const keep = options.keep ?? 500
  const mailer: Mailer & { outbox: readonly OutboxMail[] } = {
    adapter: 'outbox',
    outbox,
    async send(message) {
      const id = crypto.randomUUID()
      outbox.push({ ...message, id, sentAt: (options.now?.() ?? new Date()).toISOString() })
      if (outbox.length > keep) outbox.splice(0, outbox.length - keep)
      options.logger?.info('mail.outbox', { id, subject: message.subject, tags: message.tags })
      return { id }
    },
    async health() {
      return { status: 'ok', messages: outbox.length, detail: 'development outbox: nothing is delivered' }
    },
  }
  return mailer
}
