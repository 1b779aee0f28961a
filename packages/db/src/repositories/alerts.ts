/**
 * Wishlists, price/stock alerts and their deliveries, and job cursors. An alert is one per
 * (address, product, kind); a member's is active at once (their address is proven by login), an
 * address's waits for its double opt-in (only the SHA-256 of the newest nonce is kept). A
 * delivery row per alert and price-history row makes "once per drop" a unique key.
 *
 * ```ts
 * const alert = await repos.alerts.create({ productId, kind: 'price_drop', email, locale: 'de', status: 'pending', … })
 * if (await repos.alerts.claimDelivery({ alertId, priceId, kind, priceMinor })) … // mail it
 * ```
 */
import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { alertKinds, deliveryStatuses } from '../schema/mail-values.ts'
import { isUniqueViolation, type RepoContext } from './context.ts'
import { addressKey } from './mail.ts'

type T = RepoContext['database']['t']
export type Wishlist = T['wishlists']['$inferSelect']
export type WishlistItem = T['wishlistItems']['$inferSelect']
export type Alert = T['alerts']['$inferSelect']
export type AlertKind = (typeof alertKinds)[number]
export type PriceEvent = T['productPrices']['$inferSelect']
export type ConfirmAlertOutcome = 'confirmed' | 'already' | 'expired' | 'replaced' | 'unknown'

export function alertsRepository({ database, now }: RepoContext) {
  const { db, t } = database
  const a = t.alerts

  const get = async (id: string): Promise<Alert | null> => {
    const [row] = await db.select().from(a).where(eq(a.id, id)).limit(1)
    return row ?? null
  }

  return {
    // --- wishlists ---
    async wishlistsOf(userId: string): Promise<(Wishlist & { items: WishlistItem[] })[]> {
      const lists = await db
        .select()
        .from(t.wishlists)
        .where(eq(t.wishlists.userId, userId))
        .orderBy(asc(t.wishlists.createdAt), asc(t.wishlists.id))
      if (lists.length === 0) return []
      const items = await db
        .select()
        .from(t.wishlistItems)
        .where(
          inArray(
            t.wishlistItems.wishlistId,
            lists.map((l) => l.id),
          ),
        )
        .orderBy(asc(t.wishlistItems.addedAt))
      return lists.map((l) => ({ ...l, items: items.filter((i) => i.wishlistId === l.id) }))
    },
    async wishlist(id: string): Promise<(Wishlist & { items: WishlistItem[] }) | null> {
      const [list] = await db.select().from(t.wishlists).where(eq(t.wishlists.id, id)).limit(1)
      if (!list) return null
      const items = await db
        .select()
        .from(t.wishlistItems)
        .where(eq(t.wishlistItems.wishlistId, id))
        .orderBy(asc(t.wishlistItems.addedAt))
      return { ...list, items }
    },
    async createWishlist(userId: string, name: string): Promise<Wishlist> {
      const at = now()
      const row: Wishlist = { id: newId(), userId, name, createdAt: at, updatedAt: at }
      await db.insert(t.wishlists).values(row)
      return row
    },
    async countWishlists(userId: string): Promise<number> {
      return (await db.select({ id: t.wishlists.id }).from(t.wishlists).where(eq(t.wishlists.userId, userId)))
        .length
    },
    async deleteWishlist(id: string): Promise<void> {
      await db.delete(t.wishlistItems).where(eq(t.wishlistItems.wishlistId, id))
      await db.delete(t.wishlists).where(eq(t.wishlists.id, id))
    },
    /** Adds a product (a second add is a no-op); true when it was new. */
    async addItem(wishlistId: string, productId: string): Promise<boolean> {
      try {
        await db.insert(t.wishlistItems).values({ wishlistId, productId, addedAt: now() })
        await db.update(t.wishlists).set({ updatedAt: now() }).where(eq(t.wishlists.id, wishlistId))
        return true
      } catch (err) {
        if (isUniqueViolation(err)) return false
        throw err
      }
    },
    async removeItem(wishlistId: string, productId: string): Promise<boolean> {
      const result = await db
        .delete(t.wishlistItems)
        .where(and(eq(t.wishlistItems.wishlistId, wishlistId), eq(t.wishlistItems.productId, productId)))
      return database.ops.affectedRows(result) > 0
    },

    // --- alerts ---
    get,
    /** Creates the alert, or answers the one this address already has for the product and kind. */
    async create(
      input: Pick<Alert, 'productId' | 'kind' | 'email' | 'locale' | 'status'> &
        Partial<
          Pick<
            Alert,
            | 'targetPriceMinor'
            | 'userId'
            | 'wishlistId'
            | 'referencePriceMinor'
            | 'armed'
            | 'lastInStock'
            | 'frequency'
          >
        >,
    ): Promise<{ alert: Alert; created: boolean }> {
      const at = now()
      const row: Alert = {
        id: newId(),
        productId: input.productId,
        kind: input.kind,
        targetPriceMinor: input.targetPriceMinor ?? null,
        email: addressKey(input.email),
        userId: input.userId ?? null,
        wishlistId: input.wishlistId ?? null,
        locale: input.locale,
        status: input.status,
        frequency: input.frequency ?? 'instant',
        confirmNonce: null,
        confirmExpiresAt: null,
        referencePriceMinor: input.referencePriceMinor ?? null,
        armed: input.armed ?? 1,
        lastInStock: input.lastInStock ?? 0,
        lastAlertedAt: null,
        lastAlertedPriceMinor: null,
        createdAt: at,
        updatedAt: at,
      }
      try {
        await db.insert(a).values(row)
        return { alert: row, created: true }
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        const [known] = await db
          .select()
          .from(a)
          .where(and(eq(a.email, row.email), eq(a.productId, row.productId), eq(a.kind, row.kind)))
          .limit(1)
        return { alert: known!, created: false }
      }
    },
    /** Changes what an existing alert watches (a new target, a member claiming it, re-activation). */
    async update(id: string, fields: Partial<Omit<Alert, 'id' | 'createdAt'>>): Promise<void> {
      await db
        .update(a)
        .set({ ...fields, updatedAt: now() })
        .where(eq(a.id, id))
    },
    async byUser(userId: string): Promise<Alert[]> {
      return db.select().from(a).where(eq(a.userId, userId)).orderBy(desc(a.id)).limit(500)
    },
    async startConfirmation(id: string, input: { nonceHash: string; expiresAt: Date }): Promise<void> {
      await db
        .update(a)
        .set({ confirmNonce: input.nonceHash, confirmExpiresAt: input.expiresAt, updatedAt: now() })
        .where(and(eq(a.id, id), eq(a.status, 'pending')))
    },
    async confirm(id: string, nonceHash: string): Promise<ConfirmAlertOutcome> {
      const alert = await get(id)
      if (!alert) return 'unknown'
      if (alert.status === 'active' && alert.confirmNonce === null) return 'already'
      if (alert.confirmNonce !== nonceHash) return alert.status === 'active' ? 'already' : 'replaced'
      if (!alert.confirmExpiresAt || alert.confirmExpiresAt.getTime() <= now().getTime()) return 'expired'
      const result = await db
        .update(a)
        .set({ status: 'active', confirmNonce: null, updatedAt: now() })
        .where(and(eq(a.id, id), eq(a.confirmNonce, nonceHash)))
      return database.ops.affectedRows(result) > 0 ? 'confirmed' : 'already'
    },
    async unsubscribe(id: string): Promise<boolean> {
      const result = await db
        .update(a)
        .set({ status: 'unsubscribed', confirmNonce: null, updatedAt: now() })
        .where(and(eq(a.id, id), inArray(a.status, ['pending', 'active'])))
      return database.ops.affectedRows(result) > 0
    },
    /** Stops every daily alert of this address (the digest's one-click unsubscribe). */
    async unsubscribeDaily(email: string): Promise<number> {
      const result = await db
        .update(a)
        .set({ status: 'unsubscribed', confirmNonce: null, updatedAt: now() })
        .where(and(eq(a.email, addressKey(email)), eq(a.frequency, 'daily'), eq(a.status, 'active')))
      return database.ops.affectedRows(result)
    },
    async remove(id: string): Promise<void> {
      await db.delete(t.alertDeliveries).where(eq(t.alertDeliveries.alertId, id))
      await db.delete(a).where(eq(a.id, id))
    },
    /** Active alerts on these products. */
    async activeFor(productIds: readonly string[]): Promise<Alert[]> {
      const out: Alert[] = []
      for (let i = 0; i < productIds.length; i += 500) {
        out.push(
          ...(await db
            .select()
            .from(a)
            .where(
              and(inArray(a.productId, productIds.slice(i, i + 500) as string[]), eq(a.status, 'active')),
            )),
        )
      }
      return out
    },
    /** Claims the mail of this alert for this price change: false when it was claimed before. */
    async claimDelivery(input: {
      alertId: string
      priceId: string
      kind: AlertKind
      priceMinor: number
      beforeMinor?: number | null
      /** `queued`: kept for the daily digest rather than mailed now. */
      status?: 'pending' | 'queued'
    }) {
      try {
        await db.insert(t.alertDeliveries).values({
          ...input,
          beforeMinor: input.beforeMinor ?? null,
          status: input.status ?? 'pending',
          messageId: null,
          error: null,
          createdAt: now(),
        })
        return true
      } catch (err) {
        if (isUniqueViolation(err)) return false
        throw err
      }
    },
    async markDelivery(
      alertId: string,
      priceId: string,
      status: Exclude<(typeof deliveryStatuses)[number], 'pending'>,
      fields: { messageId?: string | null; error?: string | null } = {},
    ) {
      await db
        .update(t.alertDeliveries)
        .set({ status, messageId: fields.messageId ?? null, error: fields.error?.slice(0, 500) ?? null })
        .where(and(eq(t.alertDeliveries.alertId, alertId), eq(t.alertDeliveries.priceId, priceId)))
    },
    /**
     * The changes kept for digests, with their alerts (active ones only: an alert stopped since
     * has nothing to say), by address, oldest first; at most `limit` rows.
     */
    async queuedDeliveries(limit: number) {
      const d = t.alertDeliveries
      return db
        .select({ delivery: d, alert: a })
        .from(d)
        .innerJoin(a, eq(a.id, d.alertId))
        .where(and(eq(d.status, 'queued'), eq(a.status, 'active')))
        .orderBy(asc(a.email), asc(d.createdAt), asc(d.priceId))
        .limit(limit)
    },
    /** Settles every queued change of an alert (its digest went out, was skipped or failed). */
    async settleQueued(
      alertId: string,
      status: 'sent' | 'skipped' | 'failed',
      fields: { messageId?: string | null; error?: string | null } = {},
    ) {
      const d = t.alertDeliveries
      await db
        .update(d)
        .set({ status, messageId: fields.messageId ?? null, error: fields.error?.slice(0, 500) ?? null })
        .where(and(eq(d.alertId, alertId), eq(d.status, 'queued')))
    },
    /** Queued changes of alerts that were stopped: settled as skipped, so they are not read again. */
    async dropStaleQueued(): Promise<number> {
      const d = t.alertDeliveries
      const stale = db
        .select({ id: a.id })
        .from(a)
        .where(inArray(a.status, ['pending', 'unsubscribed']))
      const result = await db
        .update(d)
        .set({ status: 'skipped', error: 'alert stopped' })
        .where(and(eq(d.status, 'queued'), inArray(d.alertId, stale)))
      return database.ops.affectedRows(result)
    },
    async deliveriesOf(alertId: string) {
      return db
        .select()
        .from(t.alertDeliveries)
        .where(eq(t.alertDeliveries.alertId, alertId))
        .orderBy(asc(t.alertDeliveries.createdAt))
    },

    // --- price history, read in order ---
    /** Price and availability changes after `afterId` (UUIDv7: in the order they were made). */
    async priceEventsAfter(afterId: string, limit: number): Promise<PriceEvent[]> {
      return db
        .select()
        .from(t.productPrices)
        .where(afterId ? gt(t.productPrices.id, afterId) : undefined)
        .orderBy(asc(t.productPrices.id))
        .limit(limit)
    },
    /** The newest price-history row (where a new cursor starts: alerts look forward only). */
    async lastPriceEvent(): Promise<PriceEvent | null> {
      const [row] = await db.select().from(t.productPrices).orderBy(desc(t.productPrices.id)).limit(1)
      return row ?? null
    },

    // --- job cursors ---
    async cursor(name: string): Promise<string | null> {
      const [row] = await db.select().from(t.jobCursors).where(eq(t.jobCursors.name, name)).limit(1)
      return row?.cursor ?? null
    },
    async setCursor(name: string, cursor: string): Promise<void> {
      await database.ops.upsert(t.jobCursors, [{ name, cursor, updatedAt: now() }], {
        target: [t.jobCursors.name],
        update: [t.jobCursors.cursor, t.jobCursors.updatedAt],
      })
    },
  }
}
