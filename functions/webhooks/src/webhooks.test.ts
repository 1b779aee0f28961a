// /api/webhooks on the whole app (SQLite, demo data): registration answers the secret once and
// refuses URLs that could reach private networks, unknown events and malformed input, storing
// nothing; every role sees and changes only what it may (another customer's endpoint answers
// exactly like a missing one, influencers get 403); customer API keys act for their customer.
import { issueToken } from '@glam/auth'
import type { Platform } from '@glam/core'
import { demo } from '@glam/db'
import { jsonCall } from '@glam/testing/json-call'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkEndpointUrl, webhookDns } from './url-check.container.ts'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions, not by types
type Json = Record<string, any>

/** Fake DNS: `*.internal.example` is on a private network, every other name is public. */
const fakeLookup = async (hostname: string) =>
  /(^|\.)internal\.example$/.test(hostname)
    ? [{ address: '10.1.2.3', family: 4 }]
    : hostname === 'mixed.example'
      ? [
          { address: '93.184.215.14', family: 4 },
          { address: '127.0.0.1', family: 4 },
        ]
      : hostname === 'nowhere.example'
        ? []
        : [{ address: '93.184.215.14', family: 4 }]

describe('webhook endpoints over HTTP', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'admin' | 'staff' | 'client' | 'influencer', string>
  let nordlichtClient: string
  const call = jsonCall<Json>(() => t.app)
  const register = (token: string | undefined, body: unknown) => call('/api/webhooks', token, 'POST', body)
  const endpointCount = async () => (await t.database.db.select().from(t.database.t.webhookEndpoints)).length

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    t.platform.local.of(webhookDns).lookup = fakeLookup
    tokens = await demoTokens(t, ['admin', 'staff', 'client', 'influencer'])
    const user = (await t.repos.users.get(demo.nordlicht.clientUserId))!
    const grants = await t.repos.users.grants(user.id, demo.app)
    nordlichtClient = (
      await issueToken(t.platform, { userId: user.id, email: user.email, app: demo.app, grants })
    ).token
  })
  afterAll(() => t.platform.close?.())

  it('registers an endpoint for a client, with the secret shown once and stored sealed', async () => {
    const res = await register(tokens.client, {
      url: 'https://hooks.shop.example/glam#ignored',
      events: ['conversion.attributed', 'campaign.ended', 'conversion.attributed'],
      description: 'Shop ERP',
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      secret: expect.stringMatching(/^whsec_[0-9A-Za-z]{32}$/),
      endpoint: {
        id: expect.any(String),
        customerId: demo.customerId,
        url: 'https://hooks.shop.example/glam',
        events: ['conversion.attributed', 'campaign.ended'],
        description: 'Shop ERP',
        active: true,
        disabledAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    })
    const { secret, endpoint } = res.body
    const [row] = await t.database.db.select().from(t.database.t.webhookEndpoints)
    expect(row!.secret).toMatch(/^v1\./)
    expect(row!.secret).not.toContain(secret)
    expect(await t.repos.webhooks.endpointSecret(endpoint.id)).toBe(secret)

    const listed = await call('/api/webhooks', tokens.client)
    expect(listed.status).toBe(200)
    expect(listed.body.items).toEqual([expect.objectContaining({ id: endpoint.id, active: true })])
    expect(listed.text).not.toContain(secret)
    expect(listed.text).not.toMatch(/secret/i)
    expect(t.logLines.join('\n')).not.toContain(secret)
    expect(await t.repos.audit.forTarget('webhook_endpoint', endpoint.id)).toEqual([
      expect.objectContaining({ action: 'webhook_endpoint.created', actorType: 'user' }),
    ])
  })

  it('refuses private, loopback, metadata and local URLs, other schemes, credentials and unknown events, storing nothing', async () => {
    const before = await endpointCount()
    const events = ['conversion.attributed']
    const refused: [unknown, number, string, string | undefined][] = [
      [{ url: 'http://127.0.0.1/', events }, 400, 'WEBHOOK_URL_BLOCKED', 'private_address'],
      [
        { url: 'http://169.254.169.254/latest/meta-data/', events },
        400,
        'WEBHOOK_URL_BLOCKED',
        'private_address',
      ],
      [{ url: 'http://10.0.0.1', events }, 400, 'WEBHOOK_URL_BLOCKED', 'private_address'],
      [{ url: 'http://[::1]:8080/', events }, 400, 'WEBHOOK_URL_BLOCKED', 'private_address'],
      [{ url: 'http://[::ffff:192.168.0.1]/', events }, 400, 'WEBHOOK_URL_BLOCKED', 'private_address'],
      [{ url: 'http://localhost:3000/hook', events }, 400, 'WEBHOOK_URL_BLOCKED', 'private_address'],
      [{ url: 'https://metadata.google.internal/', events }, 400, 'WEBHOOK_URL_BLOCKED', 'private_address'],
      [{ url: 'https://erp.internal.example/hook', events }, 400, 'WEBHOOK_URL_BLOCKED', 'resolves_private'],
      [{ url: 'https://mixed.example/hook', events }, 400, 'WEBHOOK_URL_BLOCKED', 'resolves_private'],
      [{ url: 'https://nowhere.example/hook', events }, 400, 'WEBHOOK_URL_BLOCKED', 'unresolvable'],
      [{ url: 'ftp://files.shop.example/hook', events }, 400, 'WEBHOOK_URL_BLOCKED', 'scheme'],
      [{ url: 'javascript:alert(1)', events }, 400, 'WEBHOOK_URL_BLOCKED', 'scheme'],
      [{ url: 'https://user:pass@hooks.shop.example/', events }, 400, 'WEBHOOK_URL_BLOCKED', 'credentials'],
      [{ url: 'not a url', events }, 400, 'VALIDATION_FAILED', 'url'],
      [
        { url: 'https://hooks.shop.example/', events: ['order.created'] },
        400,
        'VALIDATION_FAILED',
        'events.0',
      ],
      [{ url: 'https://hooks.shop.example/', events: [] }, 400, 'VALIDATION_FAILED', 'events'],
      [{ url: 'https://hooks.shop.example/', events, secret: 'mine' }, 400, 'VALIDATION_FAILED', undefined],
      [{ events }, 400, 'VALIDATION_FAILED', 'url'],
    ]
    for (const [body, status, code, where] of refused) {
      const res = await register(tokens.client, body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(res.body.error, JSON.stringify(body)).toMatchObject({ code, message: expect.any(String) })
      if (code === 'WEBHOOK_URL_BLOCKED')
        expect(res.body.error.details).toEqual({ path: 'url', reason: where })
      else if (where) expect(res.body.error.details.map((d: Json) => d.path)).toContain(where)
      expect(res.text).not.toContain('pass@')
    }
    const malformed = await call('/api/webhooks', tokens.client, 'POST', '{"url":')
    expect(malformed.body.error.code).toBe('MALFORMED_JSON')
    expect(await endpointCount()).toBe(before)
  })

  it('requires https in production, and lets hosts on GLAM_FETCH_ALLOW_HOSTS through', async () => {
    const production = {
      config: { ...t.config, env: 'production' },
      local: t.platform.local,
    } as unknown as Platform
    await expect(checkEndpointUrl(production, 'http://hooks.shop.example/')).rejects.toMatchObject({
      code: 'WEBHOOK_URL_BLOCKED',
      details: { path: 'url', reason: 'https_required' },
    })
    expect(await checkEndpointUrl(production, 'https://hooks.shop.example/a?b=1')).toBe(
      'https://hooks.shop.example/a?b=1',
    )
    // Development allows http, and the allow list (the demo shop by default) reaches loopback.
    expect(t.config.fetchAllowHosts).toContain('127.0.0.1:3001')
    expect(await checkEndpointUrl(t.platform, 'http://127.0.0.1:3001/hooks')).toBe(
      'http://127.0.0.1:3001/hooks',
    )
    await expect(checkEndpointUrl(t.platform, 'http://127.0.0.1:3002/hooks')).rejects.toMatchObject({
      code: 'WEBHOOK_URL_BLOCKED',
    })
  })

  it('keeps customers apart: another customer’s endpoint answers exactly like a missing one', async () => {
    const theirs = await register(nordlichtClient, {
      url: 'https://hooks.nordlicht.example/',
      events: ['campaign.ended'],
    })
    expect(theirs.status).toBe(201)
    expect(theirs.body.endpoint.customerId).toBe(demo.nordlicht.customerId)
    const id = theirs.body.endpoint.id
    const queued = await t.repos.webhooks.enqueue({
      customerId: demo.nordlicht.customerId,
      type: 'campaign.ended',
      eventId: crypto.randomUUID(),
      data: { id: demo.nordlicht.campaignId },
    })
    expect(queued).toBe(1)
    const [deliveryRow] = (await t.repos.webhooks.listDeliveries({ endpointId: id })).items

    const mine = await call('/api/webhooks', tokens.client)
    expect(mine.body.items.every((e: Json) => e.customerId === demo.customerId)).toBe(true)
    expect(mine.text).not.toContain(id)
    expect((await call(`/api/webhooks?customer=${demo.nordlicht.customerId}`, tokens.client)).status).toBe(
      404,
    )
    const missing = crypto.randomUUID()
    for (const [method, path, body] of [
      ['DELETE', '', undefined],
      ['GET', '/deliveries', undefined],
      ['POST', '/replay', { since: '2020-01-01T00:00:00Z' }],
      ['POST', '/replay', { deliveryId: deliveryRow!.id }],
    ] as const) {
      const foreign = await call(`/api/webhooks/${id}${path}`, tokens.client, method, body)
      const absent = await call(`/api/webhooks/${missing}${path}`, tokens.client, method, body)
      expect(foreign.status, `${method} ${path}`).toBe(404)
      expect(foreign.body.error).toEqual({ ...absent.body.error, requestId: expect.any(String) })
      expect(foreign.text).not.toContain('nordlicht')
    }
    expect((await call('/api/webhooks/not-a-uuid', tokens.client, 'DELETE')).status).toBe(404)
    // A client cannot register for another customer either.
    const forOther = await register(tokens.client, {
      url: 'https://hooks.shop.example/x',
      events: ['campaign.ended'],
      customerId: demo.nordlicht.customerId,
    })
    expect(forOther.status).toBe(404)
    // Nothing of theirs changed.
    expect((await t.repos.webhooks.getEndpoint(id))?.disabledAt).toBeNull()
    expect((await t.repos.webhooks.getDelivery(deliveryRow!.id))?.attempts).toBe(0)

    // Their own client sees it and its delivery.
    const own = await call(`/api/webhooks/${id}/deliveries`, nordlichtClient)
    expect(own.status).toBe(200)
    expect(own.body.items).toEqual([
      expect.objectContaining({
        id: deliveryRow!.id,
        status: 'pending',
        attempts: 0,
        event: 'campaign.ended',
      }),
    ])
    expect(own.text).not.toContain('payload')
  })

  it('gives influencers nothing (403) and anonymous callers 401', async () => {
    const id = crypto.randomUUID()
    for (const [method, path, body] of [
      ['GET', '/api/webhooks', undefined],
      ['POST', '/api/webhooks', { url: 'https://hooks.shop.example/', events: ['campaign.ended'] }],
      ['DELETE', `/api/webhooks/${id}`, undefined],
      ['GET', `/api/webhooks/${id}/deliveries`, undefined],
      ['POST', `/api/webhooks/${id}/replay`, { since: '2026-01-01T00:00:00Z' }],
    ] as const) {
      const influencer = await call(path, tokens.influencer, method, body)
      expect(influencer.status, `${method} ${path}`).toBe(403)
      expect(influencer.body.error.code).toBe('FORBIDDEN')
      expect((await call(path, undefined, method, body)).status).toBe(401)
    }
  })

  it('lets staff and admins act for any customer, naming it', async () => {
    const noCustomer = await register(tokens.staff, {
      url: 'https://hooks.shop.example/s',
      events: ['campaign.ended'],
    })
    expect(noCustomer.status).toBe(400)
    expect(noCustomer.body.error.details).toEqual([expect.objectContaining({ path: 'customerId' })])
    const unknown = await register(tokens.staff, {
      url: 'https://hooks.shop.example/s',
      events: ['campaign.ended'],
      customerId: crypto.randomUUID(),
    })
    expect(unknown.status).toBe(404)
    const made = await register(tokens.staff, {
      url: 'https://hooks.shop.example/s',
      events: ['campaign.ended'],
      customerId: demo.nordlicht.customerId,
    })
    expect(made.status).toBe(201)
    const listed = await call(`/api/webhooks?customer=${demo.nordlicht.customerId}`, tokens.staff)
    expect(listed.body.items.map((e: Json) => e.customerId)).toEqual(
      listed.body.items.map(() => demo.nordlicht.customerId),
    )
    expect(listed.body.items.map((e: Json) => e.id)).toContain(made.body.endpoint.id)
    const all = await call('/api/webhooks?limit=100', 'glam_dev_admin')
    const customers = new Set(all.body.items.map((e: Json) => e.customerId))
    expect(customers).toEqual(new Set([demo.customerId, demo.nordlicht.customerId]))
    const removed = await call(`/api/webhooks/${made.body.endpoint.id}`, tokens.admin, 'DELETE')
    expect(removed.status).toBe(200)
    expect(removed.body.active).toBe(false)
  })

  it('lets a customer API key with the scopes act for its customer only', async () => {
    const readKey = (
      await call('/api/keys', tokens.client, 'POST', { name: 'hooks', scopes: ['webhooks:read'] })
    ).body.key
    const writeKey = (
      await call('/api/keys', tokens.client, 'POST', {
        name: 'hooks rw',
        scopes: ['webhooks:read', 'webhooks:write'],
      })
    ).body.key
    const listed = await call('/api/webhooks', readKey)
    expect(listed.status).toBe(200)
    expect(listed.body.items.length).toBeGreaterThan(0)
    expect(listed.body.items.every((e: Json) => e.customerId === demo.customerId)).toBe(true)
    const denied = await register(readKey, {
      url: 'https://hooks.shop.example/k',
      events: ['campaign.ended'],
    })
    expect(denied.status).toBe(403)
    const made = await register(writeKey, { url: 'https://hooks.shop.example/k', events: ['campaign.ended'] })
    expect(made.status).toBe(201)
    expect(made.body.endpoint.customerId).toBe(demo.customerId)
    expect((await call(`/api/webhooks?customer=${demo.nordlicht.customerId}`, writeKey)).status).toBe(404)
    const nordlicht = (await call(`/api/webhooks?customer=${demo.nordlicht.customerId}`, tokens.staff)).body
      .items[0]
    expect((await call(`/api/webhooks/${nordlicht.id}`, writeKey, 'DELETE')).status).toBe(404)
  })

  it('disables an endpoint once, failing its pending deliveries; replay then refuses', async () => {
    const made = await register(tokens.client, {
      url: 'https://hooks.shop.example/d',
      events: ['campaign.ended'],
    })
    const id = made.body.endpoint.id
    await t.repos.webhooks.enqueue({
      customerId: demo.customerId,
      type: 'campaign.ended',
      eventId: crypto.randomUUID(),
      data: {},
    })
    const first = await call(`/api/webhooks/${id}`, tokens.client, 'DELETE')
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ id, active: false, disabledAt: expect.any(String) })
    t.clock.advance(60_000)
    const again = await call(`/api/webhooks/${id}`, tokens.client, 'DELETE')
    expect(again.body.disabledAt).toBe(first.body.disabledAt)
    const deliveries = await call(`/api/webhooks/${id}/deliveries`, tokens.client)
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({ status: 'failed', lastError: 'endpoint disabled', nextAttemptAt: null }),
    ])
    const replay = await call(`/api/webhooks/${id}/replay`, tokens.client, 'POST', {
      since: '2020-01-01T00:00:00Z',
    })
    expect(replay.status).toBe(409)
    expect(replay.body.error.code).toBe('WEBHOOK_ENDPOINT_DISABLED')
    expect((await call('/api/webhooks', tokens.client)).body.items).toContainEqual(
      expect.objectContaining({ id, active: false }),
    )
    expect((await t.repos.audit.forTarget('webhook_endpoint', id)).map((a) => a.action)).toEqual([
      'webhook_endpoint.disabled',
      'webhook_endpoint.created',
    ])
  })

  it('checks replay input: one of deliveryId or since, and the delivery must be the endpoint’s', async () => {
    const a = await register(tokens.client, {
      url: 'https://hooks.shop.example/r1',
      events: ['campaign.ended'],
    })
    const b = await register(tokens.client, {
      url: 'https://hooks.shop.example/r2',
      events: ['campaign.ended'],
    })
    await t.repos.webhooks.enqueue({
      customerId: demo.customerId,
      type: 'campaign.ended',
      eventId: crypto.randomUUID(),
      data: {},
    })
    const [ofB] = (await t.repos.webhooks.listDeliveries({ endpointId: b.body.endpoint.id })).items
    const path = `/api/webhooks/${a.body.endpoint.id}/replay`
    for (const body of [{}, { deliveryId: ofB!.id, since: '2026-01-01T00:00:00Z' }, { since: 'yesterday' }]) {
      const res = await call(path, tokens.client, 'POST', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
    }
    const wrong = await call(path, tokens.client, 'POST', { deliveryId: ofB!.id })
    expect(wrong.status).toBe(404)
    const right = await call(`/api/webhooks/${b.body.endpoint.id}/replay`, tokens.client, 'POST', {
      deliveryId: ofB!.id,
    })
    expect(right.status).toBe(202)
    expect(right.body).toEqual({ queued: 1 })
  })
})
