/**
 * When an alert fires, given the product's newest price-history row. Pure: the job applies the
 * returned state and mails what fired.
 *
 * - `price_drop`: fires when the price falls below the reference (the price when it was set, or
 *   when it last fired), which becomes the new reference; a rise above the reference re-arms it
 *   at the new, higher price (so the next fall fires again); the same price does nothing.
 * - `target_price`: fires when the price is at or below the target while armed; disarmed until
 *   the price rises above the target again.
 * - `back_in_stock`: fires on the change from not in stock to in stock, never on a product that
 *   was in stock all along.
 *
 * The price is the sale price when there is one below the list price.
 */
import type { Alert, PriceEvent } from '@glam/db/repositories/alerts'

export const effectivePrice = (p: { priceMinor: number; salePriceMinor: number | null }) =>
  p.salePriceMinor !== null && p.salePriceMinor > 0 && p.salePriceMinor < p.priceMinor
    ? p.salePriceMinor
    : p.priceMinor

export const inStock = (availability: string) => availability === 'in_stock'

export interface Verdict {
  fire: boolean
  /** The price before (price_drop) or the target (target_price), for the mail. */
  before: number | null
  /** The alert's state afterwards (only the fields that change). */
  state: Partial<Pick<Alert, 'referencePriceMinor' | 'armed' | 'lastInStock'>>
}

export function evaluate(
  alert: Alert,
  event: Pick<PriceEvent, 'priceMinor' | 'salePriceMinor' | 'availability'>,
): Verdict {
  const price = effectivePrice(event)
  const stocked = inStock(event.availability)
  if (alert.kind === 'price_drop') {
    const reference = alert.referencePriceMinor ?? price
    if (price < reference && stocked)
      return { fire: true, before: reference, state: { referencePriceMinor: price } }
    if (price !== reference) return { fire: false, before: null, state: { referencePriceMinor: price } }
    return { fire: false, before: null, state: {} }
  }
  if (alert.kind === 'target_price') {
    const target = alert.targetPriceMinor ?? 0
    if (price <= target) {
      if (alert.armed && stocked) return { fire: true, before: target, state: { armed: 0 } }
      return { fire: false, before: null, state: {} }
    }
    return { fire: false, before: null, state: alert.armed ? {} : { armed: 1 } }
  }
  const was = alert.lastInStock === 1
  if (stocked && !was) return { fire: true, before: null, state: { lastInStock: 1 } }
  if (!stocked && was) return { fire: false, before: null, state: { lastInStock: 0 } }
  return { fire: false, before: null, state: {} }
}

/** The state a new alert starts from: the product as it is now (nothing fires for what already is). */
export function initialState(
  kind: Alert['kind'],
  product: { priceMinor: number; salePriceMinor: number | null; availability: string },
  targetPriceMinor: number | null,
): Pick<Alert, 'referencePriceMinor' | 'armed' | 'lastInStock'> {
  const price = effectivePrice(product)
  return {
    referencePriceMinor: price,
    armed: kind === 'target_price' && targetPriceMinor !== null && price <= targetPriceMinor ? 0 : 1,
    lastInStock: inStock(product.availability) ? 1 : 0,
  }
}
