// The webhooks repository, run on every SQL engine: SQLite (libsql), D1 (Miniflare) and a real
// MariaDB. Secrets are sealed; an event reaches each matching endpoint once; a delivery is
// claimed by exactly one of many concurrent senders; replay and disabling change what is due.

import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'
import { webhookEventId } from './repositories/webhooks.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const t0 = new Date('2026-06-01T10:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'webhooks on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    let clock = t0
    let customerId: string
    let otherCustomer: string

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
      customerId = (await repos.customers.create({ name: 'Hooks Brand' })).id
      otherCustomer = (await repos.customers.create({ name: 'Other Brand' })).id
    })
    afterAll(() => database?.close())

    it('derives event ids deterministically, shaped as UUIDs', async () => {
      const a = await webhookEventId('campaign.ended', 'c1')
      expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(await webhookEventId('campaign.ended', 'c1')).toBe(a)
      expect(await webhookEventId('campaign.ended', 'c2')).not.toBe(a)
    })

    it('seals the secret, and enqueues an event once per matching, active endpoint', async () => {
      clock = at(0)
      const { endpoint, secret } = await repos.webhooks.createEndpoint({
        customerId,
        url: 'https://hooks.example/a',
        events: ['conversion.attributed'],
      })
      expect(endpoint).not.toHaveProperty('secret')
      expect(await repos.webhooks.endpointSecret(endpoint.id)).toBe(secret)
      const campaignsOnly = await repos.webhooks.createEndpoint({
        customerId,
        url: 'https://hooks.example/b',
        events: ['campaign.ended'],
      })
      await repos.webhooks.createEndpoint({
        customerId: otherCustomer,
        url: 'https://o.example/',
        events: ['conversion.attributed'],
      })
      const gone = await repos.webhooks.createEndpoint({
        customerId,
        url: 'https://hooks.example/c',
        events: ['conversion.attributed'],
      })
      await repos.webhooks.disableEndpoint(gone.endpoint.id)
      clock = at(1000)
      const later = await repos.webhooks.createEndpoint({
        customerId,
        url: 'https://hooks.example/d',
        events: ['conversion.attributed'],
      })

      const event = {
        customerId,
        type: 'conversion.attributed' as const,
        eventId: crypto.randomUUID(),
        data: { n: 1 },
      }
      // `later` did not exist when the event happened.
      expect(await repos.webhooks.enqueue({ ...event, occurredAt: at(500) })).toBe(1)
      expect(await repos.webhooks.enqueue({ ...event, occurredAt: at(500) })).toBe(0)
      const [d] = (await repos.webhooks.listDeliveries({ endpointId: endpoint.id })).items
      expect(d).toMatchObject({ status: 'pending', attempts: 0, payload: { n: 1 }, nextAttemptAt: at(1000) })
      for (const id of [campaignsOnly.endpoint.id, gone.endpoint.id, later.endpoint.id])
        expect((await repos.webhooks.listDeliveries({ endpointId: id })).items).toEqual([])
      // Concurrent enqueues of one event still leave one delivery per endpoint.
      const again = { ...event, eventId: crypto.randomUUID() }
      await Promise.all([
        repos.webhooks.enqueue(again),
        repos.webhooks.enqueue(again),
        repos.webhooks.enqueue(again),
      ])
      const rows = (await repos.webhooks.listDeliveries({ endpointId: later.endpoint.id })).items
      expect(rows.filter((r) => r.eventId === again.eventId)).toHaveLength(1)
    })

    it('lets exactly one of many concurrent senders claim a delivery, and guards its outcome', async () => {
      clock = at(2000)
      const { endpoint } = await repos.webhooks.createEndpoint({
        customerId,
        url: 'https://hooks.example/e',
        events: ['campaign.ended'],
      })
      await repos.webhooks.enqueue({
        customerId,
        type: 'campaign.ended',
        eventId: crypto.randomUUID(),
        data: {},
      })
      const [d] = (await repos.webhooks.listDeliveries({ endpointId: endpoint.id })).items
      const due = (await repos.webhooks.due(100)).find((x) => x.id === d!.id)!
      const wins = await Promise.all(Array.from({ length: 8 }, () => repos.webhooks.claim(due, 60_000)))
      expect(wins.filter(Boolean)).toHaveLength(1)
      expect((await repos.webhooks.due(100)).map((x) => x.id)).not.toContain(d!.id)
      const claimed = (await repos.webhooks.getDelivery(d!.id))!
      expect(claimed).toMatchObject({ attempts: 1, nextAttemptAt: at(62_000) })
      // The lease runs out: due again, for the next attempt.
      clock = at(62_000)
      expect((await repos.webhooks.due(100)).map((x) => x.id)).toContain(d!.id)
      // A stale sender (attempt 1) cannot record after a replay reset the delivery.
      expect(await repos.webhooks.replay({ endpointId: endpoint.id, deliveryId: d!.id })).toBe(1)
      expect(
        await repos.webhooks.finishAttempt(d!.id, 1, {
          status: 'failed',
          lastStatus: 500,
          lastError: 'x',
          nextAttemptAt: null,
        }),
      ).toBe(false)
      const fresh = (await repos.webhooks.getDelivery(d!.id))!
      expect(fresh).toMatchObject({ status: 'pending', attempts: 0 })
      expect(await repos.webhooks.claim(fresh, 60_000)).toBe(true)
      expect(
        await repos.webhooks.finishAttempt(d!.id, 1, {
          status: 'delivered',
          lastStatus: 204,
          lastError: null,
          nextAttemptAt: null,
        }),
      ).toBe(true)
      expect(await repos.webhooks.getDelivery(d!.id)).toMatchObject({
        status: 'delivered',
        lastStatus: 204,
        deliveredAt: at(62_000),
      })
    })

    it('fails pending deliveries when an endpoint is disabled, keeping the first disabledAt', async () => {
      clock = at(70_000)
      const { endpoint } = await repos.webhooks.createEndpoint({
        customerId: otherCustomer,
        url: 'https://o.example/f',
        events: ['campaign.ended'],
      })
      await repos.webhooks.enqueue({
        customerId: otherCustomer,
        type: 'campaign.ended',
        eventId: crypto.randomUUID(),
        data: {},
      })
      const first = await repos.webhooks.disableEndpoint(endpoint.id)
      clock = at(80_000)
      expect((await repos.webhooks.disableEndpoint(endpoint.id))?.disabledAt).toEqual(first!.disabledAt)
      expect((await repos.webhooks.listDeliveries({ endpointId: endpoint.id })).items).toEqual([
        expect.objectContaining({ status: 'failed', lastError: 'endpoint disabled', nextAttemptAt: null }),
      ])
      expect(await repos.webhooks.disableEndpoint(crypto.randomUUID())).toBeNull()
    })

    it('finds campaigns that ended within a window, by ends_at or by status', async () => {
      clock = at(0)
      const ends = await repos.campaigns.create({
        customerId,
        name: 'Ends',
        status: 'active',
        endsAt: at(10_000),
      })
      const draft = await repos.campaigns.create({
        customerId,
        name: 'Draft',
        status: 'draft',
        endsAt: at(10_000),
      })
      const later = await repos.campaigns.create({
        customerId,
        name: 'Later',
        status: 'active',
        endsAt: at(10 * 86_400_000),
      })
      clock = at(20_000)
      const stopped = await repos.campaigns.create({ customerId, name: 'Stopped', status: 'ended' })
      const found = await repos.webhooks.endedCampaigns({ since: at(-1), until: at(30_000) })
      const ids = found.map((f) => f.campaign.id)
      expect(ids).toEqual(expect.arrayContaining([ends.id, stopped.id]))
      expect(ids).not.toContain(draft.id)
      expect(ids).not.toContain(later.id)
      expect(found.find((f) => f.campaign.id === ends.id)!.endedAt).toEqual(at(10_000))
      expect(found.find((f) => f.campaign.id === stopped.id)!.endedAt).toEqual(at(20_000))
      expect(
        (await repos.webhooks.endedCampaigns({ since: at(25_000), until: at(30_000) })).map(
          (f) => f.campaign.id,
        ),
      ).toEqual([])
    })
  },
)
