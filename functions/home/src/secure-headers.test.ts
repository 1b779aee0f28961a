// The security headers of every answer: each HTML page gets a Content-Security-Policy (strict:
// no inline script where the page has none), no framing, a referrer policy and nosniff; every
// other answer (JSON, scripts, images, CSV, redirects) gets nosniff. A page's own policy wins.
import {
  graphiqlContentSecurityPolicy,
  htmlSecurityHeaders,
  loginFormContentSecurityPolicy,
  pageContentSecurityPolicy,
} from '@glam/core'
import { secureHeaders } from '@glam/core/secure-headers'
import { demo } from '@glam/db'
import type { OutboxMailer } from '@glam/mail'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { purchase } from '@glam/testing/purchase'
import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'

const origin = 'http://localhost:3000'
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
const admin = { authorization: 'Bearer glam_dev_admin' }

let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
let session: string
const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.request(`${origin}${path}`, { headers })
const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.request(`${origin}${path}`, {
    method: 'POST',
    headers: { ...html, origin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  })

beforeAll(async () => {
  t = await createTestAppWithDatabase()
  const json = { 'content-type': 'application/json', origin }
  await t.app.request(`${origin}/auth/start`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: 'admin@demo.glam', app: 'dashboard' }),
  })
  await (t.platform as unknown as { drain(ms: number): Promise<boolean> }).drain(5000)
  const code = /\b(\d{6})\b/.exec((t.platform.mailer as OutboxMailer).list(1)[0]!.text)![1]!
  const verified = await t.app.request(`${origin}/auth/verify`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: 'admin@demo.glam', code }),
  })
  session = verified.headers.get('set-cookie')!.split(';')[0]!
})

/** The directive's sources, e.g. sources(policy, 'script-src') → ["'self'"]. */
const sources = (policy: string, directive: string) =>
  policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === directive)
    ?.slice(1)

const pages: [string, () => Response | Promise<Response>, number, string][] = [
  ['the landing page', () => get('/about', html), 200, pageContentSecurityPolicy],
  ['the portal home', () => get('/', html), 200, pageContentSecurityPolicy],
  ['a portal search', () => get('/suche?q=serum', html), 200, pageContentSecurityPolicy],
  ['the login page', () => get('/auth/login?app=dashboard', html), 200, pageContentSecurityPolicy],
  [
    'the login code step (its form redirects on to returnTo)',
    () => form('/auth/start', { email: 'nobody@demo.glam', app: 'dashboard', returnTo: '/auth/account' }),
    200,
    loginFormContentSecurityPolicy,
  ],
  [
    'a wrong code (the code step again)',
    () => form('/auth/verify', { email: 'nobody@demo.glam', code: '000000', app: 'dashboard' }),
    400,
    loginFormContentSecurityPolicy,
  ],
  [
    'the account page',
    () => get('/auth/account', { ...html, cookie: session }),
    200,
    pageContentSecurityPolicy,
  ],
  ['the API reference', () => get('/api/docs', html), 200, pageContentSecurityPolicy],
  ['the 404 page', () => get('/no/such/page', html), 404, pageContentSecurityPolicy],
  ['the 401 page of an API route', () => get('/api/links', html), 401, pageContentSecurityPolicy],
  ['the 500 page', () => get('/dev/crash', html), 500, pageContentSecurityPolicy],
  ["an unknown shortlink's page", () => get('/no-such-link', html), 404, pageContentSecurityPolicy],
  [
    'GraphiQL (inline bundle, development only)',
    () => get('/graphql', html),
    200,
    graphiqlContentSecurityPolicy,
  ],
]

describe('HTML pages', () => {
  it.each(pages)('%s: CSP, framing, referrer policy, nosniff', async (_name, request, status, policy) => {
    const res = await request()
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('content-security-policy')).toBe(policy)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('referrer-policy')).toBe(htmlSecurityHeaders['Referrer-Policy'])
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(sources(policy, 'frame-ancestors')).toEqual(["'none'"])
    expect(sources(policy, 'object-src')).toEqual(["'none'"])
    if (policy !== graphiqlContentSecurityPolicy) {
      // Strict: scripts from Glam only, never inline, and the page has none inline either.
      expect(sources(policy, 'script-src')).toEqual(["'self'"])
      const body = await res.text()
      // (JSON-LD is a data block, never run, which no policy governs: the portal's pages have it.)
      expect(body).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/ld\+json")[^>]*>/i)
      expect(body).not.toMatch(/<[^>]+\son[a-z]+\s*=/i)
      expect(body).not.toMatch(/javascript:/i)
    }
  })

  it("keeps a page's own stricter policy: the dev mailbox", async () => {
    const res = await get('/dev/mailbox', html)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'/)
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })
})

describe('every other answer', () => {
  const answers: [string, () => Response | Promise<Response>, number][] = [
    ['/healthz', () => get('/healthz'), 200],
    ['/readyz', () => get('/readyz'), 200],
    ['a JSON list', () => get('/api/links', admin), 200],
    ['a JSON error', () => get('/api/links'), 401],
    ['a JSON 404', () => get('/api/nothing-here'), 404],
    ['the pixel', () => get('/pixel.js'), 200],
    ['the favicon (SVG)', () => get('/favicon.ico'), 200],
    ['a QR code (SVG)', () => get(`/api/links/${demo.lenaLinkId}/qr.svg`, admin), 200],
    ['a CSV export', () => get(`/api/exports/campaigns/${demo.campaignId}/orders.csv`, admin), 200],
    ['a shortlink redirect', () => get('/summer-lena'), 302],
    [
      'a purchase on /collect',
      () =>
        t.app.request('/collect', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin: demo.shopOrigin },
          body: JSON.stringify(
            purchase('HEADERS-1', { total: 10, items: [{ sku: 'A', price: 10, quantity: 1 }] }),
          ),
        }),
      202,
    ],
    ['the CORS preflight of /collect', () => t.app.request('/collect', { method: 'OPTIONS' }), 204],
  ]
  it.each(answers)('%s: nosniff, and no page policy', async (_name, request, status) => {
    const res = await request()
    expect(res.status).toBe(status)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toBeNull()
  })
})

describe('the middleware', () => {
  const app = new Hono()
    .onError((_err, c) => c.text('failed', 500))
    .use(secureHeaders())
    .get('/fetched', () => Response.redirect('https://example.com/', 302))
    .get('/own', (c) => c.html('<p>x</p>', 200, { 'Content-Security-Policy': "default-src 'none'" }))
    .get('/upper', (c) => c.body('<p>x</p>', 200, { 'Content-Type': 'TEXT/HTML; charset=utf-8' }))
    .get('/xhtml', (c) => c.body('<p/>', 200, { 'Content-Type': 'application/xhtml+xml' }))
    .get('/not-html', (c) => c.body('x', 200, { 'Content-Type': 'text/htmlx' }))
    .get('/throws', () => {
      throw new Error('boom')
    })

  it('copies a response whose headers are immutable (Response.redirect) instead of failing', async () => {
    const res = await app.request('/fetched')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('https://example.com/')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('recognises HTML whatever the case, XHTML too, and nothing that merely starts like it', async () => {
    expect((await app.request('/own')).headers.get('content-security-policy')).toBe("default-src 'none'")
    for (const path of ['/upper', '/xhtml'])
      expect((await app.request(path)).headers.get('content-security-policy')).toBe(pageContentSecurityPolicy)
    expect((await app.request('/not-html')).headers.get('content-security-policy')).toBeNull()
  })

  it("covers Hono's own error answer", async () => {
    const res = await app.request('/throws')
    expect(res.status).toBe(500)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })
})
