/** The filters in the URL, read once per view: date range, the staff customer, sorting, paging. */
import { live } from './live.svelte.ts'
import { rangeOf, windowOf } from './range.ts'
import { here } from './router.svelte.ts'
import { session } from './session.svelte.ts'

/** The date range, resolved again on each live tick (a preset's "today" moves on at midnight). */
export function currentRange() {
  void live.tick
  return rangeOf(here.query)
}

/** The customer filter: only staff choose one (others' is forced by the server). */
export function customerFilter(): string | undefined {
  return session.staff ? here.query.get('customer') || undefined : undefined
}

/**
 * The customer whose settings a page manages: the one staff chose in the switcher, a client's
 * own (none for influencers, or before `me` answered).
 */
export function settingsCustomer(): { id: string | undefined; name: string | undefined } {
  if (session.staff) {
    const id = customerFilter()
    return { id, name: session.customers.find((c) => c.id === id)?.name }
  }
  return { id: session.me?.customer?.id, name: session.me?.customer?.name }
}

/** The report filter of the URL, with the window of its date range. */
export function reportFilter(extra: Record<string, string | null | undefined> = {}) {
  const filter: Record<string, string> = { ...windowOf(currentRange()) }
  const customer = customerFilter()
  if (customer) filter.customer = customer
  for (const [k, v] of Object.entries(extra)) if (v) filter[k] = v
  return filter
}

export function sortOf(allowed: readonly string[], fallback: string) {
  const sort = here.query.get('sort')
  const order = here.query.get('order') === 'asc' ? 'asc' : 'desc'
  return { sort: sort && allowed.includes(sort) ? sort : fallback, order } as const
}

export function pageOf() {
  const n = Number(here.query.get('page'))
  return Number.isInteger(n) && n > 0 ? n : 1
}

/** A report table's variables: its filter, the URL's sorting and page, and the view's own. */
export function tableVariables(
  filter: Record<string, string>,
  sorting: { sort: string; order: 'asc' | 'desc' },
  page: number,
  pageSize: number,
  extra: Record<string, string> = {},
) {
  const own = Object.fromEntries(Object.entries(extra).filter(([, v]) => v))
  return { filter, ...sorting, limit: pageSize, offset: (page - 1) * pageSize, ...own }
}
