// <glam-upload> in headless Chromium on a page of Glam's own origin, under Glam's page policy
// (scripts only from Glam, never inline), logged in with the admin's session cookie only: a small
// PNG goes as multipart, a large one through tus, a refused file shows the server's message and
// retries, a tus upload cut off mid-way waits and resumes, and a reload resumes from localStorage.
import { createHash } from 'node:crypto'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pageContentSecurityPolicy } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { startNodeServer } from '@glam/platform/node'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { mailedLoginCode } from '@glam/testing/mailbox'
import { testConfig } from '@glam/testing/platform'
import type { BrowserContext, Page, Request, Route } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const chunkSize = 65_536

interface Seen {
  kind: 'glam-upload' | 'glam-upload-error'
  detail: Record<string, unknown>
}

describe.runIf(hasChromium())('<glam-upload> in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let base: string
  let cookie: { name: string; value: string }
  let dir: string
  let context: BrowserContext
  let errors: string[]
  /** Glam's requests of the page, as `METHOD /path`. */
  let requests: Request[]

  const small = { path: '', bytes: new Uint8Array() }
  const large = { path: '', bytes: new Uint8Array() }

  beforeAll(async () => {
    server = await startNodeServer(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        GLAM_SCHEDULER: 'false',
        GLAM_EVENTS: 'memory',
      }),
    )
    base = `http://127.0.0.1:${server.port}`
    browser = await launchChromium()
    // The admin's session, obtained as the login page would.
    const after = new Date(Date.now() - 1000).toISOString()
    const json = { 'content-type': 'application/json', origin: base }
    await fetch(`${base}/auth/start`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'admin@demo.glam', app: 'dashboard' }),
    })
    const code = await mailedLoginCode((p) => fetch(`${base}${p}`), 'admin@demo.glam', after)
    const verified = await fetch(`${base}/auth/verify`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'admin@demo.glam', code }),
    })
    const [pair] = verified.headers.get('set-cookie')!.split(';')
    const [name, value] = pair!.split('=') as [string, string]
    cookie = { name, value }

    dir = await mkdtemp(join(tmpdir(), 'glam-widget-'))
    small.bytes = new Uint8Array(
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#e91e63' } })
        .png()
        .toBuffer(),
    )
    small.path = join(dir, 'small.png')
    // Noise does not compress: about 190 KB, three chunks of 64 KiB.
    large.bytes = new Uint8Array(
      await sharp({
        create: {
          width: 250,
          height: 250,
          channels: 3,
          background: '#000',
          noise: { type: 'gaussian', mean: 128, sigma: 40 },
        },
      })
        .png()
        .toBuffer(),
    )
    large.path = join(dir, 'large.png')
    await writeFile(small.path, small.bytes)
    await writeFile(large.path, large.bytes)
    expect(large.bytes.length).toBeGreaterThan(2 * chunkSize)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.shutdown('test')
  })
  beforeEach(async () => {
    context = await browser.newContext()
    await context.addCookies([
      {
        name: cookie.name,
        value: cookie.value,
        domain: '127.0.0.1',
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
      },
    ])
    errors = []
    requests = []
  })
  afterEach(async () => {
    await context?.close()
    expect(errors).toEqual([])
  })

  /** A page at Glam's origin with Glam's page policy, carrying the widget; events are recorded. */
  const open = async (attrs: string) => {
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('request', (r) => {
      if (r.url().startsWith(`${base}/api/`)) requests.push(r)
    })
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upload</title>
<script type="module" src="/a/glam-upload.js"></script></head>
<body><h1>Upload</h1><glam-upload ${attrs}></glam-upload></body></html>`
    await page.route(`${base}/widget-page`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'Content-Security-Policy': pageContentSecurityPolicy },
        body: html,
      }),
    )
    await page.goto(`${base}/widget-page`)
    await page.waitForFunction(() => customElements.get('glam-upload') !== undefined)
    // Page policy forbids inline scripts; evaluate runs outside it.
    await page.evaluate(() => {
      const seen: unknown[] = []
      Object.assign(window, { seen })
      for (const kind of ['glam-upload', 'glam-upload-error'])
        document.addEventListener(kind, (e) => seen.push({ kind, detail: (e as CustomEvent).detail }))
    })
    return page
  }
  const choose = (page: Page, path: string) =>
    page.getByLabel('Choose a file or drop it here').setInputFiles(path)
  const events = (page: Page) => page.evaluate(() => (window as unknown as { seen: Seen[] }).seen)
  const nextEvent = async (page: Page, count = 1) => {
    await page.waitForFunction((n) => (window as unknown as { seen: unknown[] }).seen.length >= n, count, {
      timeout: 20_000,
    })
    return (await events(page))[count - 1]!
  }
  const lines = () =>
    requests.map((r) => `${r.method()} ${new URL(r.url()).pathname.replace(/[0-9a-f]{32}$/, ':id')}`)
  const storedKeys = (page: Page) =>
    page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('glam-upload:')))

  it('uploads a small PNG as multipart with the session cookie; the event carries the asset', async () => {
    const page = await open('type="campaign-image" accept="image/*"')
    // Its styles apply under the page policy (inline styles are allowed, scripts are not).
    expect(
      await page
        .locator('glam-upload')
        .evaluate((e) => getComputedStyle(e.shadowRoot!.querySelector('.zone')!).borderStyle),
    ).toBe('dashed')
    expect(await page.getByLabel('Choose a file or drop it here').getAttribute('accept')).toBe('image/*')
    await choose(page, small.path)
    const event = await nextEvent(page)
    expect(event.kind).toBe('glam-upload')
    expect(event.detail).toMatchObject({
      sha256: sha(small.bytes),
      size: small.bytes.length,
      type: 'campaign-image',
      name: 'small.png',
      contentType: 'image/png',
    })
    expect(lines()).toEqual(['POST /api/assets'])
    // Same-origin: the browser sent Origin, which is what CSRF checks for a session.
    expect(await requests[0]!.headerValue('origin')).toBe(base)
    expect(await requests[0]!.headerValue('content-type')).toMatch(/^multipart\/form-data; boundary=/)
    const stored = await repositoriesOf(server.platform).assets.get(String(event.detail.id))
    expect(stored).toMatchObject({
      sha256: sha(small.bytes),
      size: small.bytes.length,
      createdByType: 'user',
    })
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Uploaded.')
    const progress = page.locator('glam-upload progress')
    expect(await progress.evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([
      small.bytes.length,
      small.bytes.length,
    ])
    expect(await page.getByRole('button', { name: /Retry/ }).count()).toBe(0)
  })

  it('sends a file over the threshold through tus, chunk by chunk', async () => {
    const page = await open(`type="campaign-image" tus-threshold="100000" chunk-size="${chunkSize}"`)
    await choose(page, large.path)
    const event = await nextEvent(page)
    expect(event.kind).toBe('glam-upload')
    expect(event.detail).toMatchObject({
      sha256: sha(large.bytes),
      size: large.bytes.length,
      name: 'large.png',
    })
    const chunks = Math.ceil(large.bytes.length / chunkSize)
    expect(lines()).toEqual([
      'POST /api/assets/tus',
      ...Array(chunks).fill('PATCH /api/assets/tus/:id'),
      `GET /api/assets/${event.detail.id}`,
    ])
    const patches = requests.filter((r) => r.method() === 'PATCH')
    expect(await Promise.all(patches.map((r) => r.headerValue('upload-offset')))).toEqual(
      Array.from({ length: chunks }, (_, i) => String(i * chunkSize)),
    )
    const stored = await repositoriesOf(server.platform).assets.get(String(event.detail.id))
    expect(stored).toMatchObject({ sha256: sha(large.bytes), size: large.bytes.length })
    expect(await storedKeys(page)).toEqual([])
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Uploaded.')
  })

  it("shows the server's message for a refused file, fires glam-upload-error, and retries on request", async () => {
    const fake = join(dir, 'notes.png')
    await writeFile(fake, 'These are my notes, not a picture at all.\n')
    const page = await open('type="campaign-image"')
    await choose(page, fake)
    const event = await nextEvent(page)
    expect(event.kind).toBe('glam-upload-error')
    expect(event.detail).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' })
    const message = String(event.detail.message)
    expect(message).toMatch(/campaign-image/)
    expect(Object.keys(event.detail).sort()).toEqual(['code', 'message', 'status'])
    await expect.poll(() => page.getByRole('status').textContent()).toBe(message)

    await page.getByRole('button', { name: 'Retry notes.png' }).click()
    const again = await nextEvent(page, 2)
    expect(again).toEqual(event)
    expect(lines()).toEqual(['POST /api/assets', 'POST /api/assets'])
  })

  it('waits after a cut-off PATCH, asks the offset with HEAD and completes with the right hash', async () => {
    const page = await open(`type="campaign-image" tus-threshold="100000" chunk-size="${chunkSize}"`)
    let patches = 0
    await page.route(`${base}/api/assets/tus/*`, (route: Route) =>
      route.request().method() === 'PATCH' && ++patches === 2
        ? route.abort('connectionreset')
        : route.continue(),
    )
    await choose(page, large.path)
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/trying again in 1 s/)
    const event = await nextEvent(page)
    expect(event.kind).toBe('glam-upload')
    expect(event.detail).toMatchObject({ sha256: sha(large.bytes), size: large.bytes.length })
    const chunks = Math.ceil(large.bytes.length / chunkSize)
    expect(lines()).toEqual([
      'POST /api/assets/tus',
      'PATCH /api/assets/tus/:id',
      'PATCH /api/assets/tus/:id', // aborted
      'HEAD /api/assets/tus/:id',
      ...Array(chunks - 1).fill('PATCH /api/assets/tus/:id'),
      `GET /api/assets/${event.detail.id}`,
    ])
    const stored = await repositoriesOf(server.platform).assets.get(String(event.detail.id))
    expect(stored).toMatchObject({ sha256: sha(large.bytes), size: large.bytes.length })
  })

  it('resumes after a reload from the upload URL it remembered', async () => {
    const page = await open(`type="campaign-image" tus-threshold="100000" chunk-size="${chunkSize}"`)
    let patches = 0
    const held: Route[] = []
    // The second PATCH never gets an answer: the page is reloaded while it hangs.
    const hold = (route: Route) => {
      if (route.request().method() === 'PATCH' && ++patches === 2) held.push(route)
      else return route.continue()
    }
    await page.route(`${base}/api/assets/tus/*`, hold)
    await choose(page, large.path)
    await expect.poll(() => held.length).toBe(1)
    expect(await storedKeys(page)).toHaveLength(1)
    await page.unroute(`${base}/api/assets/tus/*`, hold)
    requests.length = 0
    await page.reload()
    await held[0]!.abort().catch(() => {})
    await page.waitForFunction(() => customElements.get('glam-upload') !== undefined)
    await page.evaluate(() => {
      const seen: unknown[] = []
      Object.assign(window, { seen })
      document.addEventListener('glam-upload', (e) =>
        seen.push({ kind: 'glam-upload', detail: (e as CustomEvent).detail }),
      )
    })
    await choose(page, large.path)
    const event = await nextEvent(page)
    expect(event.detail).toMatchObject({ sha256: sha(large.bytes), size: large.bytes.length })
    const chunks = Math.ceil(large.bytes.length / chunkSize)
    expect(lines()).toEqual([
      'HEAD /api/assets/tus/:id',
      ...Array(chunks - 1).fill('PATCH /api/assets/tus/:id'),
      `GET /api/assets/${event.detail.id}`,
    ])
    expect(await requests[1]!.headerValue('upload-offset')).toBe(String(chunkSize))
    expect(await storedKeys(page)).toEqual([])
  })
})
