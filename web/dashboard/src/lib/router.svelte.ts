/**
 * A small History API router over `location.pathname` under `/app/`: the route is derived from
 * the path, the filters live in the query string so a reload or a shared URL shows the same.
 */
export const base = '/app'

export type Route =
  | { name: 'campaigns' }
  | { name: 'overview'; id: string }
  | { name: 'influencers'; id: string }
  | { name: 'links'; id: string }
  | { name: 'link'; id: string }
  | { name: 'orders' }
  | { name: 'api-keys' }
  | { name: 'webhooks' }
  | { name: 'not-found' }

/** A segment as written, where it is not valid percent-encoding (`%E0`): not a crash. */
const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function match(pathname: string): Route {
  const path = pathname.startsWith(base) ? pathname.slice(base.length) : pathname
  const parts = path.split('/').filter(Boolean).map(decoded)
  const [a, b, c] = parts
  if (parts.length === 0) return { name: 'campaigns' }
  if (a === 'campaigns' && b && !c) return { name: 'overview', id: b }
  if (a === 'campaigns' && b && c === 'influencers' && parts.length === 3)
    return { name: 'influencers', id: b }
  if (a === 'campaigns' && b && c === 'links' && parts.length === 3) return { name: 'links', id: b }
  if (a === 'links' && b && !c) return { name: 'link', id: b }
  if (a === 'orders' && !b) return { name: 'orders' }
  if (a === 'settings' && b === 'api-keys' && !c) return { name: 'api-keys' }
  if (a === 'settings' && b === 'webhooks' && !c) return { name: 'webhooks' }
  return { name: 'not-found' }
}

class Location {
  path = $state(location.pathname)
  search = $state(location.search)
  route = $derived(match(this.path))
  query = $derived(new URLSearchParams(this.search))

  sync = () => {
    this.path = location.pathname
    this.search = location.search
  }
}

export const here = new Location()
addEventListener('popstate', here.sync)

/** Goes to an app URL (`/app/...`), pushing a history entry unless `replace`. */
export function navigate(url: string, { replace = false } = {}) {
  const target = new URL(url, location.href)
  if (target.pathname === location.pathname && target.search === location.search) return
  history[replace ? 'replaceState' : 'pushState'](null, '', target.pathname + target.search)
  here.sync()
  if (!replace) scrollTo(0, 0)
}

/** Sets query parameters of the current URL (null or '' removes one), replacing the entry. */
export function setQuery(changes: Record<string, string | number | null | undefined>, push = false) {
  const q = new URLSearchParams(location.search)
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') q.delete(k)
    else q.set(k, String(v))
  }
  const s = q.toString()
  navigate(location.pathname + (s ? `?${s}` : ''), { replace: !push })
}

/** Intercepts clicks on same-origin `/app/` links so they route without a page load. */
export function interceptLinks(root: HTMLElement) {
  root.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    const a = (e.target as Element).closest('a')
    if (!a || a.target || a.hasAttribute('download')) return
    const url = new URL(a.href, location.href)
    if (url.origin !== location.origin || !(url.pathname === base || url.pathname.startsWith(`${base}/`)))
      return
    // A link within this page (the skip link to #main) is the browser's: it moves the focus.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return
    e.preventDefault()
    navigate(url.pathname + url.search)
  })
}

/** The filters kept across views (customer for staff, date range, language-independent). */
export const sharedKeys = ['customer', 'preset', 'from', 'to'] as const

/** An app URL keeping the shared filters of the current one. */
export function appUrl(path: string, extra: Record<string, string | null | undefined> = {}) {
  const current = new URLSearchParams(here.search)
  const q = new URLSearchParams()
  for (const k of sharedKeys) {
    const v = current.get(k)
    if (v) q.set(k, v)
  }
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v)
  const s = q.toString()
  return `${base}${path}${s ? `?${s}` : ''}`
}
