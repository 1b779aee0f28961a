/**
 * The development and test mailer: messages are checked like real ones, then kept in memory
 * (bounded) instead of being delivered. `/dev/mailbox` lists them; the log gets one line per
 * message with its id and tags, never its addresses or body.
 */
import type { Logger, Mailer, Outbox } from '@glam/core'
import { checkBatch, expandBatch } from './batch.ts'
import { checkMessage, type OutboxMail } from './message.ts'

export interface OutboxMailerOptions {
  logger?: Logger
  now?: () => Date
  /** Most messages kept; older ones are dropped first. Default 200. */
  keep?: number
}

export interface OutboxMailer extends Mailer {
  /** Kept messages in the order they were sent (oldest first). */
  readonly outbox: readonly OutboxMail[]
  /** Newest first, at most `limit` (default 100). */
  list(limit?: number): OutboxMail[]
  clear(): void
  health(): Promise<{ status: 'ok'; messages: number; detail: string }>
}

const outboxes = new WeakMap<Mailer, Outbox>()

/** The platform's `outbox` port for a mailer: its kept mail if it is an outbox mailer, else none. */
export const outboxOf = (mailer: Mailer): Outbox | undefined => outboxes.get(mailer)

export function createOutboxMailer(options: OutboxMailerOptions = {}): OutboxMailer {
  const keep = options.keep ?? 200
  if (!Number.isInteger(keep) || keep < 1 || keep > 10_000) throw new TypeError('keep must be 1 to 10000')
  const now = options.now ?? (() => new Date())
  const outbox: OutboxMail[] = []
  const mailer: OutboxMailer = {
    adapter: 'outbox',
    outbox,
    async send(message) {
      const checked = checkMessage(message)
      const id = `<${crypto.randomUUID()}@outbox.glam>`
      outbox.push({ ...checked, id, sentAt: now().toISOString() })
      if (outbox.length > keep) outbox.splice(0, outbox.length - keep)
      options.logger?.info('mail.outbox', {
        id,
        tags: checked.tags,
        hasHtml: checked.html !== undefined,
        note: 'kept in the development outbox (see /dev/mailbox), not delivered',
      })
      return { id }
    },
    /** Each recipient's copy kept on its own, placeholders replaced (what Mailgun would deliver). */
    async sendBatch(batch) {
      checkBatch(batch)
      let id = ''
      for (const message of expandBatch(batch)) id ||= (await mailer.send(message)).id
      return { id, skipped: [] }
    },
    list(limit = 100) {
      return limit >= 1 ? outbox.slice(-Math.floor(limit)).reverse() : []
    },
    clear() {
      outbox.length = 0
    },
    async health() {
      return { status: 'ok', messages: outbox.length, detail: 'development outbox: nothing is delivered' }
    },
  }
  outboxes.set(mailer, { latest: (limit) => mailer.list(limit) })
  return mailer
}
