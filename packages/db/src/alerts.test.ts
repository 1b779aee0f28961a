// The alerts repository on every SQL engine: SQLite (libsql), D1 (Miniflare) and a real MariaDB.
// One alert per address, product and kind; a confirmation counts with the newest nonce once;
// a delivery is claimed once per alert and price change; daily alerts' changes wait for their
// digest; wishlists keep a product once; job cursors move forward.

import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const t0 = new Date('2026-06-01T10:00:00.000Z')
const productId = '00000000-0000-7000-8000-0000000000a1'
const userId = '00000000-0000-7000-8000-0000000000b1'

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'alerts on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    const clock = t0

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
    })
    afterAll(() => database?.close())

    it('keeps one alert per address, product and kind, and confirms it once with the newest nonce', async () => {
      const input = {
        productId,
        kind: 'price_drop' as const,
        email: 'A@Example.com',
        locale: 'de' as const,
        status: 'pending' as const,
        referencePriceMinor: 3490,
      }
      const first = await repos.alerts.create(input)
      const again = await repos.alerts.create({ ...input, email: 'a@example.com' })
      expect([first.created, again.created, again.alert.id]).toEqual([true, false, first.alert.id])
      expect(first.alert).toMatchObject({ email: 'a@example.com', armed: 1, lastInStock: 0 })
      const later = new Date(t0.getTime() + 86_400_000)
      await repos.alerts.startConfirmation(first.alert.id, { nonceHash: 'a'.repeat(64), expiresAt: later })
      await repos.alerts.startConfirmation(first.alert.id, { nonceHash: 'b'.repeat(64), expiresAt: later })
      expect(await repos.alerts.confirm(first.alert.id, 'a'.repeat(64))).toBe('replaced')
      expect(await repos.alerts.confirm(first.alert.id, 'b'.repeat(64))).toBe('confirmed')
      expect(await repos.alerts.confirm(first.alert.id, 'b'.repeat(64))).toBe('already')
      expect((await repos.alerts.activeFor([productId])).map((a) => a.id)).toEqual([first.alert.id])
      await repos.alerts.update(first.alert.id, { referencePriceMinor: 2990, armed: 0, lastInStock: 1 })
      expect(await repos.alerts.get(first.alert.id)).toMatchObject({
        referencePriceMinor: 2990,
        armed: 0,
        lastInStock: 1,
      })
      const priceId = '00000000-0000-7000-8000-0000000000c1'
      const claim = { alertId: first.alert.id, priceId, kind: 'price_drop' as const, priceMinor: 2990 }
      expect(await repos.alerts.claimDelivery(claim)).toBe(true)
      expect(await repos.alerts.claimDelivery(claim)).toBe(false)
      await repos.alerts.markDelivery(first.alert.id, priceId, 'sent', { messageId: '<m@x>' })
      expect((await repos.alerts.deliveriesOf(first.alert.id)).map((d) => d.status)).toEqual(['sent'])
      expect(await repos.alerts.unsubscribe(first.alert.id)).toBe(true)
      expect(await repos.alerts.unsubscribe(first.alert.id)).toBe(false)
      expect(await repos.alerts.activeFor([productId])).toEqual([])
    })

    it('keeps a product once per wishlist, lists a member’s lists with their items, and moves job cursors', async () => {
      const list = await repos.alerts.createWishlist(userId, 'Sommer')
      expect(await repos.alerts.addItem(list.id, productId)).toBe(true)
      expect(await repos.alerts.addItem(list.id, productId)).toBe(false)
      const lists = await repos.alerts.wishlistsOf(userId)
      expect(lists.map((l) => [l.name, l.items.map((i) => i.productId)])).toEqual([['Sommer', [productId]]])
      expect(await repos.alerts.removeItem(list.id, productId)).toBe(true)
      expect(await repos.alerts.removeItem(list.id, productId)).toBe(false)
      await repos.alerts.deleteWishlist(list.id)
      expect(await repos.alerts.wishlist(list.id)).toBeNull()
      expect(await repos.alerts.cursor('test-job')).toBeNull()
      await repos.alerts.setCursor('test-job', 'one')
      await repos.alerts.setCursor('test-job', 'two')
      expect(await repos.alerts.cursor('test-job')).toBe('two')
    })

    it('keeps a daily alert’s changes queued by address until settled, drops a stopped alert’s, and stops an address’s daily alerts', async () => {
      const daily = (email: string, kind: 'price_drop' | 'back_in_stock') =>
        repos.alerts.create({ productId, kind, email, locale: 'en', status: 'active', frequency: 'daily' })
      const b = (await daily('b@example.com', 'price_drop')).alert
      const a1 = (await daily('a@daily.example', 'price_drop')).alert
      const a2 = (await daily('a@daily.example', 'back_in_stock')).alert
      expect(a1.frequency).toBe('daily')
      const claim = (alertId: string, n: number, beforeMinor: number | null = null) =>
        repos.alerts.claimDelivery({
          alertId,
          priceId: `00000000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
          kind: 'price_drop',
          priceMinor: 1000 + n,
          beforeMinor,
          status: 'queued',
        })
      await claim(b.id, 1, 1500)
      await claim(a1.id, 2, 1600)
      await claim(a1.id, 3)
      await claim(a2.id, 4)
      const queued = await repos.alerts.queuedDeliveries(10)
      expect(queued.map((q) => [q.alert.email, q.delivery.priceMinor, q.delivery.beforeMinor])).toEqual([
        ['a@daily.example', 1002, 1600],
        ['a@daily.example', 1003, null],
        ['a@daily.example', 1004, null],
        ['b@example.com', 1001, 1500],
      ])
      expect(await repos.alerts.queuedDeliveries(2)).toHaveLength(2)
      await repos.alerts.settleQueued(a1.id, 'sent', { messageId: '<d@x>' })
      expect((await repos.alerts.deliveriesOf(a1.id)).map((d) => [d.status, d.messageId])).toEqual([
        ['sent', '<d@x>'],
        ['sent', '<d@x>'],
      ])
      await repos.alerts.unsubscribe(b.id)
      expect(await repos.alerts.dropStaleQueued()).toBe(1)
      expect((await repos.alerts.deliveriesOf(b.id)).map((d) => d.status)).toEqual(['skipped'])
      expect((await repos.alerts.queuedDeliveries(10)).map((q) => q.alert.id)).toEqual([a2.id])
      expect(await repos.alerts.unsubscribeDaily('A@Daily.example')).toBe(2)
      expect(await repos.alerts.queuedDeliveries(10)).toEqual([])
      await repos.alerts.remove(a2.id)
      expect(await repos.alerts.deliveriesOf(a2.id)).toEqual([])
    })
  },
)
