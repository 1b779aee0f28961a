/**
 * What a feed run changed, told to the rest of the platform while it is applied: a product event
 * per price drop or rise, back in stock, out of stock, gone or back (ClickHouse `product_events`,
 * for the alerts), and the link caches of stock-aware links naming those products.
 *
 * Event ids are derived from the run, the product and the kind: a run applied again after an
 * interruption (or a spilled batch replayed) writes the same rows, which collapse.
 */
import { productsChanged } from '@glam/commerce/link-cache'
import { type Platform, sha256Hex } from '@glam/core'
import type { OnChanges, ProductChange, ProductState } from '@glam/db/repositories/catalog'

export type ProductEventKind =
  | 'price_drop'
  | 'price_increase'
  | 'back_in_stock'
  | 'out_of_stock'
  | 'inactive'
  | 'reactivated'

const effective = (s: ProductState) => s.salePriceMinor ?? s.priceMinor
const available = (s: ProductState) => s.status === 'active' && s.availability !== 'out_of_stock'

/** The events one change is (none, one or several). */
export function kindsOf({ before, after }: ProductChange): ProductEventKind[] {
  const kinds: ProductEventKind[] = []
  if (before.status === 'active' && after.status === 'inactive') return ['inactive']
  if (before.status === 'inactive' && after.status === 'active') kinds.push('reactivated')
  if (before.currency === after.currency) {
    if (effective(after) < effective(before)) kinds.push('price_drop')
    else if (effective(after) > effective(before)) kinds.push('price_increase')
  }
  if (
    after.availability === 'in_stock' &&
    (before.availability !== 'in_stock' || before.status === 'inactive')
  )
    kinds.push('back_in_stock')
  if (before.availability !== 'out_of_stock' && after.availability === 'out_of_stock')
    kinds.push('out_of_stock')
  return kinds
}

/** A UUID-shaped id of (run, product, kind) (Web Crypto: this runs wherever the function does). */
async function eventId(runId: string, productId: string, kind: string) {
  const h = await sha256Hex(`${runId}\n${productId}\n${kind}`)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** The sink feed runs are applied with. */
export function productChanges(platform: Platform): OnChanges {
  return async (changes, run) => {
    const time = platform.clock.now().toISOString()
    const { runId } = run
    const linked: string[] = []
    for (const change of changes) {
      const kinds = kindsOf(change)
      for (const kind of kinds)
        platform.events.record({
          table: 'product_events',
          id: await eventId(runId, change.productId, kind),
          time,
          kind,
          shop_id: run.shopId,
          product_id: change.productId,
          sku: change.sku,
          run_id: runId,
          feed_id: run.feedId,
          currency: change.after.currency,
          price_before_minor: effective(change.before),
          price_after_minor: effective(change.after),
          availability_before: change.before.status === 'inactive' ? 'inactive' : change.before.availability,
          availability_after: change.after.status === 'inactive' ? 'inactive' : change.after.availability,
        })
      if (available(change.before) !== available(change.after)) linked.push(change.productId)
    }
    await productsChanged(platform, linked)
  }
}
