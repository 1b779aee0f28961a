/**
 * Batches: one message, many recipients, `%recipient.<name>%` replaced per recipient (what
 * Mailgun does with `recipient-variables`). Mailers that cannot send a batch in one call (the
 * outbox) send each recipient's copy on its own, expanded here the same way.
 */
import { type BatchMessage, GlamError, type MailMessage } from '@glam/core'

export const maxBatchRecipients = 1000
const placeholder = /%recipient\.([A-Za-z0-9_]{1,64})%/g

/** Replaces `%recipient.<name>%` with the recipient's value (a missing one becomes empty, as at Mailgun). */
export function substitute(text: string, variables: Record<string, string>): string {
  return text.replace(placeholder, (_, name: string) => variables[name] ?? '')
}

/** Refuses an empty or oversized batch, or one naming an address twice. */
export function checkBatch(batch: BatchMessage): void {
  const n = batch.recipients?.length ?? 0
  if (n < 1 || n > maxBatchRecipients) {
    throw new GlamError('VALIDATION_FAILED', `A batch has 1 to ${maxBatchRecipients} recipients.`)
  }
  const seen = new Set<string>()
  for (const r of batch.recipients) {
    const key = r.to.trim().toLowerCase()
    if (seen.has(key)) throw new GlamError('VALIDATION_FAILED', 'A batch names each address once.')
    seen.add(key)
  }
}

/** Each recipient's own message. */
export function expandBatch(batch: BatchMessage): MailMessage[] {
  return batch.recipients.map(({ to, variables }) => {
    const message: MailMessage = {
      to,
      subject: substitute(batch.subject, variables),
      text: substitute(batch.text, variables),
    }
    if (batch.html !== undefined) message.html = substitute(batch.html, variables)
    if (batch.tags) message.tags = batch.tags
    if (batch.headers) {
      message.headers = Object.fromEntries(
        Object.entries(batch.headers).map(([k, v]) => [k, substitute(v, variables)]),
      )
    }
    return message
  })
}
