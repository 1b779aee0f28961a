// The mail and newsletter repositories on every SQL engine: SQLite (libsql), D1 (Miniflare) and
// a real MariaDB. Suppressions fold case and keep their first reason; events are kept once per
// id; a confirmation only counts with the newest nonce before it expires, once; a send takes
// the list's confirmed subscribers once however often it is started, and counts its progress.

import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const t0 = new Date('2026-06-01T10:00:00.000Z')

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'mail and newsletter on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    let clock = t0

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
      await repos.newsletter.ensureList({ id: 'news-de', name: 'News', locale: 'de', customerId: null })
      await repos.newsletter.ensureList({ id: 'news-de', name: 'Again', locale: 'de', customerId: null })
    })
    afterAll(() => database?.close())

    it('suppresses once per address (case folded), finds them among many, lifts', async () => {
      expect(
        await repos.mail.suppress({ email: 'Ann@Example.com', reason: 'bounced', source: 'mailgun' }),
      ).toBe(true)
      expect(
        await repos.mail.suppress({ email: 'ann@example.com', reason: 'complained', source: 'mailgun' }),
      ).toBe(false)
      expect((await repos.mail.suppressed('ANN@example.com'))?.reason).toBe('bounced')
      const among = await repos.mail.suppressedAmong(['x@example.com', 'ann@EXAMPLE.com'])
      expect([...among]).toEqual(['ann@example.com'])
      expect((await repos.mail.listSuppressions({ q: 'ann' })).items.map((s) => s.email)).toEqual([
        'ann@example.com',
      ])
      expect((await repos.mail.lift('ann@example.com'))?.reason).toBe('bounced')
      expect(await repos.mail.lift('ann@example.com')).toBeNull()
    })

    it('records an event once per id', async () => {
      const event = {
        event: 'failed' as const,
        email: 'b@example.com',
        severity: 'permanent',
        reason: null,
        messageId: null,
        occurredAt: t0,
      }
      expect(await repos.mail.recordEvent({ id: 'mailgun:e1', ...event })).toBe(true)
      expect(await repos.mail.recordEvent({ id: 'mailgun:e1', ...event })).toBe(false)
      expect((await repos.mail.events('b@example.com')).length).toBe(1)
    })

    it('confirms with the newest nonce only, once, before it expires', async () => {
      const lists = await repos.newsletter.lists()
      expect(lists.map((l) => l.name)).toEqual(['News'])
      const s = await repos.newsletter.subscriber('Reader@Example.com', 'de')
      expect((await repos.newsletter.subscriber('reader@example.com', 'en')).id).toBe(s.id)
      const later = new Date(t0.getTime() + 86_400_000)
      await repos.newsletter.startConfirmation(s.id, 'news-de', {
        nonceHash: 'a'.repeat(64),
        expiresAt: later,
      })
      await repos.newsletter.startConfirmation(s.id, 'news-de', {
        nonceHash: 'b'.repeat(64),
        expiresAt: later,
      })
      expect(await repos.newsletter.confirm(s.id, 'news-de', 'a'.repeat(64))).toBe('replaced')
      clock = new Date(later.getTime() + 1)
      expect(await repos.newsletter.confirm(s.id, 'news-de', 'b'.repeat(64))).toBe('expired')
      clock = t0
      expect(await repos.newsletter.confirm(s.id, 'news-de', 'b'.repeat(64))).toBe('confirmed')
      expect(await repos.newsletter.confirm(s.id, 'news-de', 'b'.repeat(64))).toBe('already')
      expect(
        await repos.newsletter.startConfirmation(s.id, 'news-de', {
          nonceHash: 'c'.repeat(64),
          expiresAt: later,
        }),
      ).toBe('confirmed')
      expect(await repos.newsletter.unsubscribe(s.id, 'news-de')).toBe(1)
      expect(await repos.newsletter.unsubscribe(s.id, 'news-de')).toBe(0)
      await repos.newsletter.resubscribe(s.id, 'news-de')
      expect((await repos.newsletter.subscription(s.id, 'news-de'))?.status).toBe('confirmed')
    })

    it('takes the confirmed subscribers once, marks deliveries and counts the progress', async () => {
      for (const email of ['one@example.com', 'two@example.com']) {
        const s = await repos.newsletter.subscriber(email, 'en')
        await repos.newsletter.resubscribe(s.id, 'news-de')
      }
      const pending = await repos.newsletter.subscriber('pending@example.com', 'de')
      await repos.newsletter.startConfirmation(pending.id, 'news-de', {
        nonceHash: 'd'.repeat(64),
        expiresAt: new Date(t0.getTime() + 1000),
      })
      const send = await repos.newsletter.createSend({
        listId: 'news-de',
        subject: 'Hi',
        body: 'Hello',
        links: [{ url: 'https://shop.example/', slug: null }],
        createdByType: 'user',
        createdBy: '00000000-0000-7000-8000-000000000001',
      })
      const started = await repos.newsletter.startSend(send.id)
      expect([started?.status, started?.total]).toEqual(['sending', 3])
      expect((await repos.newsletter.startSend(send.id))?.total).toBe(3)
      const rows = await repos.newsletter.pendingDeliveries(send.id, 10)
      expect(rows.map((r) => r.email).sort()).toEqual([
        'one@example.com',
        'reader@example.com',
        'two@example.com',
      ])
      expect(rows.find((r) => r.email === 'one@example.com')?.locale).toBe('en')
      await repos.newsletter.markDeliveries(send.id, [rows[0]!.subscriberId], 'skipped', {
        error: 'suppressed',
      })
      const half = await repos.newsletter.tally(send.id)
      expect([half?.status, half?.skipped, half?.sent]).toEqual(['sending', 1, 0])
      await repos.newsletter.markDeliveries(
        send.id,
        rows.slice(1).map((r) => r.subscriberId),
        'sent',
        { messageId: '<m@x>' },
      )
      const done = await repos.newsletter.tally(send.id)
      expect([done?.status, done?.sent, done?.skipped, done?.failed]).toEqual(['sent', 2, 1, 0])
      expect(done?.links).toEqual([{ url: 'https://shop.example/', slug: null }])
      expect((await repos.newsletter.deliveries(send.id)).every((d) => d.status !== 'pending')).toBe(true)
      clock = new Date(t0.getTime() + 10 * 60_000)
      expect(await repos.newsletter.stalledSends(new Date(clock.getTime() - 60_000))).toEqual([])
      clock = t0
    })
  },
)
