/**
 * Mailgun's webhooks (the JSON format): `{ signature: { timestamp, token, signature },
 * "event-data": { id, event, timestamp, recipient, severity, reason, … } }`. The signature is
 * HMAC-SHA256 of `timestamp + token` under the webhook signing key, hex; it is checked with
 * WebCrypto's own `verify` (constant time). A timestamp more than five minutes away from now is
 * refused; the caller refuses a token seen before (the replay guard keeps them past the window).
 *
 * ```ts
 * const hook = await verifyMailgunWebhook(await c.req.text(), { signingKey, now: new Date() })
 * const event = mailgunEvent(hook.eventData) // { id, kind: 'failed', permanent: true, email, … }
 * ```
 */
import { z } from 'zod'

export const mailgunWebhookWindowSeconds = 300

export class MailgunWebhookError extends Error {
  constructor(
    readonly reason: 'malformed' | 'bad_signature' | 'stale',
    message: string,
  ) {
    super(message)
    this.name = 'MailgunWebhookError'
  }
}

const signatureShape = z.object({
  timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]).transform(String),
  token: z.string().min(16).max(200),
  signature: z.string().regex(/^[0-9a-f]{64}$/i),
})

const eventShape = z
  .object({
    id: z.string().min(1).max(128),
    event: z.string().min(1).max(32),
    timestamp: z.number().nonnegative().optional(),
    recipient: z.string().min(3).max(320),
    severity: z.string().max(16).optional(),
    reason: z.string().max(200).optional(),
    'delivery-status': z
      .object({
        code: z.union([z.number(), z.string()]).optional(),
        message: z.string().optional(),
        description: z.string().optional(),
      })
      .partial()
      .optional(),
    message: z
      .object({ headers: z.object({ 'message-id': z.string().max(255).optional() }).partial() })
      .partial()
      .optional(),
  })
  .passthrough()

const bodyShape = z.object({ signature: signatureShape, 'event-data': eventShape })

export type MailgunEventData = z.output<typeof eventShape>

export interface VerifiedWebhook {
  timestamp: number
  token: string
  eventData: MailgunEventData
}

const encoder = new TextEncoder()
const keys = new Map<string, Promise<CryptoKey>>()
const keyOf = (secret: string) => {
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ])
    if (keys.size < 8) keys.set(secret, key)
  }
  return key
}
const bytesOfHex = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => Number.parseInt(h, 16))

/** Signs as Mailgun does (tests, the local Mailgun-speaking server). */
export async function signMailgunWebhook(
  signingKey: string,
  timestamp: string,
  token: string,
): Promise<string> {
  const mac = await crypto.subtle.sign(
    'HMAC',
    await keyOf(signingKey),
    encoder.encode(`${timestamp}${token}`),
  )
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Parses and verifies a webhook body; throws MailgunWebhookError. */
export async function verifyMailgunWebhook(
  body: string,
  options: { signingKey: string; now: Date; windowSeconds?: number },
): Promise<VerifiedWebhook> {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    throw new MailgunWebhookError('malformed', 'The body is not JSON.')
  }
  // The signature first: nothing of an unsigned body is looked at beyond its shape.
  const signed = signatureShape.safeParse((json as { signature?: unknown } | null)?.signature)
  if (!signed.success) {
    throw new MailgunWebhookError('malformed', 'The body has no signature { timestamp, token, signature }.')
  }
  const { timestamp, token, signature } = signed.data
  const ok = await crypto.subtle.verify(
    'HMAC',
    await keyOf(options.signingKey),
    bytesOfHex(signature.toLowerCase()),
    encoder.encode(`${timestamp}${token}`),
  )
  if (!ok) throw new MailgunWebhookError('bad_signature', 'The signature does not match.')
  const window = options.windowSeconds ?? mailgunWebhookWindowSeconds
  const age = options.now.getTime() / 1000 - Number(timestamp)
  if (Math.abs(age) > window) {
    throw new MailgunWebhookError('stale', `The timestamp is more than ${window} seconds away from now.`)
  }
  const parsed = bodyShape.safeParse(json)
  if (!parsed.success) {
    throw new MailgunWebhookError('malformed', 'The body has no event-data { id, event, recipient }.')
  }
  return { timestamp: Number(timestamp), token, eventData: parsed.data['event-data'] }
}

export type MailgunEventKind =
  | 'delivered'
  | 'failed'
  | 'complained'
  | 'unsubscribed'
  | 'opened'
  | 'clicked'
  | 'accepted'

export interface MailgunEvent {
  id: string
  kind: MailgunEventKind | null
  /** The event's name as Mailgun sent it. */
  name: string
  email: string
  /** `failed` only: a permanent failure suppresses, a temporary one is recorded. */
  permanent: boolean
  severity: string | null
  reason: string | null
  messageId: string | null
  occurredAt: Date
}

const kinds = new Set<MailgunEventKind>([
  'delivered',
  'failed',
  'complained',
  'unsubscribed',
  'opened',
  'clicked',
  'accepted',
])

/** What an event means for us. `kind` is null for an event this platform does not act on. */
export function mailgunEvent(data: MailgunEventData, now: Date): MailgunEvent {
  const name = data.event.toLowerCase()
  const status = data['delivery-status']
  const reason = [data.reason, status?.code, status?.description || status?.message]
    .filter((v) => v !== undefined && v !== '')
    .join(' · ')
  return {
    id: data.id,
    kind: kinds.has(name as MailgunEventKind) ? (name as MailgunEventKind) : null,
    name,
    email: data.recipient.trim().toLowerCase(),
    permanent: name === 'failed' && data.severity === 'permanent',
    severity: data.severity ?? null,
    reason: reason ? reason.slice(0, 500) : null,
    messageId: data.message?.headers?.['message-id'] ?? null,
    occurredAt: data.timestamp ? new Date(Math.round(data.timestamp * 1000)) : now,
  }
}
