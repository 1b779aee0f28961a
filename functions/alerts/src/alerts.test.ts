// Wishlists and price/stock alerts on the whole app over real HTTP (SQLite, Mailgun against the
// local Mailgun-speaking server), with the demo shop's feed imported as `npm run demo --
// price-drop` does: a drop mails each confirmed subscriber once and no one else; the same price
// again mails none; a rise then a drop mails again; back in stock mails on the change only;
// confirmation links expire and are spent; another member's list is not theirs to read.
import { importFeed } from '@glam/catalog/import'
import { demo } from '@glam/db'
import { createDemoShopApp } from '@glam/demo-shop'
import { type Json, startMailedApp } from '@glam/testing/mailed-app'
import { sessionCookie } from '@glam/testing/session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendDigests } from './digest.ts'
import { sendAlerts } from './send.ts'

describe('wishlists and alerts', () => {
  let m: Awaited<ReturnType<typeof startMailedApp>>
  let t: Awaited<ReturnType<typeof startMailedApp>>['t']
  let base: string
  let member: string
  let other: string
  const prices: Record<string, number> = {}
  const outOfStock = new Set<string>()
  const serum = () => t.repos.products.bySku(demo.shopId, 'GLOW-SERUM-30')
  const mask = () => t.repos.products.bySku(demo.shopId, 'CLAY-MASK-75')

  /** The demo shop's feed as it reads now, imported (what `npm run demo -- price-drop` does). */
  const importDemoFeed = async () => {
    const shop = createDemoShopApp({
      glamUrl: base,
      publicKey: demo.shopPublicKey,
      prices: () => prices,
      outOfStock: () => outOfStock,
    })
    const feed = await shop.request('http://127.0.0.1:3001/feeds/products.xml')
    t.clock.advance(60_000)
    return importFeed({
      repos: t.repos,
      shopId: demo.shopId,
      source: 'http://127.0.0.1:3001/feeds/products.xml',
      bytes: [new Uint8Array(await feed.arrayBuffer())],
      options: { fileName: 'products.xml' },
    })
  }
  const run = async () => {
    const result = await sendAlerts(t.platform)
    await m.settle()
    return result
  }
  const api: (typeof m)['api'] = (...args) => m.api(...args)
  const mailsTo: (typeof m)['mailsTo'] = (...args) => m.mailsTo(...args)
  const linkIn: (typeof m)['linkIn'] = (...args) => m.linkIn(...args)
  const alertFor = async (email: string, body: Json) => {
    const res = await api('/api/alerts', { method: 'POST', body: JSON.stringify({ email, ...body }) })
    await m.settle()
    return res
  }
  const confirmByMail = async (email: string) => {
    const mail = mailsTo(email, 'alert-confirmation').at(-1)
    const res = await fetch(linkIn(mail, '/w/confirm'))
    expect(res.status).toBe(200)
  }

  beforeAll(async () => {
    m = await startMailedApp()
    t = m.t
    base = m.base
    await importDemoFeed()
    // The job starts reading at the newest price change: nothing fires for what already was.
    expect(await run()).toMatchObject({ started: true })
    member = await sessionCookie(t.repos, demo.memberUserId, 'portal')
    const second = await t.repos.users.ensure({ email: 'second.member@example.com' })
    await t.repos.users.grant({ userId: second.id, app: 'portal', role: 'member' })
    other = await sessionCookie(t.repos, second.id, 'portal')
  })
  afterAll(() => m?.stop())

  describe('wishlists', () => {
    it('are a member’s own: made, filled, shared read only, and 404 for anyone else', async () => {
      expect((await api('/api/wishlists')).body.error.code).toBe('MEMBER_REQUIRED')
      const made = await api('/api/wishlists', {
        method: 'POST',
        cookie: member,
        body: JSON.stringify({ name: 'Sommer' }),
      })
      expect(made.status).toBe(201)
      const id = made.body.id
      const product = (await serum())!
      const added = await api(`/api/wishlists/${id}/items/${product.id}`, { method: 'POST', cookie: member })
      expect(added.status).toBe(201)
      expect(added.body.items).toEqual([
        expect.objectContaining({
          productId: product.id,
          product: expect.objectContaining({ title: 'Glow Serum 30 ml' }),
        }),
      ])
      expect(
        (await api(`/api/wishlists/${id}/items/${product.id}`, { method: 'POST', cookie: member })).status,
      ).toBe(200)
      const mine = await api('/api/wishlists', { cookie: member })
      expect(mine.body.items.map((l: Json) => l.name)).toEqual(['Sommer'])
      // Another member: not found, whatever they try.
      for (const [method, path] of [
        ['GET', `/api/wishlists/${id}`],
        ['DELETE', `/api/wishlists/${id}`],
        ['POST', `/api/wishlists/${id}/items/${product.id}`],
      ] as const) {
        const res = await api(path, { method, cookie: other })
        expect([res.status, res.body.error.code]).toEqual([404, 'WISHLIST_NOT_FOUND'])
      }
      expect((await api('/api/wishlists', { cookie: other })).body.items).toEqual([])
      // The share link reads, without a login.
      const shared = await fetch(made.body.shareUrl)
      expect(shared.status).toBe(200)
      expect(await shared.text()).toContain('Glow Serum 30 ml')
      expect((await fetch(`${base}/w/s.${id}.${'0'.repeat(32)}`)).status).toBe(404)
      // A change from another site is refused (CSRF).
      const csrf = await fetch(`${base}/api/wishlists`, {
        method: 'POST',
        headers: { cookie: member, origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x' }),
      })
      expect(csrf.status).toBe(403)
      const page = await fetch(`${base}/w/`, { headers: { cookie: member } })
      expect(await page.text()).toContain('Sommer')
    })
  })

  describe('alerts', () => {
    it('answers every address alike without a login, refuses bad input, and a member’s alert is active at once', async () => {
      const product = (await serum())!
      const a = await alertFor('anna@example.com', { productId: product.id, kind: 'price_drop' })
      const b = await alertFor('anna@example.com', { productId: product.id, kind: 'price_drop' })
      expect([a.status, b.status]).toEqual([202, 202])
      expect(b.body).toEqual(a.body)
      expect(mailsTo('anna@example.com', 'alert-confirmation').length).toBeGreaterThanOrEqual(1)
      for (const body of [
        { productId: product.id, kind: 'target_price', email: 'x@example.com' },
        { productId: 'nope', kind: 'price_drop', email: 'x@example.com' },
        { productId: product.id, kind: 'price_drop' },
      ]) {
        const bad = await api('/api/alerts', { method: 'POST', body: JSON.stringify(body) })
        expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      }
      const unknown = await alertFor('x@example.com', {
        productId: '00000000-0000-7000-8000-000000000999',
        kind: 'price_drop',
      })
      expect([unknown.status, unknown.body.error.code]).toEqual([422, 'ALERT_PRODUCT_UNKNOWN'])
      const mine = await api('/api/alerts', {
        method: 'POST',
        cookie: member,
        body: JSON.stringify({ productId: product.id, kind: 'price_drop' }),
      })
      expect([mine.status, mine.body.status]).toEqual([201, 'active'])
      const listed = await api('/api/alerts', { cookie: member })
      expect(listed.body.items.map((x: Json) => x.kind)).toEqual(['price_drop'])
      expect((await api('/api/alerts', { cookie: other })).body.items).toEqual([])
      expect((await api(`/api/alerts/${mine.body.id}`, { method: 'DELETE', cookie: other })).status).toBe(404)
    })

    it('refuses expired and used confirmation links, and a new link works', async () => {
      const product = (await serum())!
      await alertFor('late@example.com', { productId: product.id, kind: 'price_drop' })
      const first = linkIn(mailsTo('late@example.com', 'alert-confirmation').at(-1), '/w/confirm')
      t.clock.advance(8 * 86_400_000)
      try {
        const expired = await fetch(first)
        expect(expired.status).toBe(410)
        const token = /name="token" value="([^"]+)"/.exec(await expired.text())![1]!
        const resend = await fetch(`${base}/w/confirm/resend`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }),
        })
        expect(resend.status).toBe(202)
        await m.settle()
        const fresh = linkIn(mailsTo('late@example.com', 'alert-confirmation').at(-1), '/w/confirm')
        expect(fresh).not.toBe(first)
        expect((await fetch(first)).status).toBe(410)
        expect((await fetch(fresh)).status).toBe(200)
        expect((await fetch(fresh)).status).toBe(410)
        expect((await fetch(`${base}/w/confirm?token=c.forged`)).status).toBe(400)
      } finally {
        t.clock.advance(-8 * 86_400_000)
      }
    })

    it('mails a price drop once to each confirmed subscriber only; same price none; a rise then a drop again', async () => {
      const product = (await serum())!
      await confirmByMail('anna@example.com')
      // Confirmed and then unsubscribed, suppressed, never confirmed: none of them get the drop.
      await alertFor('gone@example.com', { productId: product.id, kind: 'price_drop' })
      await confirmByMail('gone@example.com')
      await alertFor('bounced@example.com', { productId: product.id, kind: 'price_drop' })
      await confirmByMail('bounced@example.com')
      await t.repos.mail.suppress({ email: 'bounced@example.com', reason: 'bounced', source: 'mailgun' })
      await alertFor('pending@example.com', { productId: product.id, kind: 'price_drop' })
      const goneMail = mailsTo('gone@example.com', 'alert-confirmation').at(-1)!
      const goneUnsubscribe = goneMail.headers['List-Unsubscribe']!.slice(1, -1)
      const one = await fetch(goneUnsubscribe, { method: 'POST', body: 'List-Unsubscribe=One-Click' })
      expect(one.status).toBe(200)

      const count =
        (tag = 'price_drop') =>
        (to: string) =>
          mailsTo(to, tag).length
      const drops = count()
      prices['GLOW-SERUM-30'] = 2990
      await importDemoFeed()
      const first = await run()
      // anna, the member and late (confirmed above) get it; bounced is skipped (suppressed).
      expect(first).toMatchObject({ fired: 4, sent: 3, skipped: 1 })
      const who = [
        'anna@example.com',
        'member@demo.glam',
        'late@example.com',
        'gone@example.com',
        'bounced@example.com',
        'pending@example.com',
      ]
      expect(who.map(drops)).toEqual([1, 1, 1, 0, 0, 0])
      const mail = mailsTo('anna@example.com', 'price_drop').at(-1)!
      expect(mail.subject).toBe('Preis gesunken: Glow Serum 30 ml')
      expect(mail.text).toContain('29,90')
      expect(mail.text).toContain('34,90')
      expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
      // The product link is the tracked shortlink, channel alert.
      const slug = `al-${product.id}`
      expect(mail.text).toContain(`${base}/${slug}`)
      expect(await t.repos.links.bySlug(slug)).toMatchObject({
        channel: 'alert',
        customerId: demo.customerId,
      })
      expect((await fetch(`${base}/${slug}`, { redirect: 'manual' })).status).toBe(302)

      // The same price again: nothing.
      await importDemoFeed()
      expect((await run()).fired ?? 0).toBe(0)
      prices['GLOW-SERUM-30'] = 2990
      await importDemoFeed()
      expect((await run()).fired ?? 0).toBe(0)
      // A rise (re-arms), then a drop: one more each.
      prices['GLOW-SERUM-30'] = 3290
      await importDemoFeed()
      expect((await run()).fired ?? 0).toBe(0)
      prices['GLOW-SERUM-30'] = 3190
      await importDemoFeed()
      expect(await run()).toMatchObject({ fired: 4, sent: 3, skipped: 1 })
      expect(drops('anna@example.com')).toBe(2)
      expect(drops('gone@example.com')).toBe(0)
      expect(drops('pending@example.com')).toBe(0)
      // The job running twice over the same changes mails nothing twice.
      expect((await run()).fired ?? 0).toBe(0)
    })

    it('mails target price once when reached, and back in stock on the change only', async () => {
      const product = (await mask())!
      const target = await api('/api/alerts', {
        method: 'POST',
        cookie: member,
        body: JSON.stringify({
          productId: product.id,
          kind: 'target_price',
          targetPriceMinor: 1500,
          locale: 'en',
        }),
      })
      expect(target.status).toBe(201)
      const stock = await api('/api/alerts', {
        method: 'POST',
        cookie: member,
        body: JSON.stringify({ productId: product.id, kind: 'back_in_stock', locale: 'en' }),
      })
      expect(stock.status).toBe(201)
      const targetMails = () => mailsTo('member@demo.glam', 'target_price').length
      const stockMails = () => mailsTo('member@demo.glam', 'back_in_stock').length
      prices['CLAY-MASK-75'] = product.priceMinor - 100
      await importDemoFeed()
      await run()
      expect(targetMails()).toBe(0)
      prices['CLAY-MASK-75'] = 1500
      await importDemoFeed()
      await run()
      expect(targetMails()).toBe(1)
      expect(mailsTo('member@demo.glam', 'target_price').at(-1)!.subject).toBe(
        'Your target price: Pink Clay Mask 75 ml',
      )
      prices['CLAY-MASK-75'] = 1400
      await importDemoFeed()
      await run()
      expect(targetMails()).toBe(1)
      // Out of stock (no mail), then back (one mail), then in stock still (none).
      outOfStock.add('CLAY-MASK-75')
      await importDemoFeed()
      await run()
      expect(stockMails()).toBe(0)
      outOfStock.delete('CLAY-MASK-75')
      await importDemoFeed()
      await run()
      expect(stockMails()).toBe(1)
      prices['CLAY-MASK-75'] = 1450
      await importDemoFeed()
      await run()
      expect(stockMails()).toBe(1)
    })
  })

  describe('daily digest', () => {
    it('keeps a daily alert’s changes for one morning mail per address, sent once, and one click stops them all', async () => {
      const oil = (await t.repos.products.bySku(demo.shopId, 'LIP-OIL-ROSE'))!
      const spf = (await t.repos.products.bySku(demo.shopId, 'SPF50-FLUID'))!
      const daily = { frequency: 'daily' }
      await alertFor('daily@example.com', { productId: oil.id, kind: 'price_drop', ...daily })
      await confirmByMail('daily@example.com')
      await alertFor('daily@example.com', { productId: spf.id, kind: 'price_drop', ...daily, locale: 'de' })
      await confirmByMail('daily@example.com')
      await alertFor('daily.bounced@example.com', { productId: oil.id, kind: 'price_drop', ...daily })
      await confirmByMail('daily.bounced@example.com')
      await t.repos.mail.suppress({
        email: 'daily.bounced@example.com',
        reason: 'bounced',
        source: 'mailgun',
      })
      // The member's instant alert on the same product still goes out at once.
      await api('/api/alerts', {
        method: 'POST',
        cookie: member,
        body: JSON.stringify({ productId: oil.id, kind: 'price_drop' }),
      })

      prices['LIP-OIL-ROSE'] = oil.priceMinor - 300
      await importDemoFeed()
      prices['LIP-OIL-ROSE'] = oil.priceMinor - 400
      await importDemoFeed()
      prices['SPF50-FLUID'] = spf.priceMinor - 100
      await importDemoFeed()
      const sent = await run()
      expect(sent).toMatchObject({ queued: 3 })
      expect(mailsTo('daily@example.com', 'price_drop')).toEqual([])
      expect(mailsTo('member@demo.glam', 'price_drop').length).toBeGreaterThanOrEqual(1)

      const digest = await sendDigests(t.platform)
      await m.settle()
      expect(digest).toMatchObject({ addresses: 2, alerts: 3, sent: 1, skipped: 1 })
      const mails = mailsTo('daily@example.com', 'alert-digest')
      expect(mails).toHaveLength(1)
      expect(mails[0]!.subject).toBe('Deine 2 Alarme von heute')
      // The day's first price before, the newest price now; each product through its shortlink.
      expect(mails[0]!.text).toContain(`${base}/al-${oil.id}`)
      expect(mails[0]!.text).toContain(`${base}/al-${spf.id}`)
      expect(mails[0]!.text).toMatch(/Lip Oil[^\n]*kostet jetzt/)
      expect(mailsTo('daily.bounced@example.com', 'alert-digest')).toEqual([])
      // Run again: nothing left to say.
      expect(await sendDigests(t.platform)).toMatchObject({ addresses: 0 })

      const unsubscribe = mails[0]!.headers['List-Unsubscribe']!.slice(1, -1)
      expect((await fetch(unsubscribe, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(
        200,
      )
      prices['LIP-OIL-ROSE'] = oil.priceMinor - 500
      await importDemoFeed()
      // Only the bounced address's daily alert is left, and it stays suppressed.
      expect(await run()).toMatchObject({ queued: 1 })
      expect(await sendDigests(t.platform)).toMatchObject({ addresses: 1, sent: 0, skipped: 1 })
      expect(mailsTo('daily@example.com', 'alert-digest')).toHaveLength(1)
    })
  })
})
