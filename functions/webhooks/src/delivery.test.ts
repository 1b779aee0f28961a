// Deliveries end to end: a real receiver (node:http on 127.0.0.1, reached through
// GLAM_FETCH_ALLOW_HOSTS) checks every signature with the documented recipe. Orders through the
// pixel (signed server-to-server, and the browser's collect) arrive as conversion.attributed,
// refunds and cancels as conversion.refunded, a campaign's end as campaign.ended exactly once;
// failures are retried on the backoff schedule until delivered or, after 24 h, failed; replay
// sends again; two senders at once never send one delivery twice; delivery re-checks the address.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { issueToken } from '@glam/auth'
import { demo } from '@glam/db'
import { runJob } from '@glam/jobs'
import { signBody } from '@glam/pixel/signature'
import { containerJobCatalogue } from '@glam/platform/container-routes'
import { jsonCall } from '@glam/testing/json-call'
import { createTestAppWithDatabase, createTestClock, demoTokens } from '@glam/testing/platform'
import { purchase } from '@glam/testing/purchase'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { raiseEndedCampaigns } from './campaigns-ended.ts'
import { type DeliverOptions, deliverDueWebhooks, maxAttempts, retryDelaysMs } from './deliver.container.ts'
import { startReceiver } from './receiver.fixture.ts'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions, not by types
type Json = Record<string, any>

const devSecret = 'whsec_demo_shop_development_only_0000000000'
const hour = 3_600_000

async function setup() {
  const receiver = await startReceiver()
  // Click ids carry real time (UUIDv7), so the frozen clock starts now.
  const clock = createTestClock(new Date().toISOString())
  const t = await createTestAppWithDatabase({
    env: { GLAM_FETCH_ALLOW_HOSTS: receiver.host, GLAM_COLLECT_PER_IP_PER_MINUTE: '1000' },
    overrides: { clock },
  })
  // Tokens live minutes and the tests move the clock by hours: a fresh one for every call.
  const client = async () => (await demoTokens(t, ['client'])).client
  const call = jsonCall<Json>(() => t.app)
  const job = { platform: t.platform, signal: new AbortController().signal, progress: () => {} }
  /** One run of the delivery job; the jitter fixed at its middle (factor 1) unless told. */
  const deliver = (options: DeliverOptions = {}) => deliverDueWebhooks(job, { random: () => 0.5, ...options })
  const register = async (path: string, events: string[], token?: string) => {
    const res = await call('/api/webhooks', token ?? (await client()), 'POST', {
      url: receiver.url(path),
      events,
    })
    expect(res.status).toBe(201)
    receiver.expect(path, res.body.secret)
    return res.body as { secret: string; endpoint: Json }
  }
  const deliveries = async (endpointId: string, token?: string) => {
    const res = await call(`/api/webhooks/${endpointId}/deliveries`, token ?? (await client()))
    expect(res.status).toBe(200)
    return res.body.items as Json[]
  }
  const signed = async (path: string, body: unknown) => {
    const raw = JSON.stringify(body)
    const at = Math.floor(clock.now().getTime() / 1000)
    return t.app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-glam-key': demo.shopPublicKey,
        'x-glam-timestamp': String(at),
        'x-glam-signature': await signBody(devSecret, at, raw),
      },
      body: raw,
    })
  }
  const click = async (slug: string) => {
    const res = await t.app.request(`/${slug}`, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Safari' } })
    return new URL(res.headers.get('location')!).searchParams.get('glam_cid')!
  }
  const collect = (body: unknown) =>
    t.app.request('/collect', {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: demo.shopOrigin },
      body: JSON.stringify(body),
    })
  const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
    orderId,
    total: 100,
    currency: 'EUR',
    items: [{ sku: 'A', name: 'A', price: 100, quantity: 1 }],
    ...extra,
  })
  return {
    ...t,
    clock,
    receiver,
    client,
    call,
    deliver,
    register,
    deliveries,
    signed,
    click,
    collect,
    order,
    job,
  }
}

describe('conversion and campaign events reach a real receiver, signed', () => {
  let t: Awaited<ReturnType<typeof setup>>
  beforeAll(async () => {
    t = await setup()
  })
  afterAll(() => t.receiver.close())

  it('delivers an attributed server-to-server order as conversion.attributed, signed with the endpoint secret', async () => {
    const { endpoint, secret } = await t.register('/orders', ['conversion.attributed', 'conversion.refunded'])
    const cid = await t.click('summer-lena')
    expect((await t.signed('/api/conversions', t.order('W-1', { clickId: cid }))).status).toBe(201)
    // Unattributed orders raise nothing.
    expect((await t.signed('/api/conversions', t.order('W-0'))).status).toBe(201)

    const [pending] = await t.deliveries(endpoint.id)
    expect(pending).toMatchObject({ event: 'conversion.attributed', status: 'pending', attempts: 0 })
    expect(await t.deliveries(endpoint.id)).toHaveLength(1)

    expect(await t.deliver()).toMatchObject({ attempted: 1, delivered: 1 })
    const [got] = t.receiver.for('/orders')
    expect(got!.verified).toBe(true)
    const stamp = Math.floor(t.clock.now().getTime() / 1000)
    expect(got!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-glam-event': 'conversion.attributed',
      'x-glam-delivery': pending!.id,
      'x-glam-timestamp': String(stamp),
    })
    // The documented recipe, by hand: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">.
    expect(got!.headers['x-glam-signature']).toBe(await signBody(secret, stamp, got!.body))
    expect(got!.headers['x-glam-signature']).toMatch(/^v1=[0-9a-f]{64}$/)
    // The README's five lines, as a receiver would run them.
    const verify = (key: string, headers: Record<string, unknown>, rawBody: string) => {
      const expected = `v1=${createHmac('sha256', key).update(`${headers['x-glam-timestamp']}.${rawBody}`).digest('hex')}`
      const given = Buffer.from(String(headers['x-glam-signature'] ?? ''))
      return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected))
    }
    expect(verify(secret, got!.headers, got!.body)).toBe(true)
    expect(verify('whsec_wrong', got!.headers, got!.body)).toBe(false)
    expect(verify(secret, got!.headers, `${got!.body} `)).toBe(false)
    expect(got!.json).toEqual({
      id: pending!.eventId,
      type: 'conversion.attributed',
      createdAt: expect.any(String),
      data: expect.objectContaining({
        orderId: 'W-1',
        status: 'placed',
        currency: 'EUR',
        total: '100.00',
        refunded: '0.00',
        net: '100.00',
        attribution: {
          model: 'last_click',
          campaignId: demo.campaignId,
          influencerId: demo.lenaId,
          linkId: demo.lenaLinkId,
        },
      }),
    })
    expect(got!.body).not.toContain(cid)
    const [done] = await t.deliveries(endpoint.id)
    expect(done).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200, lastError: null })
    expect(done!.deliveredAt).toEqual(expect.any(String))

    // Logged with the endpoint and the status, never the secret or the payload.
    const logged = t.logRecords().filter((r) => r.event === 'webhook.delivered')
    expect(logged).toEqual([expect.objectContaining({ endpointId: endpoint.id, status: 200 })])
    const log = t.logLines.join('\n')
    expect(log).not.toContain(secret)
    expect(log).not.toContain('"net"')

    // Nothing more is due.
    expect(await t.deliver()).toMatchObject({ attempted: 0 })
    expect(t.receiver.for('/orders')).toHaveLength(1)
  })

  it('delivers refunds and cancels as conversion.refunded with the new figures', async () => {
    const path = '/orders'
    const before = t.receiver.for(path).length
    const refund = await t.signed('/api/conversions/W-1/refund', {
      orderId: 'W-1',
      amount: 30,
      currency: 'EUR',
    })
    expect(refund.status).toBe(200)
    const cancel = await t.signed('/api/conversions/W-1/cancel', { orderId: 'W-1' })
    expect(cancel.status).toBe(200)
    // The unattributed order's refund raises nothing.
    expect((await t.signed('/api/conversions/W-0/cancel', { orderId: 'W-0' })).status).toBe(200)
    expect(await t.deliver()).toMatchObject({ attempted: 2, delivered: 2 })
    const got = t.receiver.for(path).slice(before)
    expect(got.every((r) => r.verified)).toBe(true)
    expect(
      got.map((r) => [r.json.type, r.json.data.status, r.json.data.refunded, r.json.data.net]).sort(),
    ).toEqual(
      [
        ['conversion.refunded', 'cancelled', '100.00', '0.00'],
        ['conversion.refunded', 'partially_refunded', '30.00', '70.00'],
      ].sort(),
    )
    expect(new Set(got.map((r) => r.json.id)).size).toBe(2)
  })

  it('delivers a browser-collected coupon order too, and nothing to another customer’s endpoint', async () => {
    const user = (await t.repos.users.get(demo.nordlicht.clientUserId))!
    const grants = await t.repos.users.grants(user.id, demo.app)
    const nordlicht = (
      await issueToken(t.platform, { userId: user.id, email: user.email, app: demo.app, grants })
    ).token
    const theirs = await t.register('/nordlicht', ['conversion.attributed', 'campaign.ended'], nordlicht)
    const before = t.receiver.for('/orders').length
    expect((await t.collect(purchase('B-1', { coupon: 'mia10' }))).status).toBe(202)
    await t.deliver()
    const [got] = t.receiver.for('/orders').slice(before)
    expect(got).toMatchObject({
      verified: true,
      json: { type: 'conversion.attributed', data: { orderId: 'B-1', attribution: { model: 'coupon' } } },
    })
    expect(await t.deliveries(theirs.endpoint.id, nordlicht)).toEqual([])
  })

  it('raises campaign.ended once per campaign, however often the job runs', async () => {
    const { endpoint } = await t.register('/campaigns', ['campaign.ended'])
    const orders = t.receiver.for('/orders').length
    await t.repos.campaigns.update(demo.campaignId, { endsAt: new Date(t.clock.now().getTime() + hour) })
    expect(await raiseEndedCampaigns(t.job)).toMatchObject({ queued: 0 })
    t.clock.advance(2 * hour)
    const first = await raiseEndedCampaigns(t.job)
    expect(first.queued).toBe(1)
    expect(await raiseEndedCampaigns(t.job)).toMatchObject({ queued: 0 })
    await t.deliver()
    expect(await raiseEndedCampaigns(t.job)).toMatchObject({ queued: 0 })
    await t.deliver()
    const got = t.receiver.for('/campaigns')
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({
      verified: true,
      headers: { 'x-glam-event': 'campaign.ended' },
      json: { type: 'campaign.ended', data: { id: demo.campaignId, name: 'Summer Glow' } },
    })
    expect(await t.deliveries(endpoint.id)).toEqual([expect.objectContaining({ status: 'delivered' })])
    // Endpoints that subscribe to conversions only, and the other customer's, got nothing.
    expect(t.receiver.for('/orders')).toHaveLength(orders)
    expect(t.receiver.for('/nordlicht')).toHaveLength(0)

    // A campaign whose status becomes `ended` (Nordlicht's, for its own endpoint) counts too.
    await t.repos.campaigns.update(demo.nordlicht.campaignId, { status: 'ended' })
    expect((await raiseEndedCampaigns(t.job)).queued).toBe(1)
    expect((await raiseEndedCampaigns(t.job)).queued).toBe(0)
    await t.deliver()
    expect(t.receiver.for('/nordlicht').map((r) => [r.json.type, r.json.data.id])).toEqual([
      ['campaign.ended', demo.nordlicht.campaignId],
    ])
    expect(t.receiver.for('/campaigns')).toHaveLength(1)
  })
})

describe('retries, failure after 24 h, replay and concurrent senders', () => {
  let t: Awaited<ReturnType<typeof setup>>
  let n = 0
  /** A coupon order through the browser's collect: one conversion.attributed per endpoint. */
  const sale = async () =>
    expect((await t.collect(purchase(`R-${++n}`, { coupon: 'lena10' }))).status).toBe(202)
  beforeAll(async () => {
    t = await setup()
  })
  afterAll(() => t.receiver.close())

  it('retries a 500 on the schedule and delivers on the third attempt', async () => {
    const { endpoint } = await t.register('/flaky', ['conversion.attributed'])
    t.receiver.answer(500, 500)
    await sale()
    expect(await t.deliver()).toMatchObject({ attempted: 1, retrying: 1 })
    let [d] = await t.deliveries(endpoint.id)
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
      lastError: 'answered HTTP 500',
    })
    expect(new Date(d!.nextAttemptAt).getTime() - t.clock.now().getTime()).toBe(retryDelaysMs[0])
    // Not due yet: nothing is sent.
    t.clock.advance(retryDelaysMs[0]! - 1000)
    expect(await t.deliver()).toMatchObject({ attempted: 0 })
    t.clock.advance(1000)
    expect(await t.deliver()).toMatchObject({ attempted: 1, retrying: 1 })
    ;[d] = await t.deliveries(endpoint.id)
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastStatus: 500 })
    expect(new Date(d!.nextAttemptAt).getTime() - t.clock.now().getTime()).toBe(retryDelaysMs[1])
    t.clock.advance(retryDelaysMs[1]!)
    expect(await t.deliver()).toMatchObject({ attempted: 1, delivered: 1 })
    ;[d] = await t.deliveries(endpoint.id)
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, lastError: null })
    const got = t.receiver.for('/flaky')
    expect(got).toHaveLength(3)
    expect(got.every((r) => r.verified)).toBe(true)
    // Every attempt is the same event and delivery, signed afresh with its own timestamp.
    expect(new Set(got.map((r) => r.body)).size).toBe(1)
    expect(new Set(got.map((r) => r.headers['x-glam-delivery'])).size).toBe(1)
    expect(new Set(got.map((r) => r.headers['x-glam-timestamp'])).size).toBe(3)
    const failed = t.logRecords().filter((r) => r.event === 'webhook.failed')
    expect(failed).toEqual([
      expect.objectContaining({ endpointId: endpoint.id, status: 500, final: false }),
      expect.objectContaining({ endpointId: endpoint.id, status: 500, final: false }),
    ])
    await t.call(`/api/webhooks/${endpoint.id}`, await t.client(), 'DELETE')
  })

  it('jitters the waits within ±10 %', async () => {
    const { endpoint } = await t.register('/jitter', ['conversion.attributed'])
    t.receiver.answer(503)
    await sale()
    await t.deliver({ random: () => 0 })
    const [d] = await t.deliveries(endpoint.id)
    expect(new Date(d!.nextAttemptAt).getTime() - t.clock.now().getTime()).toBe(retryDelaysMs[0]! * 0.9)
    t.clock.advance(retryDelaysMs[0]!)
    await t.deliver()
    await t.call(`/api/webhooks/${endpoint.id}`, await t.client(), 'DELETE')
  })

  it('gives up after 24 h of failures, then replay sends it again', async () => {
    const { endpoint } = await t.register('/down', ['conversion.attributed'])
    t.receiver.answer(...Array(maxAttempts).fill(503))
    await sale()
    const start = t.clock.now().getTime()
    let attempts = 0
    for (;;) {
      const run = await t.deliver()
      attempts += run.attempted
      const [d] = await t.deliveries(endpoint.id)
      if (d!.status !== 'pending') break
      t.clock.set(d!.nextAttemptAt)
      expect(attempts).toBeLessThan(maxAttempts)
    }
    const [failed] = await t.deliveries(endpoint.id)
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: maxAttempts,
      lastStatus: 503,
      nextAttemptAt: null,
    })
    expect(attempts).toBe(10)
    expect(t.clock.now().getTime() - start).toBe(24 * hour)
    expect(t.receiver.for('/down')).toHaveLength(maxAttempts)
    expect(t.logRecords().filter((r) => r.event === 'webhook.failed' && r.final)).toEqual([
      expect.objectContaining({ endpointId: endpoint.id, status: 503, final: true }),
    ])
    // A failed delivery stays failed.
    t.clock.advance(hour)
    expect(await t.deliver()).toMatchObject({ attempted: 0 })

    const replay = await t.call(`/api/webhooks/${endpoint.id}/replay`, await t.client(), 'POST', {
      deliveryId: failed!.id,
    })
    expect(replay.status).toBe(202)
    expect(replay.body).toEqual({ queued: 1 })
    expect(await t.deliver()).toMatchObject({ attempted: 1, delivered: 1 })
    const got = t.receiver.for('/down')
    expect(got).toHaveLength(maxAttempts + 1)
    expect(got.at(-1)!.verified).toBe(true)
    expect(got.at(-1)!.body).toBe(got[0]!.body)
    expect((await t.deliveries(endpoint.id))[0]).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatus: 200,
    })

    // Replay by time: everything since then, delivered ones too.
    await sale()
    await t.deliver()
    const since = new Date(start).toISOString()
    const again = await t.call(`/api/webhooks/${endpoint.id}/replay`, await t.client(), 'POST', { since })
    expect(again.body).toEqual({ queued: 2 })
    const later = await t.call(`/api/webhooks/${endpoint.id}/replay`, await t.client(), 'POST', {
      since: new Date(t.clock.now().getTime() + hour).toISOString(),
    })
    expect(later.body).toEqual({ queued: 0 })
    const sent = t.receiver.for('/down').length
    expect(await t.deliver()).toMatchObject({ attempted: 2, delivered: 2 })
    expect(t.receiver.for('/down')).toHaveLength(sent + 2)
    await t.call(`/api/webhooks/${endpoint.id}`, await t.client(), 'DELETE')
  })

  it('never sends one delivery twice when two senders run at once', async () => {
    const { endpoint } = await t.register('/busy', ['conversion.attributed'])
    for (let i = 0; i < 12; i++) await sale()
    const runs = await Promise.all([t.deliver({ batchSize: 5 }), t.deliver({ batchSize: 5 }), t.deliver()])
    expect(runs.reduce((sum, r) => sum + r.attempted, 0)).toBe(12)
    const got = t.receiver.for('/busy')
    expect(got).toHaveLength(12)
    expect(new Set(got.map((r) => r.headers['x-glam-delivery'])).size).toBe(12)
    expect((await t.deliveries(endpoint.id)).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(
      true,
    )
    await t.call(`/api/webhooks/${endpoint.id}`, await t.client(), 'DELETE')
  })

  it('checks the address again when sending: a stored private URL is refused by the safe fetch', async () => {
    // As if the URL had been registered while its name was public (or the allow list changed).
    const { endpoint } = await t.repos.webhooks.createEndpoint({
      customerId: demo.customerId,
      url: 'http://127.0.0.1:9/hook',
      events: ['conversion.attributed'],
    })
    await sale()
    await t.deliver()
    const [d] = await t.deliveries(endpoint.id)
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null })
    expect(d!.lastError).toMatch(/^FETCH_BLOCKED: /)
    await t.repos.webhooks.disableEndpoint(endpoint.id)
  })

  it('runs as scheduled container jobs through the lease-guarded runner', async () => {
    const { endpoint } = await t.register('/jobs', ['conversion.attributed'])
    await sale()
    const run = (name: string) =>
      runJob(containerJobCatalogue.find((j) => j.name === name)!, {
        platform: t.platform,
        trigger: 'manual',
        triggeredBy: 'test',
        holder: 'test:1',
      })
    expect(await run('webhook-deliveries')).toMatchObject({
      status: 'succeeded',
      summary: expect.objectContaining({ attempted: 1, delivered: 1 }),
    })
    expect(await run('webhook-campaigns-ended')).toMatchObject({ status: 'succeeded' })
    expect(t.receiver.for('/jobs')).toEqual([expect.objectContaining({ verified: true })])
    expect((await t.deliveries(endpoint.id))[0]).toMatchObject({ status: 'delivered' })
  })
})
