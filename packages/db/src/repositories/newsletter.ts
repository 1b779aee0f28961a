/**
 * The newsletter: lists, one subscriber per address (language, frequency), a subscription per
 * list with its double opt-in (only the SHA-256 of the newest confirmation nonce is kept, so a
 * re-sent link replaces the old one and a used link cannot confirm twice), sends and one
 * delivery row per recipient (what was sent, skipped or failed, with Mailgun's message id).
 *
 * ```ts
 * const subscriber = await repos.newsletter.subscriber('lena@example.com', 'de')
 * await repos.newsletter.startConfirmation(subscriber.id, 'news-de', { nonceHash, expiresAt })
 * const outcome = await repos.newsletter.confirm(subscriber.id, 'news-de', nonceHash) // 'confirmed' | …
 * ```
 */
import { and, asc, count, eq, inArray, lt, sql } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { deliveryStatuses, newsletterFrequencies } from '../schema/mail-values.ts'
import { isUniqueViolation, type RepoContext } from './context.ts'
import { addressKey } from './mail.ts'

type T = RepoContext['database']['t']
export type NewsletterList = T['newsletterLists']['$inferSelect']
export type NewsletterSubscriber = T['newsletterSubscribers']['$inferSelect']
export type NewsletterSubscription = T['newsletterSubscriptions']['$inferSelect']
export type NewsletterSend = T['newsletterSends']['$inferSelect']
export type NewsletterDelivery = T['newsletterDeliveries']['$inferSelect']
export type NewsletterFrequency = (typeof newsletterFrequencies)[number]
export type DeliveryStatus = (typeof deliveryStatuses)[number]
export type ConfirmOutcome = 'confirmed' | 'already' | 'expired' | 'replaced' | 'unknown'

export function newsletterRepository({ database, now }: RepoContext) {
  const { db, t } = database
  const sub = t.newsletterSubscriptions

  const subscriberByEmail = async (email: string) => {
    const [row] = await db
      .select()
      .from(t.newsletterSubscribers)
      .where(eq(t.newsletterSubscribers.email, addressKey(email)))
      .limit(1)
    return row ?? null
  }

  return {
    async lists(): Promise<NewsletterList[]> {
      return db.select().from(t.newsletterLists).orderBy(asc(t.newsletterLists.id))
    },
    async list(id: string): Promise<NewsletterList | null> {
      const [row] = await db.select().from(t.newsletterLists).where(eq(t.newsletterLists.id, id)).limit(1)
      return row ?? null
    },
    /** Creates a list unless it exists (demo data, set-up scripts). */
    async ensureList(input: Omit<NewsletterList, 'createdAt'>): Promise<void> {
      await database.ops.insertIgnore(t.newsletterLists, [{ ...input, createdAt: now() }])
    },

    subscriberByEmail,
    async subscriberById(id: string): Promise<NewsletterSubscriber | null> {
      const [row] = await db
        .select()
        .from(t.newsletterSubscribers)
        .where(eq(t.newsletterSubscribers.id, id))
        .limit(1)
      return row ?? null
    },
    /** The subscriber of an address, made with `locale` when new (a known one keeps its own). */
    async subscriber(email: string, locale: 'de' | 'en'): Promise<NewsletterSubscriber> {
      const known = await subscriberByEmail(email)
      if (known) return known
      const at = now()
      const row: NewsletterSubscriber = {
        id: newId(),
        email: addressKey(email),
        locale,
        frequency: 'weekly',
        createdAt: at,
        updatedAt: at,
      }
      try {
        await db.insert(t.newsletterSubscribers).values(row)
        return row
      } catch (err) {
        // Two sign-ups of one address at once: the other made it.
        if (!isUniqueViolation(err)) throw err
        return (await subscriberByEmail(email))!
      }
    },
    async subscription(subscriberId: string, listId: string): Promise<NewsletterSubscription | null> {
      const [row] = await db
        .select()
        .from(sub)
        .where(and(eq(sub.subscriberId, subscriberId), eq(sub.listId, listId)))
        .limit(1)
      return row ?? null
    },
    async subscriptionsOf(subscriberId: string): Promise<NewsletterSubscription[]> {
      return db.select().from(sub).where(eq(sub.subscriberId, subscriberId)).orderBy(asc(sub.listId))
    },
    /**
     * Asks for a (new) confirmation: the subscription becomes pending with this nonce, replacing
     * any older link. A confirmed subscription stays as it is (answered `confirmed`).
     */
    async startConfirmation(
      subscriberId: string,
      listId: string,
      input: { nonceHash: string; expiresAt: Date },
    ): Promise<'pending' | 'confirmed'> {
      const at = now()
      const existing = await this.subscription(subscriberId, listId)
      if (existing?.status === 'confirmed') return 'confirmed'
      const fields = {
        status: 'pending' as const,
        confirmNonce: input.nonceHash,
        confirmExpiresAt: input.expiresAt,
        confirmSentAt: at,
        updatedAt: at,
      }
      if (existing) {
        await db
          .update(sub)
          .set(fields)
          .where(and(eq(sub.subscriberId, subscriberId), eq(sub.listId, listId)))
        return 'pending'
      }
      try {
        await db.insert(sub).values({ subscriberId, listId, ...fields, createdAt: at })
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        await db
          .update(sub)
          .set(fields)
          .where(
            and(
              eq(sub.subscriberId, subscriberId),
              eq(sub.listId, listId),
              sql`${sub.status} <> 'confirmed'`,
            ),
          )
      }
      return 'pending'
    },
    /** Confirms with the nonce of the newest link, once, before it expires. */
    async confirm(subscriberId: string, listId: string, nonceHash: string): Promise<ConfirmOutcome> {
      const at = now()
      const current = await this.subscription(subscriberId, listId)
      if (!current) return 'unknown'
      if (current.status === 'confirmed') return 'already'
      if (current.confirmNonce !== nonceHash) return 'replaced'
      if (!current.confirmExpiresAt || current.confirmExpiresAt.getTime() <= at.getTime()) return 'expired'
      const result = await db
        .update(sub)
        .set({
          status: 'confirmed',
          confirmNonce: null,
          confirmedAt: at,
          unsubscribedAt: null,
          updatedAt: at,
        })
        .where(
          and(eq(sub.subscriberId, subscriberId), eq(sub.listId, listId), eq(sub.confirmNonce, nonceHash)),
        )
      // Two clicks at once: the other confirmed it.
      return database.ops.affectedRows(result) > 0 ? 'confirmed' : 'already'
    },
    /** Unsubscribes from one list, or every list (no list given); true when something changed. */
    async unsubscribe(subscriberId: string, listId?: string): Promise<number> {
      const at = now()
      const result = await db
        .update(sub)
        .set({ status: 'unsubscribed', confirmNonce: null, unsubscribedAt: at, updatedAt: at })
        .where(
          and(
            eq(sub.subscriberId, subscriberId),
            listId ? eq(sub.listId, listId) : undefined,
            sql`${sub.status} <> 'unsubscribed'`,
          ),
        )
      return database.ops.affectedRows(result)
    },
    /** A list switched on from the preference page (the address is proven by the mailed link). */
    async resubscribe(subscriberId: string, listId: string): Promise<void> {
      const at = now()
      const existing = await this.subscription(subscriberId, listId)
      const fields = {
        status: 'confirmed' as const,
        confirmNonce: null,
        confirmedAt: at,
        unsubscribedAt: null,
        updatedAt: at,
      }
      if (existing?.status === 'confirmed') return
      if (existing) {
        await db
          .update(sub)
          .set(fields)
          .where(and(eq(sub.subscriberId, subscriberId), eq(sub.listId, listId)))
      } else {
        await db.insert(sub).values({ subscriberId, listId, ...fields, createdAt: at })
      }
    },
    async setPreferences(
      subscriberId: string,
      input: { locale: 'de' | 'en'; frequency: NewsletterFrequency },
    ): Promise<void> {
      await db
        .update(t.newsletterSubscribers)
        .set({ ...input, updatedAt: now() })
        .where(eq(t.newsletterSubscribers.id, subscriberId))
    },
    /** Confirmed subscribers of a list. */
    async confirmedCount(listId: string): Promise<number> {
      const [row] = await db
        .select({ n: count() })
        .from(sub)
        .where(and(eq(sub.listId, listId), eq(sub.status, 'confirmed')))
      return Number(row?.n ?? 0)
    },

    // --- sends ---
    async createSend(
      input: Pick<NewsletterSend, 'listId' | 'subject' | 'body' | 'links' | 'createdByType' | 'createdBy'>,
    ): Promise<NewsletterSend> {
      const at = now()
      const row: NewsletterSend = {
        ...input,
        id: newId(),
        status: 'queued',
        total: 0,
        sent: 0,
        skipped: 0,
        failed: 0,
        error: null,
        createdAt: at,
        startedAt: null,
        finishedAt: null,
        updatedAt: at,
      }
      await db.insert(t.newsletterSends).values(row)
      return row
    },
    async send(id: string): Promise<NewsletterSend | null> {
      const [row] = await db.select().from(t.newsletterSends).where(eq(t.newsletterSends.id, id)).limit(1)
      return row ?? null
    },
    /**
     * Takes the list's confirmed subscribers as the send's recipients (once: a send that already
     * has its rows keeps them) and marks the send as sending.
     */
    async startSend(id: string): Promise<NewsletterSend | null> {
      const send = await this.send(id)
      if (!send) return null
      if (send.status === 'queued') {
        const at = now()
        const recipients = db
          .select({
            sendId: sql<string>`${id}`.as('send_id'),
            subscriberId: t.newsletterSubscribers.id,
            email: t.newsletterSubscribers.email,
            locale: t.newsletterSubscribers.locale,
            status: sql<DeliveryStatus>`'pending'`.as('status'),
            messageId: sql<null>`NULL`.as('message_id'),
            error: sql<null>`NULL`.as('error'),
            updatedAt: sql<Date>`${database.dialect === 'mysql' ? at : at.getTime()}`.as('updated_at'),
          })
          .from(sub)
          .innerJoin(t.newsletterSubscribers, eq(t.newsletterSubscribers.id, sub.subscriberId))
          .where(and(eq(sub.listId, send.listId), eq(sub.status, 'confirmed')))
        const insert = db.insert(t.newsletterDeliveries).select(recipients as never)
        // Once per recipient whoever runs it (a second runner's rows are already there).
        await (database.dialect === 'mysql'
          ? (insert as unknown as { onDuplicateKeyUpdate(o: object): Promise<unknown> }).onDuplicateKeyUpdate(
              {
                // The target's own column, named in full (the SELECT has a `status` too).
                set: { status: sql.raw('`newsletter_deliveries`.`status`') },
              },
            )
          : insert.onConflictDoNothing())
        const [n] = await db
          .select({ n: count() })
          .from(t.newsletterDeliveries)
          .where(eq(t.newsletterDeliveries.sendId, id))
        await db
          .update(t.newsletterSends)
          .set({ status: 'sending', total: Number(n?.n ?? 0), startedAt: at, updatedAt: at })
          .where(and(eq(t.newsletterSends.id, id), eq(t.newsletterSends.status, 'queued')))
      }
      return this.send(id)
    },
    async pendingDeliveries(sendId: string, limit: number): Promise<NewsletterDelivery[]> {
      return db
        .select()
        .from(t.newsletterDeliveries)
        .where(and(eq(t.newsletterDeliveries.sendId, sendId), eq(t.newsletterDeliveries.status, 'pending')))
        .orderBy(asc(t.newsletterDeliveries.subscriberId))
        .limit(limit)
    },
    async markDeliveries(
      sendId: string,
      subscriberIds: readonly string[],
      status: Exclude<DeliveryStatus, 'pending'>,
      fields: { messageId?: string | null; error?: string | null } = {},
    ): Promise<void> {
      if (subscriberIds.length === 0) return
      for (let i = 0; i < subscriberIds.length; i += 500) {
        await db
          .update(t.newsletterDeliveries)
          .set({
            status,
            messageId: fields.messageId ?? null,
            error: fields.error?.slice(0, 500) ?? null,
            updatedAt: now(),
          })
          .where(
            and(
              eq(t.newsletterDeliveries.sendId, sendId),
              inArray(t.newsletterDeliveries.subscriberId, subscriberIds.slice(i, i + 500) as string[]),
            ),
          )
      }
    },
    /** Counts the deliveries into the send's progress; finishes it when none is pending. */
    async tally(sendId: string, error?: string): Promise<NewsletterSend | null> {
      const rows = await db
        .select({ status: t.newsletterDeliveries.status, n: count() })
        .from(t.newsletterDeliveries)
        .where(eq(t.newsletterDeliveries.sendId, sendId))
        .groupBy(t.newsletterDeliveries.status)
      const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<
        Record<DeliveryStatus, number>
      >
      const at = now()
      const pending = by.pending ?? 0
      await db
        .update(t.newsletterSends)
        .set({
          sent: by.sent ?? 0,
          skipped: by.skipped ?? 0,
          failed: by.failed ?? 0,
          updatedAt: at,
          ...(error !== undefined && {
            status: 'failed' as const,
            error: error.slice(0, 500),
            finishedAt: at,
          }),
          ...(error === undefined && pending === 0 && { status: 'sent' as const, finishedAt: at }),
        })
        .where(eq(t.newsletterSends.id, sendId))
      return this.send(sendId)
    },
    async deliveries(sendId: string, limit = 100): Promise<NewsletterDelivery[]> {
      return db
        .select()
        .from(t.newsletterDeliveries)
        .where(eq(t.newsletterDeliveries.sendId, sendId))
        .orderBy(asc(t.newsletterDeliveries.subscriberId))
        .limit(Math.min(limit, 1000))
    },
    /** Sends queued or sending whose progress has not moved since `before` (a stopped process). */
    async stalledSends(before: Date): Promise<NewsletterSend[]> {
      return db
        .select()
        .from(t.newsletterSends)
        .where(
          and(
            inArray(t.newsletterSends.status, ['queued', 'sending']),
            lt(t.newsletterSends.updatedAt, before),
          ),
        )
        .orderBy(asc(t.newsletterSends.createdAt))
        .limit(20)
    },
    async setLinks(sendId: string, links: NewsletterSend['links']): Promise<void> {
      await db
        .update(t.newsletterSends)
        .set({ links, updatedAt: now() })
        .where(eq(t.newsletterSends.id, sendId))
    },
    async touchSend(sendId: string): Promise<void> {
      await db.update(t.newsletterSends).set({ updatedAt: now() }).where(eq(t.newsletterSends.id, sendId))
    },
  }
}
