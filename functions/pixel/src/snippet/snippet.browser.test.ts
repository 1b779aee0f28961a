// The built snippet in headless Chromium: a shop on one origin, Glam (pixel.js and /collect)
// on another, exactly as a merchant embeds it.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { freePort } from '@glam/testing/runtimes'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RecordingCollector, startRecordingCollector } from './recording-collector.fixture.ts'

const key = 'pk_test_shop_key_01'
const stub = '<script>window.glam=window.glam||function(){(glam.q=glam.q||[]).push(arguments)}</script>'
const order = {
  orderId: 1001,
  total: '53.40',
  currency: 'eur',
  items: [
    { sku: 'GLOW-SERUM-30', name: 'Glow Serum 30 ml', price: 34.9, quantity: 1 },
    { sku: 'LIP-OIL-ROSE', name: 'Rose Lip Oil', price: 18.5, quantity: 1 },
  ],
  coupon: 'LENA10',
}
const call = (...args: unknown[]) => `glam(${args.map((a) => JSON.stringify(a)).join(',')});`

describe.runIf(hasChromium())('the pixel in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let glam: RecordingCollector
  let shop: Server
  let shopUrl: string
  const pages = new Map<string, string>()
  let context: BrowserContext
  let errors: string[]

  /** A shop page: `head` runs before the stub, `queued` between stub and tag, `after` after the tag. */
  const shopPage = (options: { attrs?: string; head?: string; queued?: string; after?: string } = {}) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
${options.head ? `<script>${options.head}</script>` : ''}
${stub}
${options.queued ? `<script>${options.queued}</script>` : ''}
<script async src="${glam.url}/pixel.js" data-key="${key}"${options.attrs ?? ''}></script>
</head><body><h1>Shop</h1>
${options.after ? `<script>${options.after}</script>` : ''}
</body></html>`

  const open = async (path: string, html: string) => {
    pages.set(new URL(path, shopUrl).pathname, html)
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    const res = await page.goto(new URL(path, shopUrl).href)
    expect(res?.status()).toBe(200)
    await page.waitForFunction(() => (window as { glam?: { loaded?: boolean } }).glam?.loaded === true)
    return page
  }
  const cookie = async () => (await context.cookies()).find((c) => c.name === '_glam_cid')
  const payloads = () => glam.collected.map((c) => c.payload)
  const settle = (page: Page) => page.waitForTimeout(300)

  beforeAll(async () => {
    glam = await startRecordingCollector()
    shop = createServer((req, res) => {
      const html = pages.get(new URL(req.url ?? '/', 'http://shop.invalid').pathname)
      res.writeHead(html ? 200 : 404, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      })
      res.end(html ?? 'not found')
    })
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r))
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`
    // A different origin than the collector (another port), as on a real shop.
    expect(new URL(shopUrl).origin).not.toBe(new URL(glam.url).origin)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await glam?.close()
    shop?.closeAllConnections()
    await new Promise((r) => shop?.close(r))
  })
  beforeEach(async () => {
    context = await browser.newContext()
    errors = []
    glam.collected.length = 0
    glam.scriptDelayMs = 0
    pages.clear()
  })
  afterEach(async () => {
    await context?.close()
    expect(errors).toEqual([])
  })

  it('remembers the click id of the landing URL and sends it with a later purchase', async () => {
    const before = Date.now()
    await open('/landing?utm_source=ig&glam_cid=click_0001_lena', shopPage())
    await expect.poll(cookie).toBeDefined()
    const stored = (await cookie())!
    expect(stored.value).toMatch(/^click_0001_lena\.\d{13}$/)
    const clickAt = Number(stored.value.split('.')[1])
    expect(clickAt).toBeGreaterThanOrEqual(before)
    expect(stored).toMatchObject({ path: '/', sameSite: 'Lax', secure: false, httpOnly: false })
    expect(stored.expires).toBeGreaterThan(Date.now() / 1000 + 30 * 86400 - 120)
    expect(stored.expires).toBeLessThan(Date.now() / 1000 + 30 * 86400 + 120)

    await open('/thanks#done', shopPage({ queued: call('purchase', order) }))
    await expect.poll(() => glam.collected.length).toBe(1)
    const [request] = glam.collected
    expect(request).toMatchObject({ transport: 'post', origin: shopUrl })
    expect(request!.contentType).toMatch(/^text\/plain/)
    expect(request!.payload).toEqual({
      v: 1,
      key,
      orderId: '1001',
      total: 53.4,
      currency: 'EUR',
      items: order.items,
      coupon: 'LENA10',
      clickId: 'click_0001_lena',
      clickAt,
      consent: true,
      url: `${shopUrl}/thanks`,
    })
  })

  it('lets a newer click replace an older one, and keeps the time on a reload', async () => {
    await open('/a?glam_cid=click_older_01', shopPage())
    await expect.poll(async () => (await cookie())?.value).toMatch(/^click_older_01\./)
    const page = await open('/b?glam_cid=click_newer_02', shopPage())
    await expect.poll(async () => (await cookie())?.value).toMatch(/^click_newer_02\./)
    const first = (await cookie())!.value
    await page.reload()
    await page.waitForFunction(() => (window as { glam?: { loaded?: boolean } }).glam?.loaded === true)
    expect((await cookie())!.value).toBe(first)

    await open('/thanks', shopPage({ queued: call('purchase', order) }))
    await expect.poll(() => glam.collected.length).toBe(1)
    expect(payloads()[0]).toMatchObject({ clickId: 'click_newer_02', clickAt: Number(first.split('.')[1]) })
  })

  it('reads a custom parameter and cookie lifetime from the tag', async () => {
    await open('/landing?ref=custom_param_1', shopPage({ attrs: ' data-param="ref" data-days="2"' }))
    await expect.poll(cookie).toBeDefined()
    const stored = (await cookie())!
    expect(stored.value).toMatch(/^custom_param_1\./)
    expect(Math.abs(stored.expires - (Date.now() / 1000 + 2 * 86400))).toBeLessThan(120)
  })

  it('ignores click ids that are not well formed', async () => {
    await open('/landing?glam_cid=short', shopPage())
    await open('/landing2?glam_cid=%3Cscript%3Ealert(1)%3C%2Fscript%3E', shopPage())
    await open('/thanks', shopPage({ queued: call('purchase', order) }))
    await expect.poll(() => glam.collected.length).toBe(1)
    expect(await cookie()).toBeUndefined()
    expect(payloads()[0]).not.toHaveProperty('clickId')
  })

  it('writes no cookie in consent mode denied, yet sends the click id of the same page', async () => {
    const denied = ' data-consent="denied"'
    await open(
      '/landing?glam_cid=click_denied_01',
      shopPage({ attrs: denied, queued: call('purchase', order) }),
    )
    await expect.poll(() => glam.collected.length).toBe(1)
    expect(await cookie()).toBeUndefined()
    const [payload] = payloads()
    expect(payload).toMatchObject({ clickId: 'click_denied_01', consent: false })
    expect(payload).not.toHaveProperty('clickAt')

    // A later page has nothing to attribute with.
    await open('/thanks', shopPage({ attrs: denied, queued: call('purchase', { ...order, orderId: 'B' }) }))
    await expect.poll(() => glam.collected.length).toBe(2)
    expect(payloads()[1]).not.toHaveProperty('clickId')
  })

  it('neither reads nor deletes an earlier cookie while consent mode is denied', async () => {
    await open('/landing?glam_cid=click_earlier_1', shopPage())
    await expect.poll(cookie).toBeDefined()
    await open('/thanks', shopPage({ attrs: ' data-consent="denied"', queued: call('purchase', order) }))
    await expect.poll(() => glam.collected.length).toBe(1)
    expect(payloads()[0]).toMatchObject({ consent: false })
    expect(payloads()[0]).not.toHaveProperty('clickId')
    expect((await cookie())?.value).toMatch(/^click_earlier_1\./)
  })

  it("deletes the cookie on glam('consent', false) and stores the click again on true", async () => {
    await open('/landing?glam_cid=click_before_01', shopPage())
    await expect.poll(cookie).toBeDefined()

    const page = await open(
      '/next?glam_cid=click_after_002',
      shopPage({ queued: call('consent', false) + call('purchase', order) }),
    )
    await expect.poll(() => glam.collected.length).toBe(1)
    expect(await cookie()).toBeUndefined()
    expect(payloads()[0]).toMatchObject({ clickId: 'click_after_002', consent: false })
    expect(payloads()[0]).not.toHaveProperty('clickAt')

    await page.evaluate(() => (window as unknown as { glam(...a: unknown[]): void }).glam('consent', true))
    expect((await cookie())?.value).toMatch(/^click_after_002\./)
    await page.evaluate(() => (window as unknown as { glam(...a: unknown[]): void }).glam('consent', false))
    expect(await cookie()).toBeUndefined()
  })

  it('processes the calls queued before the script arrived, in order', async () => {
    glam.scriptDelayMs = 400
    const page = await open(
      '/thanks?glam_cid=click_queued_01',
      shopPage({
        queued:
          call('purchase', { ...order, orderId: 'Q-1' }) +
          call('consent', false) +
          call('purchase', { ...order, orderId: 'Q-2' }),
        after: 'document.body.dataset.queued = String(glam.q.length)',
      }),
    )
    expect(await page.locator('body').getAttribute('data-queued')).toBe('3')
    await expect.poll(() => glam.collected.length).toBe(2)
    const byId = Object.fromEntries(payloads().map((p) => [p?.orderId, p]))
    // Q-1 went out before consent was withdrawn, Q-2 after.
    expect(byId['Q-1']).toMatchObject({ clickId: 'click_queued_01', consent: true })
    expect(typeof byId['Q-1']?.clickAt).toBe('number')
    expect(byId['Q-2']).toMatchObject({ clickId: 'click_queued_01', consent: false })
    expect(byId['Q-2']).not.toHaveProperty('clickAt')
    expect(await cookie()).toBeUndefined()
  })

  it('falls back to fetch when sendBeacon refuses', async () => {
    await open(
      '/thanks',
      shopPage({ head: 'navigator.sendBeacon = () => false', queued: call('purchase', order) }),
    )
    await expect.poll(() => glam.collected.length).toBe(1)
    expect(glam.collected[0]).toMatchObject({ transport: 'post', origin: shopUrl })
    expect(glam.collected[0]!.contentType).toMatch(/^text\/plain/)
    expect(payloads()[0]).toMatchObject({ orderId: '1001', total: 53.4 })
  })

  it('falls back to an image request without sendBeacon and fetch, dropping names when too long', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      sku: `SKU-${i}`,
      name: `A very long product name ${'x'.repeat(300)}`,
      price: 1,
      quantity: 1,
    }))
    const page = await open(
      '/thanks',
      shopPage({
        head: 'delete Navigator.prototype.sendBeacon; window.fetch = undefined',
        queued:
          call('purchase', order) +
          call('purchase', { orderId: 'BIG', total: 40, currency: 'EUR', items: many }),
      }),
    )
    await expect.poll(() => glam.collected.length).toBe(2)
    expect(glam.collected.map((c) => c.transport)).toEqual(['image', 'image'])
    const byId = Object.fromEntries(payloads().map((p) => [p?.orderId, p]))
    expect(byId['1001']).toMatchObject({ items: order.items, consent: true })
    expect(byId['1001']).not.toHaveProperty('truncated')
    expect(byId.BIG).toMatchObject({
      orderId: 'BIG',
      truncated: true,
      items: many.map(({ name: _, ...rest }) => rest),
    })
    expect(await page.evaluate(() => typeof navigator.sendBeacon)).toBe('undefined')
  })

  it('keeps the host page running when the endpoint is down', async () => {
    const dead = `http://127.0.0.1:${await freePort()}/collect`
    const after = 'document.body.dataset.after = "still running"'
    for (const head of [
      '',
      'delete Navigator.prototype.sendBeacon',
      'delete Navigator.prototype.sendBeacon; window.fetch = undefined',
    ]) {
      const page = await open(
        '/thanks',
        shopPage({ head, attrs: ` data-endpoint="${dead}"`, queued: call('purchase', order), after }),
      )
      await settle(page)
      expect(await page.locator('body').getAttribute('data-after')).toBe('still running')
    }
    expect(glam.collected).toEqual([])
  })

  it('reads prices given as text, with a decimal point or a decimal comma', async () => {
    const order = {
      orderId: 'TXT-1',
      total: '69,80',
      currency: 'eur',
      items: [
        { sku: 'A', name: 'A', price: '34.90', quantity: '1' },
        { sku: 'B', name: 'B', price: ' 34,90 ', quantity: 1 },
        { sku: 'C', name: 'C', price: '1.234,56', quantity: 1 },
      ],
    }
    await open('/confirm-text', shopPage({ after: call('purchase', order) }))
    await expect.poll(() => glam.collected.length).toBe(1)
    expect(payloads()[0]).toMatchObject({
      total: 69.8,
      currency: 'EUR',
      items: [
        { sku: 'A', price: 34.9, quantity: 1 },
        { sku: 'B', price: 34.9, quantity: 1 },
        // Thousands separators are not guessed at: the server refuses the line, visibly.
        { sku: 'C', price: null, quantity: 1 },
      ],
    })
  })

  it('passes shipping, tax and discount on when given, so the total agrees with its lines', async () => {
    const order = {
      orderId: 'EXTRA-1',
      total: '41,30',
      currency: 'eur',
      items: [{ sku: 'A', price: 34.9, quantity: 1 }],
      shipping: '4,90',
      tax: 5,
      discount: 3.5,
    }
    await open('/confirm-extra', shopPage({ after: call('purchase', order) }))
    await open(
      '/confirm-plain',
      shopPage({
        after: call('purchase', {
          ...order,
          orderId: 'EXTRA-2',
          shipping: 'free',
          tax: null,
          discount: undefined,
        }),
      }),
    )
    await expect.poll(() => glam.collected.length).toBe(2)
    const [extra, plain] = [...payloads()].sort((a, b) =>
      String(a?.orderId).localeCompare(String(b?.orderId)),
    )
    expect(extra).toMatchObject({ total: 41.3, shipping: 4.9, tax: 5, discount: 3.5 })
    // Not a number, null or missing: left out (the total then has to agree without them).
    expect(plain).not.toHaveProperty('shipping')
    expect(plain).not.toHaveProperty('tax')
    expect(plain).not.toHaveProperty('discount')
  })

  it('survives garbage calls, before and after it loaded, without a page error', async () => {
    // The same calls go into the stub's queue and, later, straight to the loaded pixel.
    const garbage = (tag: string) => `
      glam(); glam('purchase'); glam('purchase', null); glam('purchase', 'order'); glam('purchase', 42);
      glam('purchase', {}); glam('purchase', { orderId: '' }); glam('unknown', 1); glam('constructor', 1);
      glam('purchase', Object.create(null)); glam('consent', { valueOf: () => true });
      glam('purchase', { orderId: { toString() { throw new Error('boom') } } });
      glam('purchase', { get orderId() { throw new Error('boom') } });
      glam('purchase', { orderId: 'a-${tag}', items: [{ get sku() { throw new Error('boom') } }] });
      glam('purchase', { orderId: 'ok-1-${tag}', total: 'abc', items: 'nope', currency: 7 });
      glam('purchase', { orderId: 'ok-2-${tag}', total: 1n, items: [null, 1, 'x', { sku: 5n, price: '2', quantity: 1 }] });
      var circular = { orderId: 'ok-3-${tag}' }; circular.items = [circular]; glam('purchase', circular);`
    const page = await open(
      '/thanks',
      shopPage({
        queued: `${garbage('queued')} glam.q.push(null, 1, 'x', { length: 1e9 });`,
        after: 'document.body.dataset.after = "still running"',
      }),
    )
    // An inline script: anything the pixel let through would surface as a page error.
    await page.addScriptTag({ content: `${garbage('loaded')} document.body.dataset.later = "still running"` })
    await settle(page)
    expect(await page.locator('body').getAttribute('data-after')).toBe('still running')
    expect(await page.locator('body').getAttribute('data-later')).toBe('still running')
    await expect.poll(() => glam.collected.length).toBe(6)
    const byId = Object.fromEntries(payloads().map((p) => [p?.orderId, p]))
    expect(Object.keys(byId).sort()).toEqual([
      'ok-1-loaded',
      'ok-1-queued',
      'ok-2-loaded',
      'ok-2-queued',
      'ok-3-loaded',
      'ok-3-queued',
    ])
    expect(byId['ok-1-loaded']).toMatchObject({ total: null, items: [], currency: '7' })
    expect(byId['ok-2-loaded']).toMatchObject({ total: 1, items: [{ sku: '5', price: 2, quantity: 1 }] })
    expect(byId['ok-3-loaded']).toMatchObject({
      items: [{ sku: '', price: null, quantity: null }],
    })
  })

  it('sets no global but glam', async () => {
    const page = await open(
      '/thanks?glam_cid=click_globals_1',
      shopPage({
        head: 'window.__before = Object.getOwnPropertyNames(window)',
        queued: call('purchase', order),
      }),
    )
    await expect.poll(() => glam.collected.length).toBe(1)
    const added = await page.evaluate(() => {
      const before = (window as unknown as { __before: string[] }).__before
      return Object.getOwnPropertyNames(window).filter((n) => !before.includes(n) && n !== '__before')
    })
    expect(added).toEqual(['glam'])
    expect(await page.evaluate(() => Object.keys((window as unknown as { glam: object }).glam))).toEqual([
      'loaded',
    ])
  })
})
