import { and, asc, eq, inArray } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { isUniqueViolation, type RepoContext } from './context.ts'

type T = RepoContext['database']['t']
export type Order = T['orders']['$inferSelect']
export type OrderLine = T['orderLines']['$inferSelect']
export type NewOrder = Omit<Order, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'refundedMinor'> & {
  id?: string
}
export type NewOrderLine = Omit<OrderLine, 'id' | 'orderId' | 'lineNo'>

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
      const existing = await byRef(input.shopId, input.orderRef)
      if (existing) return { order: existing, created: false }
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
        // Lost a race with the same order arriving at once through another path.
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
    async setStatus(id: string, status: Order['status'], refundedMinor?: number) {
      await db
        .update(t.orders)
        .set({ status, ...(refundedMinor !== undefined && { refundedMinor }), updatedAt: now() })
        .where(eq(t.orders.id, id))
    },
  }
}
