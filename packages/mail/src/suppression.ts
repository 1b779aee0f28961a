/**
 * Every send through the mailer port skips suppressed addresses (hard bounces, complaints,
 * unsubscribes at Mailgun, staff entries) and records the skip: the platform wraps its mailer
 * once with this, whatever the adapter. A lookup that fails stops the send (SERVICE_UNAVAILABLE):
 * mail to an address that asked for none is worse than mail that comes a little later.
 *
 * ```ts
 * const mailer = withSuppressions(createMailgunMailer(…), { isSuppressed, skipped, logger })
 * await mailer.send(message) // { id: 'suppressed', skipped: 'suppressed' } for a suppressed address
 * ```
 */
import { type BatchMessage, GlamError, type Logger, type Mailer, type MailMessage } from '@glam/core'
import { checkBatch, expandBatch } from './batch.ts'

export interface SuppressionCheck {
  /** The addresses among these (lower-cased) that no mail may go to. */
  suppressedAmong(emails: readonly string[]): Promise<Set<string>>
  /** Records that a message to this address was skipped. */
  skipped(email: string, tags: readonly string[]): Promise<void>
  logger?: Logger
}

const plainAddress = (to: string) => (/<([^<>]+)>\s*$/.exec(to)?.[1] ?? to).trim().toLowerCase()

const suppressedMarker = new WeakSet<Mailer>()

/** True for a mailer already wrapped (wrapping twice would look every address up twice). */
export const checksSuppressions = (mailer: Mailer) => suppressedMarker.has(mailer)

export function withSuppressions(inner: Mailer, check: SuppressionCheck): Mailer {
  if (checksSuppressions(inner)) return inner
  const suppressedAmong = async (to: readonly string[]) => {
    try {
      return await check.suppressedAmong(to.map(plainAddress))
    } catch (cause) {
      check.logger?.error('mail.suppression_lookup_failed', { error: cause })
      throw new GlamError('SERVICE_UNAVAILABLE', 'Mail cannot be sent right now; try again later.', { cause })
    }
  }
  const skip = async (to: string, tags: readonly string[]) => {
    check.logger?.info('mail.suppressed', { tags })
    await check.skipped(plainAddress(to), tags).catch((error) => {
      check.logger?.warn('mail.skip_not_recorded', { error })
    })
  }
  // The adapter's own fields and methods (its health, an outbox's messages) stay reachable.
  const mailer: Mailer = Object.assign(Object.create(inner) as Mailer, {
    async send(message: MailMessage) {
      if ((await suppressedAmong([message.to])).size > 0) {
        await skip(message.to, message.tags ?? [])
        return { id: 'suppressed', skipped: 'suppressed' as const }
      }
      return inner.send(message)
    },
    async sendBatch(batch: BatchMessage) {
      checkBatch(batch)
      const skipped: string[] = []
      const recipients = []
      const blocked = await suppressedAmong(batch.recipients.map((r) => r.to))
      for (const r of batch.recipients) {
        if (blocked.has(plainAddress(r.to))) {
          skipped.push(r.to)
          await skip(r.to, batch.tags ?? [])
        } else recipients.push(r)
      }
      if (recipients.length === 0) return { id: '', skipped }
      const rest = { ...batch, recipients }
      if (inner.sendBatch) {
        const result = await inner.sendBatch(rest)
        return { id: result.id, skipped: [...skipped, ...result.skipped] }
      }
      let id = ''
      for (const message of expandBatch(rest)) id ||= (await inner.send(message)).id
      return { id, skipped }
    },
  })
  suppressedMarker.add(mailer)
  return mailer
}
