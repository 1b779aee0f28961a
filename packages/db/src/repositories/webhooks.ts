/**
 * Customers' outbound webhooks: endpoints (url, events, a signing secret sealed with the master
 * key) and deliveries (one event to one endpoint: attempts, the last answer, when to try again).
 * - The same event reaches an endpoint once: (endpoint_id, event_id) is unique, and event ids of
 *   derived events (`campaign.ended` of a campaign) are deterministic (`webhookEventId`).
 * - A delivery is sent by whoever claims it: one compare-and-set UPDATE on (status,
 *   next_attempt_at, attempts) moves its next attempt past a lease, so two containers never
 *   send the same delivery at the same time; a crashed sender's claim expires with the lease.
 */
import { openSecret, randomToken, sealSecret, sha256Hex } from '@glam/core'
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, or } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { type Page, pageSize, type RepoContext, toPage } from './context.ts'

type T = RepoContext['database']['t']
type EndpointRow = T['webhookEndpoints']['$inferSelect']
/** An endpoint as the API shows it: never its secret. */
export type WebhookEndpoint = Omit<EndpointRow, 'secret'>
export type WebhookDelivery = T['webhookDeliveries']['$inferSelect']

/** The events a customer can subscribe to. */
export const webhookEventTypes = ['conversion.attributed', 'conversion.refunded', 'campaign.ended'] as const
export type WebhookEventType = (typeof webhookEventTypes)[number]

/** Secrets are `whsec_` + 32 base62 characters (190 bits). */
export const newWebhookSecret = () => `whsec_${randomToken(32)}`

/** A UUID-shaped id derived from `parts` (the same parts give the same id): for events made twice. */
export async function webhookEventId(...parts: string[]): Promise<string> {
  const h = await sha256Hex(`glam/webhook-event/v1:${parts.join(':')}`)
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

const purpose = (endpointId: string) => `webhook-secret:${endpointId}`
const withoutSecret = ({ secret: _, ...endpoint }: EndpointRow): WebhookEndpoint => endpoint

/** What a finished attempt leaves on its delivery. */
export interface AttemptResult {
  status: 'pending' | 'delivered' | 'failed'
  lastStatus: number | null
  lastError: string | null
  nextAttemptAt: Date | null
}

export function webhooksRepository({ database, now, masterKey }: RepoContext) {
  const { db, t, ops } = database
  const e = t.webhookEndpoints
  const d = t.webhookDeliveries
  const endpointRow = async (id: string) =>
    (await db.select().from(e).where(eq(e.id, id)).limit(1))[0] ?? null
  const getDelivery = async (id: string): Promise<WebhookDelivery | null> =>
    (await db.select().from(d).where(eq(d.id, id)).limit(1))[0] ?? null

  return {
    /** Registers an endpoint; its signing secret is returned this once (stored sealed). */
    async createEndpoint(input: {
      customerId: string
      url: string
      events: readonly WebhookEventType[]
      description?: string | null
    }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      const id = newId()
      const secret = newWebhookSecret()
      const at = now()
      const row: EndpointRow = {
        id,
        customerId: input.customerId,
        url: input.url,
        events: [...new Set(input.events)],
        secret: await sealSecret(masterKey, purpose(id), secret),
        description: input.description ?? null,
        disabledAt: null,
        createdAt: at,
        updatedAt: at,
      }
      await db.insert(e).values(row)
      return { endpoint: withoutSecret(row), secret }
    },

    async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
      const row = await endpointRow(id)
      return row ? withoutSecret(row) : null
    },

    /** The signing secret, opened, for signing a delivery. */
    async endpointSecret(id: string): Promise<string | null> {
      const row = await endpointRow(id)
      return row ? openSecret(masterKey, purpose(id), row.secret) : null
    },

    /** Newest first; omit `customerId` for every customer's. Disabled endpoints too. */
    async listEndpoints(
      filter: { customerId?: string; limit?: number; cursor?: string } = {},
    ): Promise<Page<WebhookEndpoint>> {
      const size = pageSize(filter.limit)
      const rows = await db
        .select()
        .from(e)
        .where(
          and(
            filter.customerId ? eq(e.customerId, filter.customerId) : undefined,
            filter.cursor ? lt(e.id, filter.cursor) : undefined,
          ),
        )
        .orderBy(desc(e.id))
        .limit(size + 1)
      return toPage(rows.map(withoutSecret), size)
    },

    /**
     * Disables an endpoint once (a disabled one keeps its first `disabledAt`); its pending
     * deliveries fail at once. Null when there is no such endpoint.
     */
    async disableEndpoint(id: string): Promise<WebhookEndpoint | null> {
      const before = await endpointRow(id)
      if (!before) return null
      if (before.disabledAt) return withoutSecret(before)
      const at = now()
      await ops.atomic((tx) => [
        tx
          .update(e)
          .set({ disabledAt: at, updatedAt: at })
          .where(and(eq(e.id, id), isNull(e.disabledAt))),
        tx
          .update(d)
          .set({ status: 'failed', nextAttemptAt: null, lastError: 'endpoint disabled', updatedAt: at })
          .where(and(eq(d.endpointId, id), eq(d.status, 'pending'))),
      ])
      return withoutSecret((await endpointRow(id))!)
    },

    /**
     * One pending delivery of the event per active endpoint of the customer that subscribes to
     * `type` and existed when it happened (`occurredAt`, default now). An endpoint that has the
     * event already is left alone. Returns how many deliveries were added (a concurrent enqueue of
     * the same event may count one that lost on the unique key).
     */
    async enqueue(input: {
      customerId: string
      type: WebhookEventType
      eventId: string
      data: Record<string, unknown>
      occurredAt?: Date
    }): Promise<number> {
      const at = now()
      const occurred = input.occurredAt ?? at
      const endpoints = (
        await db
          .select({ id: e.id, events: e.events, createdAt: e.createdAt })
          .from(e)
          .where(and(eq(e.customerId, input.customerId), isNull(e.disabledAt)))
      ).filter((x) => x.events.includes(input.type) && x.createdAt <= occurred)
      if (endpoints.length === 0) return 0
      const have = new Set(
        (
          await db
            .select({ endpointId: d.endpointId })
            .from(d)
            .where(
              and(
                eq(d.eventId, input.eventId),
                inArray(
                  d.endpointId,
                  endpoints.map((x) => x.id),
                ),
              ),
            )
        ).map((r) => r.endpointId),
      )
      const rows = endpoints
        .filter((x) => !have.has(x.id))
        .map((x) => ({
          id: newId(),
          endpointId: x.id,
          customerId: input.customerId,
          eventId: input.eventId,
          event: input.type,
          payload: input.data,
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: at,
          lastStatus: null,
          lastError: null,
          deliveredAt: null,
          createdAt: at,
          updatedAt: at,
        }))
      // A concurrent enqueue of the same event loses quietly on the unique key.
      if (rows.length > 0) await ops.insertIgnore(d, rows)
      return rows.length
    },

    getDelivery,

    /**
     * Campaigns that ended within `[since, until]`: their `ends_at` passed then, or their status
     * became `ended` then (by `updated_at`). Drafts never end. At most `limit`, earliest first.
     */
    async endedCampaigns(range: { since: Date; until: Date; limit?: number }) {
      const c = t.campaigns
      const rows = await db
        .select()
        .from(c)
        .where(
          and(
            ne(c.status, 'draft'),
            or(
              and(gt(c.endsAt, range.since), lte(c.endsAt, range.until)),
              and(eq(c.status, 'ended'), gt(c.updatedAt, range.since), lte(c.updatedAt, range.until)),
            ),
          ),
        )
        .orderBy(asc(c.id))
        .limit(Math.max(1, Math.min(1000, range.limit ?? 500)))
      return rows.map((campaign) => ({
        campaign,
        endedAt: campaign.endsAt && campaign.endsAt <= range.until ? campaign.endsAt : campaign.updatedAt,
      }))
    },

    /** An endpoint's deliveries, newest first. */
    async listDeliveries(filter: {
      endpointId: string
      limit?: number
      cursor?: string
    }): Promise<Page<WebhookDelivery>> {
      const size = pageSize(filter.limit)
      const rows = await db
        .select()
        .from(d)
        .where(and(eq(d.endpointId, filter.endpointId), filter.cursor ? lt(d.id, filter.cursor) : undefined))
        .orderBy(desc(d.id))
        .limit(size + 1)
      return toPage(rows, size)
    },

    /** Pending deliveries whose next attempt is due, earliest first (not yet claimed). */
    async due(limit: number): Promise<WebhookDelivery[]> {
      return db
        .select()
        .from(d)
        .where(and(eq(d.status, 'pending'), lte(d.nextAttemptAt, now())))
        .orderBy(asc(d.nextAttemptAt))
        .limit(Math.max(1, Math.min(500, limit)))
    },

    /**
     * Claims a due delivery for one attempt: counts the attempt and moves its next attempt to
     * `leaseMs` from now, only if nobody changed it since it was read. True when this caller won.
     */
    async claim(delivery: WebhookDelivery, leaseMs: number): Promise<boolean> {
      if (delivery.status !== 'pending' || !delivery.nextAttemptAt) return false
      const at = now()
      const result = await db
        .update(d)
        .set({
          attempts: delivery.attempts + 1,
          nextAttemptAt: new Date(at.getTime() + leaseMs),
          updatedAt: at,
        })
        .where(
          and(
            eq(d.id, delivery.id),
            eq(d.status, 'pending'),
            eq(d.attempts, delivery.attempts),
            eq(d.nextAttemptAt, delivery.nextAttemptAt),
          ),
        )
      return ops.affectedRows(result) === 1
    },

    /** Records a claimed attempt's outcome (only while the claim of attempt `attempt` still holds). */
    async finishAttempt(id: string, attempt: number, outcome: AttemptResult): Promise<boolean> {
      const at = now()
      const result = await db
        .update(d)
        .set({
          status: outcome.status,
          lastStatus: outcome.lastStatus,
          lastError: outcome.lastError?.slice(0, 500) ?? null,
          nextAttemptAt: outcome.nextAttemptAt,
          ...(outcome.status === 'delivered' && { deliveredAt: at }),
          updatedAt: at,
        })
        .where(and(eq(d.id, id), eq(d.attempts, attempt), eq(d.status, 'pending')))
      return ops.affectedRows(result) === 1
    },

    /**
     * Queues an endpoint's deliveries again (one by id, or those made since a time, newest
     * `limit`): pending, due now, attempts from zero. Returns how many were queued.
     */
    async replay(input: { endpointId: string; deliveryId?: string; since?: Date; limit?: number }) {
      const ids = (
        await db
          .select({ id: d.id })
          .from(d)
          .where(
            and(
              eq(d.endpointId, input.endpointId),
              input.deliveryId ? eq(d.id, input.deliveryId) : undefined,
              input.since ? gte(d.createdAt, input.since) : undefined,
            ),
          )
          .orderBy(desc(d.id))
          .limit(Math.max(1, Math.min(1000, input.limit ?? 1000)))
      ).map((r) => r.id)
      if (ids.length === 0) return 0
      const at = now()
      await db
        .update(d)
        .set({ status: 'pending', attempts: 0, nextAttemptAt: at, deliveredAt: null, updatedAt: at })
        .where(inArray(d.id, ids))
      return ids.length
    },
  }
}
