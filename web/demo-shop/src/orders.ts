/** Orders in process memory: a demo needs no database, and a restart forgets them. */
import type { Totals } from './cart.ts'

export interface Order extends Totals {
  id: string
  email: string
  name: string
  createdAt: Date
}

export interface OrderStore {
  create(input: Omit<Order, 'id' | 'createdAt'>): Order
  get(id: string): Order | undefined
}

// Crockford's base32: no I, L, O or U to misread.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const orderIdPattern = /^DS-[0-9A-HJKMNP-TV-Z]{10}$/

export function newOrderId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return `DS-${Array.from(bytes, (b) => alphabet[b % 32]).join('')}`
}

/** Keeps the newest `limit` orders, so a long-running demo cannot grow without bound. */
export function createOrderStore(limit = 1000): OrderStore {
  const orders = new Map<string, Order>()
  return {
    create(input) {
      let id = newOrderId()
      while (orders.has(id)) id = newOrderId()
      const order: Order = { ...input, id, createdAt: new Date() }
      orders.set(id, order)
      if (orders.size > limit) orders.delete(orders.keys().next().value!)
      return order
    },
    get: (id) => (orderIdPattern.test(id) ? orders.get(id) : undefined),
  }
}
