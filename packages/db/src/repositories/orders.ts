import { and, asc, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { isUniqueViolation, type RepoContext } from './context.ts'

type T = RepoContext['database']['t']
export type Order = T['orders']['$inferSelect']
export type OrderLine = T['orderLines']['$inferSelect']
export type NewOrder = Omit<Order, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'refundedMinor'> & {
  id?: string
}
export type NewOrderLine = Omit<OrderLine, 'id' | 'orderId' | 'lineNo'>

export interface OrderReportFilter {
  /** Orders attributed to the customer, and (without a campaign or influencer filter) the unattributed ones of `shopIds`. */
  customerId?: string
  shopIds?: readonly string[]
  campaignId?: string
  influencerId?: string
  linkId?: string
  kind?: 'all' | 'attributed' | 'unattributed' | 'refunded' | 'cancelled'
  from: Date
  to: Date
  cursor?: { placedAt: Date; id: string }
  limit: number
}

export function ordersRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const byRef = async (shopId: string, orderRef: string) =>
    (
      await db
        .select()
        .from(t.orders)
        .where(and(eq(t.orders.shopId, shopId), eq(t.orders.orderRef, orderRef)))
        .limit(1)
    )[0] ?? null
  return {
    byRef,
    /**
     * Records an order with its lines, all or nothing. (shop, orderRef) is unique: a repeat
     * (a reloaded confirmation page, a retried server post) returns the stored order, `created: false`.
     */
    async record(input: NewOrder, lines: NewOrderLine[]): Promise<{ order: Order; created: boolean }> {
      // No read first: the unique key decides (a repeat is rare; the insert is the common case).
      const at = now()
      const order: Order = {
        ...input,
        id: input.id ?? newId(),
        status: 'placed',
        refundedMinor: 0,
        createdAt: at,
        updatedAt: at,
      }
      const lineRows = lines.map((line, i) => ({ ...line, id: newId(), orderId: order.id, lineNo: i + 1 }))
      try {
        await ops.atomic((tx) => [
          tx.insert(t.orders).values(order),
          ...(lineRows.length > 0 ? [tx.insert(t.orderLines).values(lineRows)] : []),
        ])
      } catch (err) {
        // A repeat, or a race with the same order arriving at once through another path.
        if (!isUniqueViolation(err)) throw err
        const winner = await byRef(input.shopId, input.orderRef)
        if (!winner) throw err
        return { order: winner, created: false }
      }
      return { order, created: true }
    },
    async lines(orderIds: readonly string[]): Promise<OrderLine[]> {
      if (orderIds.length === 0) return []
      return db
        .select()
        .from(t.orderLines)
        .where(inArray(t.orderLines.orderId, [...orderIds]))
        .orderBy(asc(t.orderLines.orderId), asc(t.orderLines.lineNo))
    },
    /**
     * The shop's server reports an order the browser reported first: its figures, lines and
     * attribution replace the browser's (the server is the authority), once. Returns null when
     * the stored order already came from the server (a duplicate).
     */
    async mergeServerReport(existing: Order, input: NewOrder, lines: NewOrderLine[]): Promise<Order | null> {
      if (existing.source === 'server') return null
      // Each change a later version than the last (the events carry it: see refund()).
      const at = new Date(Math.max(now().getTime(), existing.updatedAt.getTime() + 1))
      const { id: _, ...fields } = input
      const merged: Order = { ...existing, ...fields, source: 'server', updatedAt: at }
      const lineRows = lines.map((line, i) => ({ ...line, id: newId(), orderId: existing.id, lineNo: i + 1 }))
      // Claim the merge first (one conditional UPDATE): of two racing server reports one wins.
      const claim = await db
        .update(t.orders)
        .set({ source: 'server' })
        .where(and(eq(t.orders.id, existing.id), eq(t.orders.source, 'browser')))
      if (ops.affectedRows(claim) !== 1) return null
      await ops.atomic((tx) => [
        tx
          .update(t.orders)
          .set({ ...fields, source: 'server', updatedAt: at })
          .where(eq(t.orders.id, existing.id)),
        tx.delete(t.orderLines).where(eq(t.orderLines.orderId, existing.id)),
        ...(lineRows.length > 0 ? [tx.insert(t.orderLines).values(lineRows)] : []),
      ])
      return merged
    },
    /**
     * Refunds `amountMinor` (all of it when cancelling), never past the total: one conditional
     * UPDATE, so concurrent refunds cannot refund more than was paid. Null when it would.
     */
    async refund(id: string, amountMinor: number, cancel: boolean): Promise<Order | null> {
      const at = now()
      const result = await db
        .update(t.orders)
        .set({
          refundedMinor: cancel
            ? sql`${t.orders.totalMinor}`
            : sql`${t.orders.refundedMinor} + ${amountMinor}`,
          status: cancel
            ? 'cancelled'
            : sql`case when ${t.orders.refundedMinor} + ${amountMinor} >= ${t.orders.totalMinor} then 'refunded' else 'partially_refunded' end`,
          // Strictly later than the previous change, even within one millisecond: the
          // conversion events are versioned by it, and a repeated version is a duplicate.
          updatedAt:
            ops.dialect === 'mysql'
              ? sql`greatest(${sql.param(at, t.orders.updatedAt)}, ${t.orders.updatedAt} + interval 1000 microsecond)`
              : sql`max(${at.getTime()}, ${t.orders.updatedAt} + 1)`,
        })
        .where(
          and(
            eq(t.orders.id, id),
            cancel
              ? sql`${t.orders.status} <> 'cancelled'`
              : lte(sql`${t.orders.refundedMinor} + ${amountMinor}`, t.orders.totalMinor),
            sql`${t.orders.status} <> 'cancelled'`,
          ),
        )
      if (ops.affectedRows(result) !== 1) return null
      const [row] = await db.select().from(t.orders).where(eq(t.orders.id, id)).limit(1)
      return row ?? null
    },
    /** A campaign's orders in id order after `cursor`, for streaming exports. */
    async campaignPage(campaignId: string, cursor: string | null, limit: number): Promise<Order[]> {
      return db
        .select()
        .from(t.orders)
        .where(and(eq(t.orders.campaignId, campaignId), cursor ? gt(t.orders.id, cursor) : undefined))
        .orderBy(asc(t.orders.id))
        .limit(limit)
    },
    /**
     * Orders as the reports list them, newest first, a keyset page after `cursor` (the last
     * order's `placedAt` and id): attributed to a customer (and campaign, influencer), or placed
     * in a customer's shops without attribution (`unattributed`), or with a refund or cancel.
     */
    async reportPage(filter: OrderReportFilter): Promise<Order[]> {
      const o = t.orders
      const shops = filter.shopIds ?? []
      const owner = filter.customerId
        ? filter.kind === 'unattributed'
          ? shops.length > 0
            ? inArray(o.shopId, shops)
            : sql`1 = 0`
          : filter.kind === 'attributed' || filter.campaignId || filter.influencerId || shops.length === 0
            ? eq(o.customerId, filter.customerId)
            : or(eq(o.customerId, filter.customerId), and(isNull(o.customerId), inArray(o.shopId, shops)))
        : undefined
      const kind =
        filter.kind === 'attributed'
          ? isNotNull(o.campaignId)
          : filter.kind === 'unattributed'
            ? isNull(o.campaignId)
            : filter.kind === 'refunded'
              ? inArray(o.status, ['refunded', 'partially_refunded'])
              : filter.kind === 'cancelled'
                ? eq(o.status, 'cancelled')
                : undefined
      const after = filter.cursor
        ? or(
            lt(o.placedAt, filter.cursor.placedAt),
            and(eq(o.placedAt, filter.cursor.placedAt), lt(o.id, filter.cursor.id)),
          )
        : undefined
      return db
        .select()
        .from(o)
        .where(
          and(
            owner,
            filter.campaignId ? eq(o.campaignId, filter.campaignId) : undefined,
            filter.influencerId ? eq(o.influencerId, filter.influencerId) : undefined,
            filter.linkId ? eq(o.linkId, filter.linkId) : undefined,
            kind,
            gte(o.placedAt, filter.from),
            lt(o.placedAt, filter.to),
            after,
          ),
        )
        .orderBy(desc(o.placedAt), desc(o.id))
        .limit(Math.min(1000, Math.max(1, filter.limit)))
    },
    async setStatus(id: string, status: Order['status'], refundedMinor?: number) {
      await db
        .update(t.orders)
        .set({ status, ...(refundedMinor !== undefined && { refundedMinor }), updatedAt: now() })
        .where(eq(t.orders.id, id))
    },
  }
}
