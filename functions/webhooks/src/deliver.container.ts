/**
 * `webhook-deliveries` (containers, every minute): sends the due deliveries in bounded batches.
 * Each delivery is claimed first (one compare-and-set UPDATE), so two containers never send the
 * same one at once. A delivery is `POST <url>` with the JSON `{id, type, createdAt, data}` and
 * `X-Glam-Event`, `X-Glam-Delivery`, `X-Glam-Timestamp` (unix seconds) and `X-Glam-Signature:
 * v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` under the endpoint's secret: the recipe shops
 * use for the server-to-server API. Through the SSRF-safe fetch (10 s, no redirects, the answer
 * never read). A 2xx is delivered; anything else is tried again after 30 s, 2 min, 10 min,
 * 30 min, 1 h, 2 h, 4 h, 8 h and 8 h 17.5 min (±10 % jitter): ten attempts over 24 h, then `failed`.
 */
import { defineJob, hmacSha256Hex, type JobContext, type Platform } from '@glam/core'
import { SafeFetchError, safeFetch } from '@glam/core/safe-fetch'
import type { AttemptResult, WebhookDelivery, WebhookEndpoint } from '@glam/db/repositories/webhooks'
import pLimit from 'p-limit'
import { webhookDns } from './url-check.container.ts'

const second = 1000
const minute = 60 * second
const hour = 60 * minute

/** Waits after each failed attempt; their sum is 24 h, so the last attempt is a day after the first. */
export const retryDelaysMs: readonly number[] = [
  30 * second,
  2 * minute,
  10 * minute,
  30 * minute,
  1 * hour,
  2 * hour,
  4 * hour,
  8 * hour,
  8 * hour + 17.5 * minute,
]
export const maxAttempts = retryDelaysMs.length + 1
export const deliveryTimeoutMs = 10 * second
/** How long a claim keeps other senders away (well past the timeout). */
export const claimLeaseMs = 2 * minute

export interface DeliverOptions {
  batchSize?: number
  maxBatches?: number
  concurrency?: number
  /** Real time after which no further batch is started (the job runs every minute). */
  budgetMs?: number
  /** 0..1, for the jitter; replaceable in tests. */
  random?: () => number
}

/** The body receivers get; the same bytes on every attempt and replay. */
export const deliveryBody = (d: WebhookDelivery) =>
  JSON.stringify({ id: d.eventId, type: d.event, createdAt: d.createdAt.toISOString(), data: d.payload })

/** The signature header for `body` sent at `timestamp` (unix seconds). */
export const signDelivery = async (secret: string, timestamp: number, body: string) =>
  `v1=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`

interface Sent {
  ok: boolean
  status: number | null
  error: string | null
}

async function send(platform: Platform, d: WebhookDelivery, url: string, secret: string): Promise<Sent> {
  const body = deliveryBody(d)
  const timestamp = Math.floor(platform.clock.now().getTime() / 1000)
  try {
    const res = await safeFetch(url, {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'GlamWebhooks/1.0',
        'X-Glam-Event': d.event,
        'X-Glam-Delivery': d.id,
        'X-Glam-Timestamp': String(timestamp),
        'X-Glam-Signature': await signDelivery(secret, timestamp, body),
      },
      allowHosts: platform.config.fetchAllowHosts,
      lookup: platform.local.of(webhookDns).lookup,
      timeoutMs: deliveryTimeoutMs,
      maxRedirects: 0,
      maxBytes: 4096,
    })
    // Only the status counts: the answer is not read.
    await res.body?.cancel().catch(() => {})
    const ok = res.status >= 200 && res.status < 300
    return { ok, status: res.status, error: ok ? null : `answered HTTP ${res.status}` }
  } catch (err) {
    if (err instanceof SafeFetchError)
      return { ok: false, status: null, error: `${err.code}: ${err.message}` }
    return { ok: false, status: null, error: 'could not send' }
  }
}

/** What an attempt that got `sent` leaves on the delivery (`attempt` counts from 1). */
export function outcomeOf(sent: Sent, attempt: number, now: Date, random: () => number): AttemptResult {
  if (sent.ok) return { status: 'delivered', lastStatus: sent.status, lastError: null, nextAttemptAt: null }
  if (attempt >= maxAttempts)
    return { status: 'failed', lastStatus: sent.status, lastError: sent.error, nextAttemptAt: null }
  const wait = retryDelaysMs[attempt - 1]! * (0.9 + 0.2 * random())
  return {
    status: 'pending',
    lastStatus: sent.status,
    lastError: sent.error,
    nextAttemptAt: new Date(now.getTime() + Math.round(wait)),
  }
}

export async function deliverDueWebhooks(
  ctx: Pick<JobContext, 'platform' | 'signal' | 'progress'>,
  options: DeliverOptions = {},
) {
  const { platform } = ctx
  const { webhooks } = platform.repos
  const {
    batchSize = 25,
    maxBatches = 10,
    concurrency = 8,
    budgetMs = 40_000,
    random = Math.random,
  } = options
  const started = performance.now()
  const limit = pLimit(concurrency)
  const endpoints = new Map<string, Promise<{ endpoint: WebhookEndpoint; secret: string } | null>>()
  const endpointOf = (id: string) => {
    let found = endpoints.get(id)
    if (!found) {
      found = (async () => {
        const endpoint = await webhooks.getEndpoint(id)
        const secret = endpoint && !endpoint.disabledAt ? await webhooks.endpointSecret(id) : null
        return endpoint && secret ? { endpoint, secret } : null
      })()
      endpoints.set(id, found)
    }
    return found
  }
  const summary = { attempted: 0, delivered: 0, retrying: 0, failed: 0, lost: 0 }

  const attempt = async (d: WebhookDelivery) => {
    const attemptNo = d.attempts + 1
    const target = await endpointOf(d.endpointId)
    const sent: Sent = target
      ? await send(platform, d, target.endpoint.url, target.secret)
      : { ok: false, status: null, error: 'endpoint disabled' }
    const outcome = target
      ? outcomeOf(sent, attemptNo, platform.clock.now(), random)
      : { status: 'failed' as const, lastStatus: null, lastError: sent.error, nextAttemptAt: null }
    // False when a replay reset the delivery meanwhile: it is due again, nothing to record.
    if (!(await webhooks.finishAttempt(d.id, attemptNo, outcome))) summary.lost++
    summary.attempted++
    const fields = { endpointId: d.endpointId, deliveryId: d.id, type: d.event, attempt: attemptNo }
    if (outcome.status === 'delivered') {
      summary.delivered++
      platform.logger.info('webhook.delivered', { ...fields, status: sent.status })
    } else {
      summary[outcome.status === 'failed' ? 'failed' : 'retrying']++
      platform.logger.warn('webhook.failed', {
        ...fields,
        status: sent.status,
        error: sent.error,
        final: outcome.status === 'failed',
        ...(outcome.nextAttemptAt && { retryAt: outcome.nextAttemptAt.toISOString() }),
      })
    }
  }

  for (let batch = 0; batch < maxBatches; batch++) {
    if (ctx.signal.aborted || performance.now() - started > budgetMs) break
    const due = await webhooks.due(batchSize)
    if (due.length === 0) break
    const claimed: WebhookDelivery[] = []
    for (const d of due) if (await webhooks.claim(d, claimLeaseMs)) claimed.push(d)
    await Promise.all(
      claimed.map((d) =>
        limit(() =>
          attempt(d).catch((error) => {
            // The claim lapses and the delivery is tried again; the others go on.
            summary.lost++
            platform.logger.error('webhook.attempt_error', {
              endpointId: d.endpointId,
              deliveryId: d.id,
              error,
            })
          }),
        ),
      ),
    )
    ctx.progress({ ...summary })
    if (due.length < batchSize) break
  }
  return summary
}

export const webhookDeliveriesJob = defineJob({
  name: 'webhook-deliveries',
  description:
    'Sends the due webhook deliveries (signed, retried with backoff for 24 h), a bounded batch a minute.',
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 55_000,
  edge: false,
  run: (ctx) => deliverDueWebhooks(ctx),
})
