// The portal's product page forms and the member's page `/w/`, as a browser without JavaScript
// posts them (application/x-www-form-urlencoded, over real HTTP): an address gets the double
// opt-in (202 alike), a target price written as people write it is read exactly, bad input is a
// page with its status and reason, and a member saves, removes and deletes on `/w/` (303 back),
// from Glam's own origin only.
import { importFeed } from '@glam/catalog/import'
import { demo } from '@glam/db'
import { createDemoShopApp } from '@glam/demo-shop'
import { startMailedApp } from '@glam/testing/mailed-app'
import { sessionCookie } from '@glam/testing/session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe('alert and wishlist forms', () => {
  let m: Awaited<ReturnType<typeof startMailedApp>>
  let member: string
  let productId: string
  let outOfStockId: string

  /** A form post as a browser sends it from Glam's own pages. */
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${m.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: m.base, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    })
  const memberPage = async () => (await fetch(`${m.base}/w/?lang=en`, { headers: { cookie: member } })).text()

  beforeAll(async () => {
    m = await startMailedApp()
    const shop = createDemoShopApp({
      glamUrl: m.base,
      publicKey: demo.shopPublicKey,
      outOfStock: () => new Set(['SPF50-FLUID']),
    })
    const feed = await shop.request('http://127.0.0.1:3001/feeds/products.xml')
    await importFeed({
      repos: m.t.repos,
      shopId: demo.shopId,
      source: 'http://127.0.0.1:3001/feeds/products.xml',
      bytes: [new Uint8Array(await feed.arrayBuffer())],
      options: { fileName: 'products.xml' },
    })
    productId = (await m.t.repos.products.bySku(demo.shopId, 'LIP-OIL-ROSE'))!.id
    outOfStockId = (await m.t.repos.products.bySku(demo.shopId, 'SPF50-FLUID'))!.id
    member = await sessionCookie(m.t.repos, demo.memberUserId, 'portal')
  })
  afterAll(() => m?.stop())

  it('puts the alert form and "save" on a product page, back in stock chosen when it is out of stock', async () => {
    const page = await fetch(`${m.base}/p/${productId}`, { redirect: 'follow' })
    const text = await page.text()
    expect(text).toContain('action="/w/alerts"')
    expect(text).toContain('action="/w/items"')
    expect(text).toContain(`name="productId" value="${productId}"`)
    expect(text).toMatch(/value="price_drop" checked/)
    const out = await (await fetch(`${m.base}/en/p/${outOfStockId}`, { redirect: 'follow' })).text()
    expect(out).toMatch(/value="back_in_stock" checked/)
    expect(out).toContain('Set alert')
  })

  it('sends an address the double opt-in, reads "24,90" as 2490 cents, and answers every address alike', async () => {
    const res = await post('/w/alerts', {
      productId,
      kind: 'target_price',
      target: '24,90',
      email: 'forms@example.com',
      locale: 'de',
    })
    expect(res.status).toBe(202)
    const text = await res.text()
    expect(text).toContain('Bitte bestätige deine Adresse')
    const again = await post('/w/alerts', { productId, kind: 'price_drop', email: 'nobody@example.com' })
    expect(again.status).toBe(202)
    await m.settle()
    const mail = m.mailsTo('forms@example.com', 'alert-confirmation').at(-1)
    expect((await fetch(m.linkIn(mail, '/w/confirm'))).status).toBe(200)
    const active = await m.t.repos.alerts.activeFor([productId])
    expect(active.filter((a) => a.email === 'forms@example.com')).toMatchObject([
      { kind: 'target_price', targetPriceMinor: 2490, status: 'active', locale: 'de' },
    ])
  })

  it('refuses bad input with a page naming the field, and stores nothing', async () => {
    for (const [fields, status, code] of [
      [
        { productId, kind: 'target_price', target: 'cheap', email: 'bad@example.com' },
        400,
        'VALIDATION_FAILED',
      ],
      [{ productId, kind: 'target_price', email: 'bad@example.com' }, 400, 'VALIDATION_FAILED'],
      [{ productId, kind: 'price_drop', email: 'not an address' }, 400, 'VALIDATION_FAILED'],
      [{ productId, kind: 'whenever', email: 'bad@example.com' }, 400, 'VALIDATION_FAILED'],
      [{ productId, kind: 'price_drop' }, 400, 'VALIDATION_FAILED'],
      [{ productId: 'nope', kind: 'price_drop', email: 'bad@example.com' }, 422, 'ALERT_PRODUCT_UNKNOWN'],
    ] as const) {
      const res = await post('/w/alerts', fields)
      expect([res.status, res.headers.get('x-error-code')]).toEqual([status, code])
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await res.text()).toContain('Alarm nicht gesetzt')
    }
    await m.settle()
    expect(m.mailsTo('bad@example.com')).toEqual([])
  })

  it('lets a member save, set an alert without an address, and remove both on /w/', async () => {
    const anonymous = await post('/w/items', { productId, locale: 'en' })
    expect(anonymous.status).toBe(401)
    expect(await anonymous.text()).toContain('/auth/login?app=portal&amp;returnTo=%2Fen%2Fp%2F')

    const saved = await post('/w/items', { productId, locale: 'en' }, { cookie: member })
    expect([saved.status, saved.headers.get('location')]).toEqual([303, '/w/'])
    let page = await memberPage()
    expect(page).toContain('Wishlist')
    expect(page).toContain('Lip Oil')

    const set = await post('/w/alerts', { productId, kind: 'price_drop', locale: 'en' }, { cookie: member })
    expect(set.status).toBe(201)
    expect(await set.text()).toContain('Alert set')
    page = await memberPage()
    expect(page).toContain('Price drops')

    const [list] = await m.t.repos.alerts.wishlistsOf(demo.memberUserId)
    const removed = await post('/w/items/remove', { wishlistId: list!.id, productId }, { cookie: member })
    expect(removed.status).toBe(303)
    const alerts = await m.t.repos.alerts.byUser(demo.memberUserId)
    expect((await post('/w/alerts/remove', { alertId: alerts[0]!.id }, { cookie: member })).status).toBe(303)
    expect(await m.t.repos.alerts.byUser(demo.memberUserId)).toEqual([])

    expect((await post('/w/lists', { name: 'Summer' }, { cookie: member })).status).toBe(303)
    expect(await memberPage()).toContain('Summer')
    const tooLong = await post('/w/lists', { name: 'x'.repeat(101) }, { cookie: member })
    expect(tooLong.status).toBe(400)
    for (const l of await m.t.repos.alerts.wishlistsOf(demo.memberUserId))
      expect((await post('/w/lists/remove', { wishlistId: l.id }, { cookie: member })).status).toBe(303)
    expect(await m.t.repos.alerts.wishlistsOf(demo.memberUserId)).toEqual([])
  })

  it('refuses a member’s change from another site, and another member’s list as not found', async () => {
    const csrf = await post('/w/items', { productId }, { cookie: member, origin: 'https://evil.example' })
    expect(csrf.status).toBe(403)
    expect(await m.t.repos.alerts.wishlistsOf(demo.memberUserId)).toEqual([])
    const second = await m.t.repos.users.ensure({ email: 'forms.member@example.com' })
    await m.t.repos.users.grant({ userId: second.id, app: 'portal', role: 'member' })
    const list = await m.t.repos.alerts.createWishlist(second.id, 'Theirs')
    const res = await post('/w/lists/remove', { wishlistId: list.id }, { cookie: member })
    expect([res.status, res.headers.get('x-error-code')]).toEqual([404, 'WISHLIST_NOT_FOUND'])
    expect(await m.t.repos.alerts.wishlist(list.id)).toBeTruthy()
  })
})
