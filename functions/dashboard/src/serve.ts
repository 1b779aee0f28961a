/**
 * `/app/*`: the dashboard's built files and its page. Files (a last segment with an extension)
 * come from the platform's `webFiles`; the content-hashed ones under `/app/assets/` are cached
 * for a year, the rest briefly. Every other path is a view of the app: a visitor without a
 * session goes to the login and comes back to the same path; with one, the page (index.html,
 * never cached: it names the current build's files).
 */
import { authenticate } from '@glam/auth'
import { type AppEnv, GlamError, type WebFile } from '@glam/core'
import { type Context, Hono } from 'hono'
import './errors.ts'

type C = Context<AppEnv>

/** The app's `/auth/login` app id: its grants decide what the views show. */
export const dashboardApp = 'dashboard'
const base = '/app'
const hashed = `${base}/assets/`
/** A file, not a view: the last segment has an extension. */
const isFile = (path: string) => /\/[^/]*\.[A-Za-z0-9]{1,12}$/.test(path)

function send(c: C, file: WebFile, cacheControl: string): Response {
  const headers: Record<string, string> = {
    'Content-Type': file.type,
    'Cache-Control': cacheControl,
    ETag: file.etag,
  }
  const match = c.req.header('if-none-match')
  if (match?.split(/\s*,\s*/).some((tag) => tag === file.etag || tag === `W/${file.etag}`))
    return c.body(null, 304, headers)
  if (file.size !== undefined) headers['Content-Length'] = String(file.size)
  if (c.req.method === 'HEAD') return c.body(null, 200, headers)
  const body = file.open()
  return body instanceof Uint8Array
    ? c.body(body as Uint8Array<ArrayBuffer>, 200, headers)
    : c.body(body, 200, headers)
}

async function page(c: C): Promise<Response> {
  const url = new URL(c.req.url)
  const returnTo = `${url.pathname}${url.search}`
  // A cookie that no longer names a live session is no session: log in again.
  const principal = await authenticate(c).catch((error) => {
    if (error instanceof GlamError && error.status === 401) return null
    throw error
  })
  if (!principal) {
    c.header('Cache-Control', 'no-store')
    return c.redirect(`/auth/login?app=${dashboardApp}&returnTo=${encodeURIComponent(returnTo)}`, 302)
  }
  const file = await c.var.platform.webFiles?.get(`${base}/index.html`)
  if (!file) throw new GlamError('DASHBOARD_NOT_BUILT')
  c.header('Vary', 'Cookie')
  return send(c, file, 'no-store')
}

export function createDashboardApp() {
  return new Hono<AppEnv>().on(['GET', 'HEAD'], '/*', async (c) => {
    const path = new URL(c.req.url).pathname
    if (path === base) return c.redirect(`${base}/${new URL(c.req.url).search}`, 308)
    // index.html asked for by name is the page too: behind the session check, never cached.
    if (!isFile(path) || path === `${base}/index.html`) return page(c)
    const file = await c.var.platform.webFiles?.get(path)
    if (!file) throw new GlamError('NOT_FOUND', 'The dashboard has no such file.')
    return send(
      c,
      file,
      path.startsWith(hashed) ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    )
  })
}
