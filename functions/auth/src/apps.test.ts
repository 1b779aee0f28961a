// /api/apps, CSRF on every cookie-authenticated change, and CORS for the API.
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

const json = { 'content-type': 'application/json' }
const own = 'http://localhost:3000'
const adminKey = { authorization: 'Bearer glam_dev_admin' }

async function newApp(env: Record<string, string> = {}) {
  const t = await createTestAppWithDatabase({ env })
  const outbox = t.platform.mailer as unknown as { list(n: number): { to: string; text: string }[] }
  const login = async (email: string) => {
    const post = (path: string, body: unknown) =>
      t.app.request(`${own}${path}`, {
        method: 'POST',
        headers: { ...json, origin: own },
        body: JSON.stringify(body),
      })
    expect((await post('/auth/start', { email, app: 'dashboard' })).status).toBe(202)
    await (t.platform as unknown as { drain(ms: number): Promise<boolean> }).drain(5000)
    const code = /\b(\d{6})\b/.exec(outbox.list(1)[0]!.text)![1]!
    const res = await post('/auth/verify', { email, code })
    return res.headers.get('set-cookie')!.split(';')[0]!
  }
  return { ...t, login }
}

describe('/api/apps', () => {
  let t: Awaited<ReturnType<typeof newApp>>
  beforeAll(async () => {
    t = await newApp()
  })
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = adminKey) =>
    t.app.request(`${own}/api/apps${path}`, {
      method,
      headers: { ...json, ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })

  it('the demo dashboard app registers no origin: Glam serves it', async () => {
    const res = await call('GET', '/dashboard')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: 'dashboard', origins: [], signup: 'invite' })
  })

  it('creates an app with normalised origins, lists it, changes it, audited', async () => {
    const created = await call('POST', '', {
      id: 'partner',
      name: 'Partner portal',
      origins: ['HTTPS://Partner.Example:443/', 'https://bücher.example'],
      signup: 'open',
      roles: ['member', 'editor'],
      defaultRole: 'member',
    })
    expect(created.status).toBe(201)
    expect(await created.json()).toMatchObject({
      origins: ['https://partner.example', 'https://xn--bcher-kva.example'],
      defaultRole: 'member',
    })
    const list = (await (await call('GET', '')).json()) as { items: { id: string }[] }
    expect(list.items.map((a) => a.id)).toEqual(['dashboard', 'partner', 'portal'])
    const changed = await call('PATCH', '/partner', { signup: 'domain', signupDomains: ['Brand.Example'] })
    expect(changed.status).toBe(200)
    expect(await changed.json()).toMatchObject({ signup: 'domain', signupDomains: ['brand.example'] })
    expect((await t.repos.audit.forTarget('app', 'partner')).map((a) => a.action).sort()).toEqual([
      'app.changed',
      'app.created',
    ])
  })

  it('refuses origins Glam serves, bad policies and unknown fields, and stores nothing', async () => {
    const cases: [unknown, string][] = [
      [{ id: 'a1', name: 'A', origins: ['http://127.0.0.1:3000'] }, 'origins.0'],
      [{ id: 'a2', name: 'A', origins: ['http://localhost:3000'] }, 'origins.0'],
      [{ id: 'a3', name: 'A', origins: ['http://[::1]:3000'] }, 'origins.0'],
      [{ id: 'a4', name: 'A', origins: ['https://x.example/path'] }, 'origins.0'],
      [{ id: 'a5', name: 'A', signup: 'open', roles: ['member'] }, 'defaultRole'],
      [{ id: 'a6', name: 'A', signup: 'open', roles: ['admin'], defaultRole: 'admin' }, 'defaultRole'],
      [{ id: 'a7', name: 'A', signup: 'domain', roles: ['m'], defaultRole: 'm' }, 'signupDomains'],
      [{ id: 'A8!', name: 'A' }, 'id'],
      [{ id: 'a9', name: 'A', extra: 1 }, ''],
    ]
    for (const [body, path] of cases) {
      const res = await call('POST', '', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      const error = ((await res.json()) as { error: { code: string; details: { path: string }[] } }).error
      expect(error.code).toBe('VALIDATION_FAILED')
      if (path) expect(error.details.map((d) => d.path)).toContain(path)
    }
    // The origin the registering request came in on is Glam's too (on any port, any name).
    const viaRequest = await t.app.request('http://glam.internal.example:8080/api/apps', {
      method: 'POST',
      headers: { ...json, ...adminKey },
      body: JSON.stringify({ id: 'a10', name: 'A', origins: ['http://glam.internal.example:8080'] }),
    })
    expect(viaRequest.status).toBe(400)
    const patch = await call('PATCH', '/dashboard', { origins: ['http://127.0.0.1:3000'] })
    expect(patch.status).toBe(400)
    expect(await t.repos.apps.get('a1')).toBeNull()
    expect((await t.repos.apps.get('dashboard'))!.origins).toEqual([])
    expect((await call('POST', '', { id: 'partner', name: 'again' })).status).toBe(409)
    expect((await call('PATCH', '/nope', { name: 'x' })).status).toBe(404)
  })

  it('is for admins only', async () => {
    const cookie = await t.login('client@demo.glam')
    expect((await call('GET', '', undefined, { cookie })).status).toBe(403)
    expect((await call('GET', '', undefined, {})).status).toBe(401)
  })
})

describe('CSRF on every cookie-authenticated change', () => {
  let t: Awaited<ReturnType<typeof newApp>>
  let cookie: string
  beforeAll(async () => {
    t = await newApp()
    cookie = await t.login('admin@demo.glam')
    await t.repos.apps.upsert({
      id: 'partner',
      name: 'Partner',
      origins: ['https://partner.example'],
      roles: ['viewer'],
    })
  })
  const link = { destination: 'https://shop.example/', customerId: '00000000-0000-7000-8000-000000000001' }
  const mutation = JSON.stringify({
    query: 'mutation { createCustomer(input: { name: "csrf" }) { __typename } }',
  })
  const send = (path: string, headers: Record<string, string>, body: string) =>
    t.app.request(`${own}${path}`, { method: 'POST', headers: { cookie, ...headers }, body })

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['a same-site Origin (another port)', { origin: 'http://localhost:3001', 'sec-fetch-site': 'same-site' }],
    ['Origin null', { origin: 'null' }],
    ['Sec-Fetch-Site cross-site alone', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site alone', { 'sec-fetch-site': 'same-site' }],
    ['no browser signal at all', {}],
  ] as [string, Record<string, string>][])(
    'refuses %s with 403 CSRF_REJECTED, JSON bodies included',
    async (_, headers) => {
      for (const [path, body] of [
        ['/api/links', JSON.stringify(link)],
        ['/graphql', mutation],
      ] as const) {
        for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
          const res = await send(path, { ...headers, 'content-type': type }, body)
          expect(res.status, `${path} ${type}`).toBe(403)
          const payload = (await res.json()) as {
            error?: { code: string }
            errors?: { extensions: { code: string } }[]
          }
          expect(payload.error?.code ?? payload.errors?.[0]?.extensions.code, `${path} ${type}`).toBe(
            'CSRF_REJECTED',
          )
        }
      }
      expect((await t.repos.customers.list()).items.some((c) => c.name === 'csrf')).toBe(false)
    },
  )

  it("accepts Glam's own origin, Sec-Fetch-Site same-origin, a registered app origin, and tokens from anywhere", async () => {
    for (const headers of [
      { origin: own },
      { 'sec-fetch-site': 'same-origin' },
      { origin: 'https://partner.example', 'sec-fetch-site': 'cross-site' },
    ] as Record<string, string>[]) {
      const res = await send('/api/links', { ...headers, ...json }, JSON.stringify(link))
      expect(res.status, JSON.stringify(headers)).toBe(201)
    }
    const token = await t.app.request(`${own}/api/links`, {
      method: 'POST',
      headers: { ...json, ...adminKey, origin: 'https://evil.example' },
      body: JSON.stringify(link),
    })
    expect(token.status).toBe(201)
  })
})

describe('CORS', () => {
  const preflight = (app: Awaited<ReturnType<typeof newApp>>['app'], path: string, origin: string) =>
    app.request(`${own}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })

  it('development `*` answers any origin without credentials; registered apps with credentials', async () => {
    const t = await newApp()
    await t.repos.apps.upsert({
      id: 'partner',
      name: 'P',
      origins: ['https://partner.example'],
      roles: ['viewer'],
    })
    for (const path of ['/graphql', '/api/links']) {
      const evil = await preflight(t.app, path, 'https://evil.example')
      expect(evil.headers.get('access-control-allow-origin')).toBe('*')
      expect(evil.headers.get('access-control-allow-credentials')).toBeNull()
      const partner = await preflight(t.app, path, 'https://partner.example')
      expect(partner.headers.get('access-control-allow-origin')).toBe('https://partner.example')
      expect(partner.headers.get('access-control-allow-credentials')).toBe('true')
    }
  })

  it('with a list, only listed and registered origins get CORS, never a reflected arbitrary one', async () => {
    const t = await newApp({ GLAM_CORS_ORIGINS: 'https://reports.example' })
    for (const path of ['/graphql', '/api/links', '/api/stats/clicks']) {
      const evil = await preflight(t.app, path, 'https://evil.example')
      expect(evil.headers.get('access-control-allow-origin'), path).toBeNull()
      expect(evil.headers.get('access-control-allow-credentials'), path).toBeNull()
      const listed = await preflight(t.app, path, 'https://reports.example')
      expect(listed.headers.get('access-control-allow-origin'), path).toBe('https://reports.example')
      expect(listed.headers.get('vary'), path).toMatch(/origin/i)
      const get = await t.app.request(`${own}${path}`, { headers: { origin: 'https://evil.example' } })
      expect(get.headers.get('access-control-allow-origin'), path).toBeNull()
    }
  })
})
