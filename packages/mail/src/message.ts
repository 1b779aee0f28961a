/**
 * What every mailer checks before a message leaves: one recipient, no header injection,
 * sane sizes. A message that fails is refused with VALIDATION_FAILED and nothing is sent.
 */
import { GlamError, type KeptMessage, type MailMessage } from '@glam/core'

/** A message as the outbox keeps it: the platform's `outbox` port hands out this shape. */
export type OutboxMail = KeptMessage

// Deliberately plain: a local part and a dotted domain, none of the characters that would
// let one string become several recipients or a header (`,;<>()"` whitespace, CR/LF).
const address = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/
// `Display Name <address>`; the name may not contain the characters above either.
const named = /^([^\r\n<>,;"\\]{1,100}?)\s*<([^<>]+)>$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters (CR, LF, NUL…) is its job
const controls = /[\u0000-\u001f\u007f]/
const headerName = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/
// Set by the mailer from its own fields; a message may not override them.
const reservedHeaders = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'sender',
  'return-path',
  'content-type',
  'content-transfer-encoding',
  'mime-version',
  'message-id',
  'date',
])
const maxBodyBytes = 2 * 1024 * 1024

/** True for `lena@example.com` and `Lena Example <lena@example.com>`. */
export function isMailbox(value: string): boolean {
  if (typeof value !== 'string' || value.length > 320 || controls.test(value)) return false
  const match = named.exec(value.trim())
  return address.test(match ? match[2]! : value)
}

export interface CheckedMessage extends MailMessage {
  tags: string[]
  headers: Record<string, string>
}

export function checkMessage(message: MailMessage): CheckedMessage {
  const problems: { path: string; message: string }[] = []
  const problem = (path: string, text: string) => problems.push({ path, message: text })
  const { to, subject, text, html } = message
  if (!isMailbox(to)) problem('to', 'must be one address, optionally with a display name')
  if (
    typeof subject !== 'string' ||
    subject.trim() === '' ||
    subject.length > 500 ||
    controls.test(subject)
  ) {
    problem('subject', 'must be one line of 1 to 500 characters')
  }
  if (typeof text !== 'string' || text.trim() === '') problem('text', 'must not be empty')
  if (html !== undefined && typeof html !== 'string') problem('html', 'must be a string')
  const bytes = new TextEncoder().encode(`${text ?? ''}${html ?? ''}`).byteLength
  if (bytes > maxBodyBytes) problem('text', `text and html together must stay under ${maxBodyBytes} bytes`)
  const tags = message.tags ?? []
  // Mailgun keeps at most three tags per message; ASCII, 128 characters each.
  if (!Array.isArray(tags) || tags.length > 3) problem('tags', 'at most 3 tags')
  else if (!tags.every((t) => typeof t === 'string' && /^[\x21-\x7e]{1,128}$/.test(t))) {
    problem('tags', 'tags are 1 to 128 printable ASCII characters')
  }
  const headers = message.headers ?? {}
  const entries = Object.entries(headers)
  if (entries.length > 20) problem('headers', 'at most 20 headers')
  for (const [name, value] of entries) {
    if (!headerName.test(name) || reservedHeaders.has(name.toLowerCase())) {
      problem(`headers.${name}`, 'is not a header a message may set')
    } else if (typeof value !== 'string' || value.length > 2000 || controls.test(value)) {
      problem(`headers.${name}`, 'must be one line of at most 2000 characters')
    } else if (name.toLowerCase() === 'reply-to' && !isMailbox(value)) {
      problem(`headers.${name}`, 'must be one address')
    }
  }
  if (problems.length > 0) {
    throw new GlamError('VALIDATION_FAILED', 'The message cannot be sent.', { details: problems })
  }
  return { ...message, tags: [...tags], headers: { ...headers } }
}
