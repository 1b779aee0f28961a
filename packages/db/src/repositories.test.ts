// The repository contract, run on every SQL engine: SQLite (libsql) and a real MariaDB.

import { type TestEngine, testEngines } from '@glam/testing/databases'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { demo, ensureAdminApiKey, seedDemoData } from './demo.ts'
import { isUniqueViolation } from './repositories/context.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'repositories on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    let clock = new Date('2026-06-01T10:00:00.000Z')
    const count = async (table: keyof SqlDatabase['t']) => {
      const [row] = await database.db.select({ n: sql<number>`count(*)` }).from(database.t[table] as never)
      return Number((row as unknown as { n: number }).n)
    }

    /** An unattributed browser order of a shop, placed now. */
    const newOrder = (shopId: string, orderRef: string, totalMinor: number) => ({
      shopId,
      orderRef,
      currency: 'EUR',
      totalMinor,
      coupon: null,
      clickId: null,
      linkId: null,
      influencerId: null,
      campaignId: null,
      customerId: null,
      attributionModel: 'none' as const,
      source: 'browser' as const,
      placedAt: clock,
    })

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
    })
    afterAll(() => database?.close())

    it('answers its health check', async () => {
      expect(await database.health!()).toMatchObject({ status: 'ok' })
    })

    it('stores and reads back utf8mb4 text, times to the millisecond and JSON', async () => {
      clock = new Date('2026-06-01T10:00:00.123Z')
      const influencer = await repos.influencers.create({
        handle: '@Zoë_Glow',
        name: 'Zoë 💄 Glow',
        channels: { instagram: 'zoe', tiktok: 'zoë' },
      })
      const read = await repos.influencers.get(influencer.id)
      expect(read).toEqual({ ...influencer, handle: 'zoë_glow' })
      expect(read!.createdAt.toISOString()).toBe('2026-06-01T10:00:00.123Z')
      expect(await repos.influencers.byHandle('@ZOË_GLOW')).toMatchObject({ id: influencer.id })
    })

    it('pages through lists with a cursor, newest first, capped at 100', async () => {
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await repos.customers.create({ name: `Brand ${i}` })).id)
      const first = await repos.customers.list({ limit: 2 })
      expect(first.items).toHaveLength(2)
      const second = await repos.customers.list({ limit: 2, cursor: first.nextCursor! })
      expect(second.items[0]!.id < first.items[1]!.id).toBe(true)
      const all = await repos.customers.list({ limit: 10_000 })
      expect(all.items.length).toBeLessThanOrEqual(100)
      expect(all.items.map((c) => c.id)).toEqual(expect.arrayContaining(ids))
    })

    it('keeps slugs case-sensitive, finds look-alikes and refuses a taken slug', async () => {
      const customer = await repos.customers.create({ name: 'Slug Brand' })
      const base = { destination: 'https://shop.example/', customerId: customer.id }
      await repos.links.create({ ...base, slug: 'Glow-Up' })
      await repos.links.create({ ...base, slug: 'glow-up' })
      expect((await repos.links.bySlug('Glow-Up'))!.slug).toBe('Glow-Up')
      expect((await repos.links.bySlug('glow-up'))!.slug).toBe('glow-up')
      expect(await repos.links.bySlug('GLOW-UP')).toBeNull()
      expect(await repos.links.lookAlikes('GLOW-up')).toEqual(expect.arrayContaining(['Glow-Up', 'glow-up']))
      const error = await repos.links.create({ ...base, slug: 'glow-up' }).catch((e: unknown) => e)
      expect(isUniqueViolation(error)).toBe(true)
    })

    it('rolls an atomic batch back entirely when one statement fails', async () => {
      const customer = await repos.customers.create({ name: 'Atomic Brand' })
      const before = await count('links')
      const base = { destination: 'https://shop.example/', customerId: customer.id }
      const error = await repos.links
        .createMany([
          { ...base, slug: 'atomic-1' },
          { ...base, slug: 'atomic-2' },
          { ...base, slug: 'atomic-1' },
        ])
        .catch((e: unknown) => e)
      expect(isUniqueViolation(error)).toBe(true)
      expect(await count('links')).toBe(before)
      expect(await repos.links.bySlug('atomic-2')).toBeNull()
      await repos.links.createMany([
        { ...base, slug: 'atomic-1' },
        { ...base, slug: 'atomic-2' },
      ])
      expect(await count('links')).toBe(before + 2)
    })

    it('seals shop signing secrets at rest and opens them again; rotation replaces them', async () => {
      const { shop, signingSecret } = await repos.shops.create({
        name: 'Shop',
        origins: ['https://shop.example'],
      })
      expect(shop).not.toHaveProperty('secretCiphertext')
      const [stored] = await database.db.select().from(database.t.shops).where(sql`id = ${shop.id}`)
      expect(stored!.secretCiphertext).not.toContain(signingSecret)
      expect(await repos.shops.signingSecret(shop.id)).toBe(signingSecret)
      const rotated = await repos.shops.rotateSecret(shop.id)
      expect(rotated).not.toBe(signingSecret)
      expect(await repos.shops.signingSecret(shop.id)).toBe(rotated)
      expect(await repos.shops.byPublicKey(shop.publicKey)).toMatchObject({
        id: shop.id,
        secretKeyVersion: 2,
      })
      // A sealed secret copied onto another shop does not open there.
      const other = await repos.shops.create({ name: 'Other', origins: ['https://other.example'] })
      await database.db
        .update(database.t.shops)
        .set({ secretCiphertext: stored!.secretCiphertext })
        .where(sql`id = ${other.shop.id}`)
      await expect(repos.shops.signingSecret(other.shop.id)).rejects.toThrow()
    })

    it('records an order with its lines once, however often and however concurrently it arrives', async () => {
      const { shop } = await repos.shops.create({ name: 'Order Shop', origins: ['https://o.example'] })
      const order = newOrder(shop.id, 'A-1001', 4990)
      const lines = [
        { sku: 'LIP-1', name: 'Lipstick', priceMinor: 1990, quantity: 1 },
        { sku: 'MAS-2', name: 'Mascara', priceMinor: 1500, quantity: 2 },
      ]
      const results = await Promise.all(Array.from({ length: 8 }, () => repos.orders.record(order, lines)))
      expect(results.filter((r) => r.created)).toHaveLength(1)
      expect(new Set(results.map((r) => r.order.id)).size).toBe(1)
      expect(await repos.orders.lines([results[0]!.order.id])).toHaveLength(2)
    })

    it('merges a server report into a browser order once, and refunds never past the total', async () => {
      const { shop } = await repos.shops.create({ name: 'Merge Shop', origins: ['https://m.example'] })
      const base = newOrder(shop.id, 'M-1', 5000)
      const { order } = await repos.orders.record(base, [
        { sku: 'A', name: 'A', priceMinor: 2500, quantity: 1 },
        { sku: 'B', name: 'B', priceMinor: 2500, quantity: 1 },
      ])
      const server = { ...base, totalMinor: 4000, source: 'server' as const }
      const merges = await Promise.all(
        Array.from({ length: 4 }, () =>
          repos.orders.mergeServerReport(order, server, [
            { sku: 'A', name: 'A', priceMinor: 4000, quantity: 1 },
          ]),
        ),
      )
      expect(merges.filter(Boolean)).toHaveLength(1)
      const merged = (await repos.orders.byRef(shop.id, 'M-1'))!
      expect(merged).toMatchObject({ totalMinor: 4000, source: 'server' })
      expect(await repos.orders.lines([order.id])).toHaveLength(1)
      const refunds = await Promise.all(
        Array.from({ length: 6 }, () => repos.orders.refund(order.id, 1000, false)),
      )
      expect(refunds.filter(Boolean)).toHaveLength(4)
      expect((await repos.orders.byRef(shop.id, 'M-1'))!).toMatchObject({
        refundedMinor: 4000,
        status: 'refunded',
      })
      expect(await repos.orders.refund(order.id, 0, true)).toMatchObject({ status: 'cancelled' })
      expect(await repos.orders.refund(order.id, 0, true)).toBeNull()
    })

    it('keeps order ids and shop keys case-sensitive on every engine', async () => {
      const { shop } = await repos.shops.create({
        name: 'Case Shop',
        origins: ['https://c.example'],
        publicKey: `pk_CaseKey_${engine.name}`,
      })
      expect(await repos.shops.byPublicKey(`pk_casekey_${engine.name}`)).toBeNull()
      expect(await repos.shops.byPublicKey(`pk_CaseKey_${engine.name}`)).toMatchObject({ id: shop.id })
      const order = (orderRef: string) => newOrder(shop.id, orderRef, 100)
      expect((await repos.orders.record(order('AB-1'), [])).created).toBe(true)
      expect((await repos.orders.record(order('ab-1'), [])).created).toBe(true)
      expect((await repos.orders.byRef(shop.id, 'ab-1'))!.orderRef).toBe('ab-1')
    })

    it('keeps rejected events for inspection and purges old ones', async () => {
      await repos.eventRejects.put('clicks', { id: `bad-${engine.name}`, slug: 'x' }, 'Cannot parse input')
      const [newest] = await repos.eventRejects.newest(1)
      expect(newest).toMatchObject({
        eventTable: 'clicks',
        eventId: `bad-${engine.name}`,
        payload: { slug: 'x' },
      })
      expect(await repos.eventRejects.purgeBefore(new Date(clock.getTime() + 1))).toBeGreaterThanOrEqual(1)
    })

    it('claims a replay key once, and finds coupons case-insensitively', async () => {
      const expires = new Date(clock.getTime() + 60_000)
      const claims = await Promise.all(
        Array.from({ length: 5 }, () => repos.replayGuard.claim(`sig-${engine.name}`, expires)),
      )
      expect(claims.filter(Boolean)).toHaveLength(1)
      const customer = await repos.customers.create({ name: `Coupon ${engine.name}` })
      const campaign = await repos.campaigns.create({ customerId: customer.id, name: 'C' })
      const influencer = await repos.influencers.create({ handle: `coupon_${engine.name}`, name: 'I' })
      await repos.coupons.create({
        code: 'spring10',
        customerId: customer.id,
        campaignId: campaign.id,
        influencerId: influencer.id,
      })
      expect(await repos.coupons.byCode(customer.id, 'SPRING10')).toMatchObject({
        code: 'SPRING10',
        influencerId: influencer.id,
      })
      await expect(
        repos.coupons.create({
          code: 'Spring10',
          customerId: customer.id,
          campaignId: campaign.id,
          influencerId: influencer.id,
        }),
      ).rejects.toSatisfy(isUniqueViolation)
    })

    it('stores no half order when a line is rejected', async () => {
      const { shop } = await repos.shops.create({ name: 'Half Shop', origins: ['https://h.example'] })
      const before = await count('orders')
      const error = await repos.orders
        .record({ ...newOrder(shop.id, 'BROKEN-1', 100), source: 'server' }, [
          { sku: 'OK', name: 'Fine', priceMinor: 100, quantity: 1 },
          { sku: 'BAD', name: null as never, priceMinor: 1, quantity: 1 },
        ])
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Error)
      expect(await count('orders')).toBe(before)
      expect(await repos.orders.byRef(shop.id, 'BROKEN-1')).toBeNull()
    })

    it('upserts products by shop and SKU', async () => {
      const { shop } = await repos.shops.create({ name: 'Feed Shop', origins: ['https://f.example'] })
      const product = (sku: string, priceMinor: number) => ({
        shopId: shop.id,
        sku,
        title: `Product ${sku}`,
        brand: 'Glam',
        url: `https://f.example/p/${sku}`,
        imageUrl: null,
        priceMinor,
        currency: 'EUR',
        availability: 'in_stock' as const,
        attributes: { shade: 'rose' },
      })
      await repos.products.upsertMany([product('A', 1000), product('B', 2000)])
      const firstA = await repos.products.bySku(shop.id, 'A')
      clock = new Date(clock.getTime() + 60_000)
      await repos.products.upsertMany([product('A', 1100), product('C', 3000), product('C', 3100)])
      const a = await repos.products.bySku(shop.id, 'A')
      expect(a).toMatchObject({ id: firstA!.id, priceMinor: 1100, attributes: { shade: 'rose' } })
      expect(a!.updatedAt.getTime()).toBe(clock.getTime())
      expect(a!.createdAt.getTime()).toBe(firstA!.createdAt.getTime())
      expect((await repos.products.bySku(shop.id, 'C'))!.priceMinor).toBe(3100)
      // One product by id (the product page's prepared lookup) as the list by ids has it, each time.
      const [listed] = await repos.products.searchRowsByIds([a!.id])
      expect(await repos.products.searchRowById(a!.id)).toEqual(listed)
      expect(listed).toMatchObject({ id: a!.id, shopName: 'Feed Shop', priceMinor: 1100 })
      expect((await repos.products.searchRowById(firstA!.id))?.updatedAt.getTime()).toBe(clock.getTime())
      expect(await repos.products.searchRowById('01900000-0000-7000-8000-000000000000')).toBeNull()
    })

    it('keeps users unique by e-mail and grants unique per app, role and scope', async () => {
      const a = await repos.users.ensure({ email: 'Person@Example.com' })
      const b = await repos.users.ensure({ email: 'person@example.com ' })
      expect(b.id).toBe(a.id)
      await repos.users.grant({ userId: a.id, app: 'dashboard', role: 'admin' })
      await repos.users.grant({ userId: a.id, app: 'dashboard', role: 'admin' })
      await repos.users.grant({
        userId: a.id,
        app: 'dashboard',
        role: 'client',
        scope: { type: 'customer', id: 'c1' },
      })
      expect(await repos.users.grants(a.id, 'dashboard')).toHaveLength(2)
      expect(await repos.users.revoke({ userId: a.id, app: 'dashboard', role: 'admin' })).toBe(true)
      expect(await repos.users.revoke({ userId: a.id, app: 'dashboard', role: 'admin' })).toBe(false)
      expect(await repos.users.grants(a.id)).toEqual([
        expect.objectContaining({ role: 'client', scopeId: 'c1' }),
      ])
    })

    it('stores API keys hashed, verifies them and honours revocation', async () => {
      const { key, apiKey } = await repos.apiKeys.create({ name: 'CI', scopes: ['links:read'] })
      expect(key).toMatch(/^glam_[0-9A-Za-z]{40}$/)
      expect(JSON.stringify(apiKey)).not.toContain(key)
      expect(await repos.apiKeys.verify(key)).toMatchObject({ id: apiKey.id, scopes: ['links:read'] })
      expect(await repos.apiKeys.verify(`${key}x`)).toBeNull()
      await repos.apiKeys.revoke(apiKey.id)
      expect(await repos.apiKeys.verify(key)).toBeNull()
    })

    it('writes and reads the audit log', async () => {
      await repos.audit.record({
        actorType: 'user',
        actorId: 'u1',
        action: 'grant.created',
        targetType: 'user',
        targetId: 'u2',
        details: { role: 'client' },
        requestId: 'r1',
      })
      expect(await repos.audit.forTarget('user', 'u2')).toEqual([
        expect.objectContaining({ action: 'grant.created', details: { role: 'client' } }),
      ])
    })

    it('seeds the demo data idempotently, with fixed ids', async () => {
      await seedDemoData(repos)
      const counts = {
        links: await count('links'),
        users: await count('users'),
        grants: await count('grants'),
        coupons: await count('coupons'),
        apps: await count('apps'),
      }
      await seedDemoData(repos)
      await ensureAdminApiKey(repos, 'glam_dev_admin')
      await ensureAdminApiKey(repos, 'glam_dev_admin')
      expect({
        links: await count('links'),
        users: await count('users'),
        grants: await count('grants'),
        coupons: await count('coupons'),
        apps: await count('apps'),
      }).toEqual(counts)
      expect(await repos.links.bySlug('summer-lena')).toMatchObject({
        id: demo.lenaLinkId,
        campaignId: demo.campaignId,
        influencerId: demo.lenaId,
      })
      expect(await repos.links.bySlug('summer-mia')).toMatchObject({
        influencerId: demo.miaId,
        destination: 'http://127.0.0.1:3001/',
      })
      expect(await repos.shops.get(demo.shopId)).toMatchObject({
        origins: ['http://127.0.0.1:3001', 'http://localhost:3001'],
      })
      expect(await repos.coupons.byCode(demo.customerId, 'lena10')).toMatchObject({
        influencerId: demo.lenaId,
      })
      expect(await repos.campaigns.get(demo.campaignId)).toMatchObject({
        name: 'Summer Glow',
        attributionWindowDays: 30,
        timezone: 'UTC',
      })
      expect((await repos.campaigns.influencerIds(demo.campaignId)).sort()).toEqual(
        [demo.lenaId, demo.miaId].sort(),
      )
      const client = await repos.users.byEmail('client@demo.glam')
      expect(await repos.users.grants(client!.id, 'dashboard')).toEqual([
        expect.objectContaining({ role: 'client', scopeType: 'customer', scopeId: demo.customerId }),
      ])
      expect(await repos.apiKeys.verify('glam_dev_admin')).toMatchObject({ scopes: ['*'], customerId: null })
    })

    it('login codes: only the newest is open, tries are counted atomically, use is single', async () => {
      const emailKey = `k-${engine.name}`.padEnd(64, '0')
      const first = await repos.loginCodes.issue({
        emailKey,
        codeHash: 'a'.repeat(64),
        app: 'dashboard',
        returnTo: null,
        ttlMs: 600_000,
      })
      const second = await repos.loginCodes.issue({
        emailKey,
        codeHash: 'b'.repeat(64),
        app: 'dashboard',
        returnTo: '/x',
        ttlMs: 600_000,
      })
      expect((await repos.loginCodes.current(emailKey))?.id).toBe(second)
      expect(await repos.loginCodes.takeAttempt(first, 5)).toBe(false)
      const tries = await Promise.all(
        Array.from({ length: 12 }, () => repos.loginCodes.takeAttempt(second, 5)),
      )
      expect(tries.filter(Boolean)).toHaveLength(5)
      const uses = await Promise.all(Array.from({ length: 6 }, () => repos.loginCodes.consume(second)))
      expect(uses.filter(Boolean)).toHaveLength(1)
      expect(await repos.loginCodes.current(emailKey)).toBeNull()
    })

    it('sessions: live lookup by hash, sliding renewal capped, revoke one or all', async () => {
      const user = await repos.users.ensure({ email: `sessions-${engine.name}@demo.glam` })
      const make = (hash: string) =>
        repos.sessions.create({
          tokenHash: hash.padEnd(64, '0'),
          userId: user.id,
          app: 'dashboard',
          userAgent: 'UA',
          idleMs: 1000,
          absoluteMs: 1500,
        })
      const a = await make(`a-${engine.name}`)
      const b = await make(`b-${engine.name}`)
      expect((await repos.sessions.byTokenHash(a.tokenHash))?.id).toBe(a.id)
      const touched = await repos.sessions.touch(a, 1000)
      expect(touched.expiresAt.getTime()).toBeLessThanOrEqual(a.absoluteExpiresAt.getTime())
      expect(await repos.sessions.revoke(user.id, b.id)).toBe(true)
      expect(await repos.sessions.byTokenHash(b.tokenHash)).toBeNull()
      expect(await repos.sessions.revokeAll(user.id)).toBe(1)
      expect(await repos.sessions.listLive(user.id)).toEqual([])
    })

    it('apps upsert idempotently and signing keys retire but stay published', async () => {
      await repos.apps.upsert({
        id: `app-${engine.name}`,
        name: 'One',
        origins: ['https://a.example'],
        roles: ['viewer'],
      })
      const app = await repos.apps.upsert({
        id: `app-${engine.name}`,
        name: 'Two',
        origins: ['https://b.example'],
        roles: ['viewer'],
        signup: 'open',
        defaultRole: 'viewer',
      })
      expect(app).toMatchObject({
        name: 'Two',
        origins: ['https://b.example'],
        signup: 'open',
        defaultRole: 'viewer',
      })
      const key = (kid: string) => ({
        kid,
        alg: 'ES256',
        publicJwk: { kty: 'EC', kid },
        privateSealed: 'sealed',
      })
      await repos.signingKeys.add(key(`old-${engine.name}`))
      await repos.signingKeys.add(key(`new-${engine.name}`))
      await repos.signingKeys.retireOthers(`new-${engine.name}`, new Date(clock.getTime() + 60_000))
      const published = await repos.signingKeys.published()
      expect(published.find((k) => k.kid === `old-${engine.name}`)?.retiredAt).toBeInstanceOf(Date)
      expect(published.find((k) => k.kid === `new-${engine.name}`)?.retiredAt).toBeNull()
    })
  },
)
