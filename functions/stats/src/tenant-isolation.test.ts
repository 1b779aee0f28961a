// Tenant isolation over every REST route that takes an id, per role: admin, staff, a client of
// customer A (Demo Beauty), a client of customer B, an influencer of A (lena) and a key limited
// to A with every scope. For a caller without access, another customer's record must answer
// exactly like an id that does not exist (same status, code and message), and nothing of the
// record may leave. Plus: every REST list refuses a cursor it did not hand out.
import { issueToken } from '@glam/auth'
import { demo } from '@glam/db'
import type { EventBackend } from '@glam/events/backend'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

type Role = 'admin' | 'staff' | 'clientA' | 'clientB' | 'influencer' | 'keyA'
const roles: Role[] = ['admin', 'staff', 'clientA', 'clientB', 'influencer', 'keyA']
type Answer = { status: number; code?: string; message?: string }
type Call = { method?: string; path: string; body?: unknown }

let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
const credentials: Partial<Record<Role, string>> = {}
/** Customer B's records, and ids nothing has. */
const b = {} as {
  customer: string
  campaign: string
  influencer: string
  link: string
  shop: string
  user: string
}
const queried: Record<string, unknown>[] = []

/** A ClickHouse stand-in: answers no rows, keeps the parameters each query was sent. */
const fakeBackend: EventBackend = {
  adapter: 'fake',
  database: 'glam',
  async insert() {},
  async query<T>(_sql: string, params?: Record<string, unknown>) {
    queried.push(params ?? {})
    return [] as T[]
  },
  async command() {},
  async ping() {
    return true
  },
  async close() {},
}

async function call(role: Role, { method = 'GET', path, body }: Call): Promise<Answer & { text: string }> {
  const res = await t.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${credentials[role]}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  const error = res.headers.get('content-type')?.startsWith('application/json')
    ? (JSON.parse(text) as { error?: { code: string; message: string } }).error
    : undefined
  return { status: res.status, code: error?.code, message: error?.message, text }
}

beforeAll(async () => {
  t = await createTestAppWithDatabase({ overrides: { analytics: fakeBackend } })
  const { repos } = t
  const customer = await repos.customers.create({ name: 'Other Brand' })
  const campaign = await repos.campaigns.create({
    customerId: customer.id,
    name: 'Winter Secret',
    timezone: 'Asia/Tokyo',
  })
  const influencer = await repos.influencers.create({ handle: 'nina_b', name: 'Nina B' })
  await repos.campaigns.addInfluencers(campaign.id, [influencer.id])
  const { shop } = await repos.shops.create({
    name: 'Other Shop',
    origins: ['https://other.example'],
    customerId: customer.id,
  })
  const link = await repos.links.create({
    slug: 'winter-nina',
    destination: 'https://other.example/',
    customerId: customer.id,
    campaignId: campaign.id,
    influencerId: influencer.id,
    shopId: shop.id,
  })
  const clientB = await repos.users.ensure({ email: 'client@other.example' })
  await repos.users.grant({
    userId: clientB.id,
    app: 'dashboard',
    role: 'client',
    scope: { type: 'customer', id: customer.id },
  })
  const staff = await repos.users.ensure({ email: 'staff@demo.glam' })
  await repos.users.grant({ userId: staff.id, app: 'dashboard', role: 'staff' })
  Object.assign(b, {
    customer: customer.id,
    campaign: campaign.id,
    influencer: influencer.id,
    link: link.id,
    shop: shop.id,
    user: clientB.id,
  })
  for (const [role, email] of [
    ['admin', 'admin@demo.glam'],
    ['staff', 'staff@demo.glam'],
    ['clientA', 'client@demo.glam'],
    ['clientB', 'client@other.example'],
    ['influencer', 'lena@demo.glam'],
  ] as const) {
    const user = (await repos.users.byEmail(email))!
    const grants = await repos.users.grants(user.id, 'dashboard')
    credentials[role] = (
      await issueToken(t.platform, { userId: user.id, email, app: 'dashboard', grants })
    ).token
  }
  credentials.keyA = (
    await repos.apiKeys.create({ name: 'A, every scope', customerId: demo.customerId, scopes: ['*'] })
  ).key
})

const destination = 'https://shop.example/x'
type Row = {
  name: string
  /** The request for a record id (B's, or one that does not exist). */
  request: (id: string, role: Role) => Call
  /** Which of B's records the route names. */
  record: keyof typeof b
  /** The status each role gets for B's record; 403/404 mean "no access", to be answered like a missing id. */
  expected: Record<Role, number>
}

// Roles by what they may see of customer B's records.
const readB = (ok = 200): Record<Role, number> => ({
  admin: ok,
  staff: ok,
  clientA: 404,
  clientB: ok,
  influencer: 404,
  keyA: 404,
})
const writeB = (ok: number): Record<Role, number> => ({
  admin: ok,
  staff: ok,
  clientA: 403,
  clientB: 403,
  influencer: 403,
  keyA: 404,
})
const platformOnly = (ok: number, staff = ok): Record<Role, number> => ({
  admin: ok,
  staff,
  clientA: 403,
  clientB: 403,
  influencer: 403,
  keyA: 403,
})

const stats = (kind: 'clicks' | 'conversions'): Row[] =>
  (['campaign', 'customer', 'influencer', 'link'] as const).map((filter) => ({
    name: `GET /api/stats/${kind}?${filter}=`,
    request: (id) => ({ path: `/api/stats/${kind}?${filter}=${id}` }),
    record: filter,
    expected: readB(),
  }))

const rows: Row[] = [
  {
    name: 'GET /api/links/:id',
    request: (id) => ({ path: `/api/links/${id}` }),
    record: 'link',
    expected: readB(),
  },
  {
    name: 'GET /api/links/:id/qr.svg',
    request: (id) => ({ path: `/api/links/${id}/qr.svg` }),
    record: 'link',
    expected: readB(),
  },
  {
    name: 'GET /api/links/:id/qr.png',
    request: (id) => ({ path: `/api/links/${id}/qr.png?size=256` }),
    record: 'link',
    expected: readB(),
  },
  {
    name: 'PATCH /api/links/:id',
    request: (id) => ({ method: 'PATCH', path: `/api/links/${id}`, body: { status: 'active' } }),
    record: 'link',
    expected: writeB(200),
  },
  {
    name: 'GET /api/links?campaign=',
    request: (id) => ({ path: `/api/links?campaign=${id}` }),
    record: 'campaign',
    expected: readB(),
  },
  {
    name: 'GET /api/links?customer=',
    request: (id) => ({ path: `/api/links?customer=${id}` }),
    record: 'customer',
    expected: readB(),
  },
  {
    name: 'GET /api/links?influencer=',
    request: (id) => ({ path: `/api/links?influencer=${id}` }),
    record: 'influencer',
    expected: readB(),
  },
  {
    name: 'POST /api/links {campaignId}',
    request: (id) => ({ method: 'POST', path: '/api/links', body: { destination, campaignId: id } }),
    record: 'campaign',
    expected: writeB(201),
  },
  {
    name: 'POST /api/links {customerId}',
    request: (id) => ({ method: 'POST', path: '/api/links', body: { destination, customerId: id } }),
    record: 'customer',
    expected: writeB(201),
  },
  {
    name: 'POST /api/links {influencerId}',
    request: (id, role) => ({
      method: 'POST',
      path: '/api/links',
      body: { destination, influencerId: id, ...(role !== 'keyA' && { customerId: b.customer }) },
    }),
    record: 'influencer',
    expected: writeB(201),
  },
  {
    name: 'POST /api/links {shopId}',
    request: (id, role) => ({
      method: 'POST',
      path: '/api/links',
      body: { destination, shopId: id, ...(role !== 'keyA' && { customerId: b.customer }) },
    }),
    record: 'shop',
    expected: writeB(201),
  },
  {
    name: 'POST /api/links/bulk {campaignId}',
    request: (id) => ({ method: 'POST', path: '/api/links/bulk', body: { destination, campaignId: id } }),
    record: 'campaign',
    expected: writeB(201),
  },
  ...stats('clicks'),
  ...stats('conversions'),
  {
    name: 'GET /api/shops/:id',
    request: (id) => ({ path: `/api/shops/${id}` }),
    record: 'shop',
    expected: { ...platformOnly(200), keyA: 404 },
  },
  {
    name: 'PATCH /api/shops/:id',
    request: (id) => ({ method: 'PATCH', path: `/api/shops/${id}`, body: { name: 'Other Shop' } }),
    record: 'shop',
    expected: platformOnly(200),
  },
  {
    name: 'POST /api/shops/:id/rotate',
    request: (id) => ({ method: 'POST', path: `/api/shops/${id}/rotate`, body: { secret: true } }),
    record: 'shop',
    expected: platformOnly(200),
  },
  {
    name: 'GET /api/coupons?campaign=',
    request: (id) => ({ path: `/api/coupons?campaign=${id}` }),
    record: 'campaign',
    expected: readB(),
  },
  {
    name: 'POST /api/coupons {campaignId}',
    request: (id, role) => ({
      method: 'POST',
      path: '/api/coupons',
      body: { code: `WINTER-${role}`, campaignId: id, influencerId: b.influencer },
    }),
    record: 'campaign',
    expected: writeB(201),
  },
  {
    name: 'GET /api/exports/campaigns/:id/orders.csv',
    request: (id) => ({ path: `/api/exports/campaigns/${id}/orders.csv` }),
    record: 'campaign',
    expected: { ...readB(), influencer: 403 },
  },
  {
    name: 'GET /api/users/:id',
    request: (id) => ({ path: `/api/users/${id}` }),
    record: 'user',
    expected: platformOnly(200),
  },
  {
    name: 'POST /api/users/:id/grants',
    request: (id) => ({
      method: 'POST',
      path: `/api/users/${id}/grants`,
      body: { app: 'dashboard', role: 'viewer' },
    }),
    record: 'user',
    expected: platformOnly(201, 403),
  },
  {
    name: 'DELETE /api/users/:id/grants',
    request: (id) => ({
      method: 'DELETE',
      path: `/api/users/${id}/grants`,
      body: { app: 'dashboard', role: 'viewer' },
    }),
    record: 'user',
    expected: platformOnly(200, 403),
  },
]

describe('REST tenant isolation, per role', () => {
  it.each(rows)('$name', async ({ request, record, expected }) => {
    for (const role of roles) {
      const foreign = await call(role, request(b[record], role))
      const missing = await call(role, request(crypto.randomUUID(), role))
      expect(foreign.status, `${role}: status for B's ${record}`).toBe(expected[role])
      if (expected[role] === 403 || expected[role] === 404) {
        // Forbidden and missing answer the same; nothing of B's record leaves.
        const { text: _f, ...foreignAnswer } = foreign
        const { text: _m, ...missingAnswer } = missing
        expect(foreignAnswer, `${role}: B's ${record} answers like a missing one`).toEqual(missingAnswer)
        expect(foreign.text).not.toContain(b[record])
        expect(foreign.text).not.toMatch(/Asia\/Tokyo|Winter Secret|Other (Brand|Shop)|nina_b/)
      }
    }
  })

  it("answers an influencer asking for another customer's campaign 404 without its timezone (the known leak)", async () => {
    const foreign = await call('influencer', { path: `/api/stats/clicks?campaign=${b.campaign}` })
    expect(foreign).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'No such campaign.' })
    expect(foreign.text).not.toContain('Asia/Tokyo')
    // Their own campaign answers, with its timezone, and the query is limited to them.
    queried.length = 0
    const own = await call('influencer', { path: `/api/stats/clicks?campaign=${demo.campaignId}` })
    expect(own.status).toBe(200)
    expect(JSON.parse(own.text)).toMatchObject({ timezone: 'UTC' })
    expect(queried[0]).toMatchObject({ influencer: demo.lenaId, campaign: demo.campaignId })
  })

  it("lets each caller see their own customer's records, and an influencer only their own", async () => {
    const lena = demo.lenaLinkId
    const mia = demo.miaLinkId
    for (const role of ['clientA', 'influencer', 'keyA'] as const) {
      expect((await call(role, { path: `/api/links/${lena}` })).status, role).toBe(200)
      expect((await call(role, { path: `/api/stats/clicks?campaign=${demo.campaignId}` })).status, role).toBe(
        200,
      )
      expect((await call(role, { path: `/api/stats/clicks?customer=${demo.customerId}` })).status, role).toBe(
        200,
      )
    }
    for (const role of ['clientA', 'keyA'] as const) {
      expect((await call(role, { path: `/api/links/${mia}` })).status, role).toBe(200)
      expect(
        (await call(role, { path: `/api/exports/campaigns/${demo.campaignId}/orders.csv` })).status,
      ).toBe(200)
    }
    // mia's link and mia herself are not lena's: they answer like ids that do not exist.
    for (const path of [
      `/api/links/${mia}`,
      `/api/stats/clicks?link=${mia}`,
      `/api/stats/clicks?influencer=${demo.miaId}`,
    ]) {
      const own = await call('influencer', { path })
      const missing = await call('influencer', { path: path.replace(/[0-9a-f-]{36}$/, crypto.randomUUID()) })
      expect(own.status, path).toBe(404)
      expect({ ...own, text: '' }).toEqual({ ...missing, text: '' })
    }
    expect((await call('clientB', { path: `/api/links/${lena}` })).status).toBe(404)
    // People, shops and jobs are platform-wide: a key limited to a customer lists none of them,
    // whatever scopes it holds.
    for (const path of ['/api/users', '/api/shops', '/api/jobs'])
      expect((await call('keyA', { path })).status, path).toBe(403)
  })

  it("refuses a shop's signed refund or cancel of another shop's order like a missing one", async () => {
    const { signBody } = await import('@glam/pixel/signature')
    const { repos } = t
    await repos.orders.record(
      {
        shopId: b.shop,
        orderRef: 'B-ORDER-1',
        currency: 'EUR',
        totalMinor: 1000,
        coupon: null,
        clickId: null,
        linkId: null,
        influencerId: null,
        campaignId: b.campaign,
        customerId: b.customer,
        attributionModel: 'none',
        source: 'server',
        placedAt: t.clock.now(),
      },
      [],
    )
    const signed = async (path: string, body: unknown) => {
      const raw = JSON.stringify(body)
      const at = Math.floor(t.clock.now().getTime() / 1000)
      const res = await t.app.request(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-glam-key': demo.shopPublicKey,
          'x-glam-timestamp': String(at),
          'x-glam-signature': await signBody('whsec_demo_shop_development_only_0000000000', at, raw),
        },
        body: raw,
      })
      return { status: res.status, error: ((await res.json()) as { error?: unknown }).error }
    }
    for (const [action, body] of [
      ['refund', { amount: 1, currency: 'EUR' }],
      ['cancel', {}],
    ] as const) {
      const foreign = await signed(`/api/conversions/B-ORDER-1/${action}`, { orderId: 'B-ORDER-1', ...body })
      const missing = await signed(`/api/conversions/NO-SUCH-1/${action}`, { orderId: 'NO-SUCH-1', ...body })
      expect(foreign.status).toBe(404)
      expect((foreign.error as { message: string }).message).toBe(
        (missing.error as { message: string }).message,
      )
    }
    expect((await repos.orders.byRef(b.shop, 'B-ORDER-1'))!.status).toBe('placed')
  })
})

describe('REST list cursors', () => {
  const admin = (path: string) => call('admin', { path })
  const bad = ['nope', "' OR 1=1 --", '0190f0c4-7b1a-7c3e-9d2f', `${'f'.repeat(36)}`, '../../etc']

  it.each([
    ['links', '/api/links?limit=1'],
    ['shops', '/api/shops?limit=1'],
    ['users', '/api/users?limit=1'],
    ['job runs', '/api/jobs/purge-expired/runs?limit=1'],
  ])(
    '%s: a cursor the list did not hand out is 400 INVALID_CURSOR; its own nextCursor pages on',
    async (_name, path) => {
      for (const cursor of bad) {
        const res = await admin(`${path}&cursor=${encodeURIComponent(cursor)}`)
        expect(res, cursor).toMatchObject({ status: 400, code: 'INVALID_CURSOR' })
      }
      const first = await admin(path)
      expect(first.status).toBe(200)
      const page = JSON.parse(first.text) as { items: { id: string }[]; nextCursor: string | null }
      if (page.nextCursor) {
        const next = await admin(`${path}&cursor=${page.nextCursor}`)
        expect(next.status).toBe(200)
        const second = JSON.parse(next.text) as { items: { id: string }[] }
        expect(second.items.map((i) => i.id)).not.toContain(page.items[0]!.id)
      }
    },
  )

  it('pages through users newest first, one at a time', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await admin(`/api/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      const page = JSON.parse(res.text) as {
        items: { id: string; email: string }[]
        nextCursor: string | null
      }
      seen.push(...page.items.map((u) => u.id))
      cursor = page.nextCursor
    } while (cursor && seen.length < 50)
    expect(seen.length).toBeGreaterThanOrEqual(5)
    expect(new Set(seen).size).toBe(seen.length)
    expect([...seen].sort().reverse()).toEqual(seen)
  })
})
