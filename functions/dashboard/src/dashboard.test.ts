// /app/*: the page behind the login, the built files with their caching, and paths that must
// never leave the build. The same files through both adapters of the webFiles port: the disk
// (Node, Deno) and the Workers static assets binding (here a stand-in answering like it).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { WebFiles } from '@glam/core'
import { demo } from '@glam/db'
import { createFsWebFiles } from '@glam/platform/node/web-files'
import { createAssetsWebFiles } from '@glam/platform/workerd/web-files'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { sessionCookie } from '@glam/testing/session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'glam-dashboard-'))
const indexHtml =
  '<!doctype html><html lang="en"><head><script type="module" src="/app/assets/index-AbC123.js"></script></head><body><div id="app"></div></body></html>'
const script = 'console.log("dashboard")'
mkdirSync(join(dir, 'app', 'assets'), { recursive: true })
writeFileSync(join(dir, 'app', 'index.html'), indexHtml)
writeFileSync(join(dir, 'app', 'assets', 'index-AbC123.js'), script)
writeFileSync(join(dir, 'app', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
writeFileSync(join(dir, '.secret'), 'never served')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Answers like the Workers assets binding: exact paths (html_handling none), 404 otherwise. */
const assetsBinding = (files: WebFiles) => ({
  async fetch(request: Request) {
    const file = await files.get(new URL(request.url).pathname)
    if (!file) return new Response('Not found', { status: 404 })
    return new Response(file.open() as BodyInit, { headers: { 'content-type': file.type, etag: file.etag } })
  },
})

const adapters: Record<string, () => WebFiles> = {
  disk: () => createFsWebFiles([dir]),
  'workers assets': () => createAssetsWebFiles(assetsBinding(createFsWebFiles([dir]))),
}

const text = async (body: ReadableStream<Uint8Array> | Uint8Array) => new Response(body as BodyInit).text()

for (const [name, make] of Object.entries(adapters)) {
  describe(`webFiles contract: ${name}`, () => {
    const files = make()
    it('finds a built file with its type and a validator', async () => {
      const file = (await files.get('/app/assets/index-AbC123.js'))!
      expect(file.type).toMatch(/^text\/javascript/)
      expect(file.etag).toMatch(/^"[^"]+"$/)
      expect(await text(file.open())).toBe(script)
      expect((await files.get('/app/index.html'))!.type).toMatch(/^text\/html/)
    })
    it('finds nothing outside the build, nothing hidden, no directory', async () => {
      for (const path of [
        '/app/assets/none.js',
        '/.secret',
        '/app/../.secret',
        '/app/%2e%2e/.secret',
        '/app',
        '/app/',
        '',
        'app/index.html',
        '/app//index.html',
        `/${'a'.repeat(600)}.js`,
      ])
        expect(await files.get(path), path).toBeNull()
    })
  })
}

describe('webFiles on disk', () => {
  it('serves a rebuilt file anew (kept bytes follow the file), and streams a big one', async () => {
    const files = createFsWebFiles([dir])
    const path = join(dir, 'app', 'assets', 'changing.js')
    writeFileSync(path, 'one')
    const first = (await files.get('/app/assets/changing.js'))!
    expect(await text(first.open())).toBe('one')
    writeFileSync(path, 'three')
    const second = (await files.get('/app/assets/changing.js'))!
    expect(second.etag).not.toBe(first.etag)
    expect(await text(second.open())).toBe('three')
    writeFileSync(join(dir, 'app', 'assets', 'big.js'), 'x'.repeat(2 * 1024 * 1024))
    const big = (await files.get('/app/assets/big.js'))!
    const body = big.open()
    expect(body).toBeInstanceOf(ReadableStream)
    expect((await text(body)).length).toBe(2 * 1024 * 1024)
  })
})

describe('the dashboard at /app/', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let cookie: string
  beforeAll(async () => {
    t = await createTestAppWithDatabase({ overrides: { webFiles: createFsWebFiles([dir]) } })
    cookie = await sessionCookie(t.repos, demo.clientUserId)
  })
  const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers })

  it('sends a visitor without a session to the login, to come back to the same view', async () => {
    const res = await get('/app/campaigns/abc?from=2026-11-01&to=2026-11-30')
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location')!, 'http://x')
    expect(location.pathname).toBe('/auth/login')
    expect(location.searchParams.get('app')).toBe('dashboard')
    expect(location.searchParams.get('returnTo')).toBe('/app/campaigns/abc?from=2026-11-01&to=2026-11-30')
    // index.html by name is the page, behind the same check.
    expect((await get('/app/index.html')).status).toBe(302)
    // A cookie naming no live session is no session either.
    expect((await get('/app/', { cookie: 'glam_session=nope' })).status).toBe(302)
  })

  it('the login accepts that returnTo for the dashboard app', async () => {
    const res = await get(
      `/auth/login?app=dashboard&returnTo=${encodeURIComponent('/app/orders?kind=refunded')}`,
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('/app/orders?kind=refunded')
  })

  it('serves the page to a session, never cached, under the strict page policy', async () => {
    for (const path of ['/app/', '/app/campaigns/abc', '/app/settings/api-keys']) {
      const res = await get(path, { cookie })
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(await res.text()).toBe(indexHtml)
    }
    const head = await t.app.request('/app/', { method: 'HEAD', headers: { cookie } })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('/app goes to /app/ with its query', async () => {
    const res = await get('/app?x=1')
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe('/app/?x=1')
  })

  it('serves hashed files for a year, other files briefly, without a session, and answers 304', async () => {
    const res = await get('/app/assets/index-AbC123.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(await res.text()).toBe(script)
    const etag = res.headers.get('etag')!
    const again = await get('/app/assets/index-AbC123.js', { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    const icon = await get('/app/favicon.svg')
    expect(icon.status).toBe(200)
    expect(icon.headers.get('cache-control')).toBe('public, max-age=300')
  })

  it('answers a missing or forbidden file with a clear 404', async () => {
    for (const path of [
      '/app/assets/gone-123.js',
      '/app/.secret',
      '/app/%2e%2e/.secret',
      '/app/assets/..%2f..%2f.secret',
    ]) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
    }
  })

  it('says so when the app is not built', async () => {
    const bare = await createTestAppWithDatabase({
      overrides: { webFiles: createFsWebFiles([join(dir, 'none')]) },
    })
    const cookie = await sessionCookie(bare.repos, demo.adminUserId)
    const res = await bare.app.request('/app/', { headers: { cookie } })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ error: { code: 'DASHBOARD_NOT_BUILT' } })
  })
})
