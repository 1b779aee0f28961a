import { demo } from '@glam/db'
import type { OutboxMailer } from '@glam/mail'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'

const json = { 'content-type': 'application/json' }
const origin = 'http://localhost:3000'

async function newApp(env: Record<string, string> = {}) {
  const t = await createTestAppWithDatabase({ env })
  const outbox = t.platform.mailer as OutboxMailer
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.request(`http://localhost:3000${path}`, {
      method: 'POST',
      headers: { ...json, origin, ...headers },
      body: JSON.stringify(body),
    })
  /** Asks for a code and reads it from the outbox (after the background mail went out). */
  const codeFor = async (email: string, app = 'dashboard') => {
    const res = await post('/auth/start', { email, app })
    expect(res.status).toBe(202)
    await (t.platform as unknown as { drain(ms: number): Promise<boolean> }).drain(5000)
    const mail = outbox.list(1)[0]
    expect(mail?.to).toBe(email)
    return /\b(\d{6})\b/.exec(mail!.text)![1]!
  }
  const login = async (email: string) => {
    const code = await codeFor(email)
    const res = await post('/auth/verify', { email, code })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!
    return { cookie, res }
  }
  return { ...t, outbox, post, codeFor, login }
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

describe('passwordless login', () => {
  let t: Awaited<ReturnType<typeof newApp>>
  beforeAll(async () => {
    t = await newApp()
  })

  it('logs in with the mailed code: session cookie, /auth/me, the code stored only hashed', async () => {
    const code = await t.codeFor('admin@demo.glam')
    const rows = await t.database.db.select().from(t.database.t.loginCodes)
    expect(JSON.stringify(rows)).not.toContain(code)
    expect(JSON.stringify(rows)).not.toContain('admin@demo.glam')
    const res = await t.post('/auth/verify', { email: 'Admin@Demo.Glam ', code })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'signed_in', redirectTo: '/auth/account' })
    const setCookie = res.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^glam_session=[A-Za-z0-9]{43};/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    const me = await t.app.request('/auth/me', { headers: { cookie: setCookie.split(';')[0]! } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({
      user: { email: 'admin@demo.glam' },
      grants: [{ app: 'dashboard', role: 'admin' }],
    })
  })

  it('a code works once', async () => {
    const code = await t.codeFor('client@demo.glam')
    expect((await t.post('/auth/verify', { email: 'client@demo.glam', code })).status).toBe(200)
    const again = await t.post('/auth/verify', { email: 'client@demo.glam', code })
    expect(again.status).toBe(400)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('INVALID_CODE')
  })

  it('the sixth wrong code fails, and so does the right one after it', async () => {
    const code = await t.codeFor('lena@demo.glam')
    for (let i = 0; i < 5; i++) {
      const res = await t.post('/auth/verify', { email: 'lena@demo.glam', code: wrong(code) })
      expect(res.status).toBe(400)
    }
    const sixth = await t.post('/auth/verify', { email: 'lena@demo.glam', code: wrong(code) })
    expect(sixth.status).toBe(400)
    const seventh = await t.post('/auth/verify', { email: 'lena@demo.glam', code })
    expect(seventh.status).toBe(400)
    expect(((await seventh.json()) as { error: { code: string } }).error.code).toBe('INVALID_CODE')
  })

  it('an expired code fails', async () => {
    const fresh = await newApp()
    const code = await fresh.codeFor('admin@demo.glam')
    fresh.clock.advance(10 * 60 * 1000 + 1)
    const res = await fresh.post('/auth/verify', { email: 'admin@demo.glam', code })
    expect(res.status).toBe(400)
  })

  it('asking for a new code retires the old one and does not reset the per-address tries', async () => {
    const fresh = await newApp({ GLAM_LOGIN_TRIES_PER_HOUR: '3', GLAM_LOGIN_CODES_PER_HOUR: '10' })
    const first = await fresh.codeFor('admin@demo.glam')
    await fresh.post('/auth/verify', { email: 'admin@demo.glam', code: wrong(first) })
    const second = await fresh.codeFor('admin@demo.glam')
    expect((await fresh.post('/auth/verify', { email: 'admin@demo.glam', code: first })).status).toBe(400)
    await fresh.post('/auth/verify', { email: 'admin@demo.glam', code: wrong(second) })
    const limited = await fresh.post('/auth/verify', { email: 'admin@demo.glam', code: second })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('start answers identically for known and unknown addresses; only the known one gets mail', async () => {
    const fresh = await newApp()
    const known = await fresh.post('/auth/start', { email: 'admin@demo.glam', app: 'dashboard' })
    const unknown = await fresh.post('/auth/start', { email: 'nobody@demo.glam', app: 'dashboard' })
    expect(known.status).toBe(unknown.status)
    expect(await known.text()).toBe(await unknown.text())
    const strip = (h: Headers) => [...h].filter(([k]) => k !== 'x-request-id')
    expect(strip(known.headers)).toEqual(strip(unknown.headers))
    await (fresh.platform as unknown as { drain(ms: number): Promise<boolean> }).drain(5000)
    expect(fresh.outbox.list().map((m) => m.to)).toEqual(['admin@demo.glam'])
  })

  it('refuses bad input with clear codes and stores nothing', async () => {
    const fresh = await newApp()
    const cases: [unknown, number, string][] = [
      [{ email: 'not-an-email', app: 'dashboard' }, 400, 'VALIDATION_FAILED'],
      [{ email: 'a@b.example', app: 'nope' }, 400, 'UNKNOWN_APP'],
      [
        { email: 'a@b.example', app: 'dashboard', returnTo: 'https://evil.example/x' },
        400,
        'INVALID_RETURN_TO',
      ],
      [{ email: 'a@b.example', app: 'dashboard', returnTo: '//evil.example/x' }, 400, 'INVALID_RETURN_TO'],
      [{ email: 'a@b.example', app: 'dashboard', returnTo: '/\\evil.example' }, 400, 'INVALID_RETURN_TO'],
      [{ email: 'a@b.example', app: 'dashboard', returnTo: 'javascript:alert(1)' }, 400, 'INVALID_RETURN_TO'],
      [
        { email: 'a@b.example', app: 'dashboard', returnTo: 'http://user:pw@localhost:3000/' },
        400,
        'INVALID_RETURN_TO',
      ],
    ]
    for (const [body, status, code] of cases) {
      const res = await fresh.post('/auth/start', body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code)
    }
    const malformed = await fresh.app.request('http://localhost:3000/auth/start', {
      method: 'POST',
      headers: { ...json, origin },
      body: '{"email":',
    })
    expect(malformed.status).toBe(400)
    expect((await fresh.post('/auth/verify', { email: 'a@b.example', code: 'abc' })).status).toBe(400)
    expect(await fresh.database.db.select().from(fresh.database.t.loginCodes)).toEqual([])
  })

  it('refuses a cross-site form POST (CSRF), and a cookie-authenticated change from another site', async () => {
    const res = await t.app.request('http://localhost:3000/auth/start', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: 'email=admin%40demo.glam&app=dashboard',
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED')
    const { cookie } = await t.login('admin@demo.glam')
    const logout = await t.app.request('http://localhost:3000/auth/logout', {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/plain', origin: 'https://evil.example' },
    })
    expect(logout.status).toBe(403)
    const createLink = await t.app.request('http://localhost:3000/api/links', {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'text/plain',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ destination: 'https://x.example/', customerId: demo.customerId }),
    })
    expect(createLink.status).toBe(403)
    expect((await t.app.request('/auth/me', { headers: { cookie } })).status).toBe(200)
  })

  it('rotates the session at login, lists sessions, revokes one, logs out everywhere at once', async () => {
    const a = await t.login('admin@demo.glam')
    const code = await t.codeFor('admin@demo.glam')
    const second = await t.app.request('http://localhost:3000/auth/verify', {
      method: 'POST',
      headers: { ...json, origin, cookie: a.cookie },
      body: JSON.stringify({ email: 'admin@demo.glam', code }),
    })
    const b = second.headers.get('set-cookie')!.split(';')[0]!
    expect(b).not.toBe(a.cookie)
    expect((await t.app.request('/auth/me', { headers: { cookie: a.cookie } })).status).toBe(401)
    const c = await t.login('admin@demo.glam')
    const list = (await (await t.app.request('/auth/sessions', { headers: { cookie: b } })).json()) as {
      items: { id: string; current: boolean }[]
    }
    expect(list.items.filter((s) => s.current)).toHaveLength(1)
    const other = list.items.find((s) => !s.current)!
    const del = await t.app.request(`http://localhost:3000/auth/sessions/${other.id}`, {
      method: 'DELETE',
      headers: { cookie: b, origin },
    })
    expect(del.status).toBe(204)
    const all = await t.app.request('http://localhost:3000/auth/logout-all', {
      method: 'POST',
      headers: { cookie: b, origin, ...json },
    })
    expect(all.status).toBe(200)
    for (const cookie of [b, c.cookie]) {
      expect((await t.app.request('/auth/me', { headers: { cookie } })).status).toBe(401)
    }
  })

  it('sends a signed-in person past the login page to returnTo, unless prompt=login', async () => {
    const fresh = await newApp()
    const { cookie } = await fresh.login('admin@demo.glam')
    const page = await fresh.app.request('/auth/login?app=dashboard&returnTo=%2Fauth%2Faccount%3Fx%3D1', {
      headers: { cookie },
    })
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/auth/account?x=1')
    const forced = await fresh.app.request('/auth/login?app=dashboard&prompt=login', { headers: { cookie } })
    expect(forced.status).toBe(200)
    const evil = await t.app.request('/auth/login?app=dashboard&returnTo=https%3A%2F%2Fevil.example%2F', {
      headers: { cookie },
    })
    expect(evil.status).toBe(400)
  })

  it('uses __Host- cookies with Secure in production', async () => {
    const { sessionCookie } = await import('@glam/auth')
    const prod = sessionCookie({ ...t.config, publicUrl: 'https://glam.example' })
    expect(prod.name).toBe('__Host-glam_session')
    expect(prod.options).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(prod.options.domain).toBeUndefined()
    const shared = sessionCookie({
      ...t.config,
      publicUrl: 'https://glam.example',
      cookieDomain: 'glam.example',
    })
    expect(shared.name).toBe('__Secure-glam_session')
    expect(shared.options).toMatchObject({ secure: true, domain: 'glam.example' })
  })

  it('signs people up on first login as the app says: open with a default role, or by domain', async () => {
    const fresh = await newApp()
    await fresh.repos.apps.upsert({
      id: 'reports',
      name: 'Reports',
      origins: ['https://reports.example'],
      roles: ['viewer'],
      signup: 'open',
      defaultRole: 'viewer',
    })
    await fresh.repos.apps.upsert({
      id: 'partners',
      name: 'Partners',
      origins: [],
      roles: ['viewer'],
      signup: 'domain',
      signupDomains: ['brand.example'],
      defaultRole: 'viewer',
    })
    const code = await fresh.codeFor('new.person@anywhere.example', 'reports')
    const res = await fresh.post('/auth/verify', { email: 'new.person@anywhere.example', code })
    expect(res.status).toBe(200)
    const user = (await fresh.repos.users.byEmail('new.person@anywhere.example'))!
    expect((await fresh.repos.users.grants(user.id)).map((g) => [g.app, g.role])).toEqual([
      ['reports', 'viewer'],
    ])
    // Domain policy: the listed domain signs up; another one gets no mail, and no code works.
    await fresh.codeFor('someone@brand.example', 'partners')
    const outside = await fresh.post('/auth/start', { email: 'someone@else.example', app: 'partners' })
    expect(outside.status).toBe(202)
    await (fresh.platform as unknown as { drain(ms: number): Promise<boolean> }).drain(5000)
    expect(fresh.outbox.list().some((m) => m.to === 'someone@else.example')).toBe(false)
    // Invite-only dashboard: a stranger gets no mail either.
    await fresh.post('/auth/start', { email: 'stranger@anywhere.example', app: 'dashboard' })
    await (fresh.platform as unknown as { drain(ms: number): Promise<boolean> }).drain(5000)
    expect(fresh.outbox.list().some((m) => m.to === 'stranger@anywhere.example')).toBe(false)
  })

  it('200 parallel starts for one address: only the configured number of codes is mailed', async () => {
    const fresh = await newApp({ GLAM_LOGIN_CODES_PER_HOUR: '5' })
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fresh.post(
          '/auth/start',
          { email: 'admin@demo.glam', app: 'dashboard' },
          { 'x-real-ip': `10.0.${i >> 8}.${i & 255}` },
        ),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 202)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(195)
    await (fresh.platform as unknown as { drain(ms: number): Promise<boolean> }).drain(5000)
    expect(fresh.outbox.list().length).toBe(5)
  })
})

describe('SSO tokens', () => {
  let t: Awaited<ReturnType<typeof newApp>>
  let cookie: string
  beforeAll(async () => {
    t = await newApp()
    ;({ cookie } = await t.login('client@demo.glam'))
  })
  const tokenFor = async (app = 'dashboard') => {
    const res = await t.app.request('http://localhost:3000/auth/token', {
      method: 'POST',
      headers: { ...json, cookie },
      body: JSON.stringify({ app }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { token: string }).token
  }

  it('issues an ES256 token with a kid that verifies against the JWKS with jose', async () => {
    const { createLocalJWKSet, jwtVerify, decodeProtectedHeader } = await import('jose')
    const token = await tokenFor()
    const jwks = (await (await t.app.request('/.well-known/jwks.json')).json()) as {
      keys: { kid: string; d?: string }[]
    }
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true)
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: jwks.keys[0]!.kid })
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks as never), {
      issuer: 'http://localhost:3000',
      audience: 'dashboard',
      currentDate: t.clock.now(),
    })
    expect(payload).toMatchObject({
      sub: demo.clientUserId,
      email: 'client@demo.glam',
      grants: [{ role: 'client', scope: { type: 'customer', id: demo.customerId } }],
    })
    const res = await t.app.request('/api/links', { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
  })

  it('refuses alg none, a foreign key, wrong audience or issuer, unknown kid and expired tokens', async () => {
    const good = await tokenFor()
    const jwks = (await (await t.app.request('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] }
    const kid = jwks.keys[0]!.kid
    const now = Math.floor(t.clock.now().getTime() / 1000)
    const claims = { email: 'client@demo.glam', app: 'dashboard', grants: [{ role: 'admin' }] }
    const { privateKey } = await generateKeyPair('ES256')
    const forged = (
      build: (j: SignJWT) => SignJWT,
      header: Record<string, unknown> = { alg: 'ES256', kid },
    ) =>
      build(
        new SignJWT(claims)
          .setProtectedHeader(header as never)
          .setSubject(demo.adminUserId)
          .setIssuedAt(now),
      ).sign(privateKey)
    const base = (j: SignJWT) =>
      j
        .setIssuer('http://localhost:3000')
        .setAudience('dashboard')
        .setExpirationTime(now + 600)
    const hmacKey = new TextEncoder().encode(
      JSON.stringify(await exportJWK((await generateKeyPair('ES256')).publicKey)),
    )
    const tokens: [string, string][] = [
      [
        'alg none',
        new UnsecuredJWT(claims)
          .setSubject(demo.adminUserId)
          .setIssuer('http://localhost:3000')
          .setAudience('dashboard')
          .setIssuedAt(now)
          .setExpirationTime(now + 600)
          .encode(),
      ],
      ['foreign key', await forged(base)],
      ['unknown kid', await forged(base, { alg: 'ES256', kid: 'nope' })],
      [
        'wrong audience',
        await forged((j) =>
          j
            .setIssuer('http://localhost:3000')
            .setAudience('other')
            .setExpirationTime(now + 600),
        ),
      ],
      [
        'wrong issuer',
        await forged((j) =>
          j
            .setIssuer('https://evil.example')
            .setAudience('dashboard')
            .setExpirationTime(now + 600),
        ),
      ],
      [
        'HS256 confusion',
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256', kid })
          .setSubject(demo.adminUserId)
          .setIssuer('http://localhost:3000')
          .setAudience('dashboard')
          .setIssuedAt(now)
          .setExpirationTime(now + 600)
          .sign(hmacKey),
      ],
      ['tampered', `${good.slice(0, good.lastIndexOf('.'))}.${'A'.repeat(86)}`],
    ]
    for (const [name, token] of tokens) {
      const res = await t.app.request('/api/links', { headers: { authorization: `Bearer ${token}` } })
      expect(res.status, name).toBe(401)
      expect(((await res.json()) as { error: { code: string } }).error.code, name).toBe('INVALID_TOKEN')
    }
    t.clock.advance((t.config.tokenTtlSeconds + 31) * 1000)
    const expired = await t.app.request('/api/links', { headers: { authorization: `Bearer ${good}` } })
    expect(expired.status).toBe(401)
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(/expired/)
  })

  it('rotation: a new kid signs, the old key stays published so its tokens still verify', async () => {
    const { rotateSigningKey } = await import('@glam/auth')
    const { decodeProtectedHeader } = await import('jose')
    const before = await tokenFor()
    const { kid, retired } = await rotateSigningKey(t.platform)
    expect(retired).toBe(1)
    const after = await tokenFor()
    expect(decodeProtectedHeader(after).kid).toBe(kid)
    expect(decodeProtectedHeader(before).kid).not.toBe(kid)
    const jwks = (await (await t.app.request('/.well-known/jwks.json')).json()) as { keys: { kid: string }[] }
    expect(jwks.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(before).kid)
    for (const token of [before, after]) {
      expect(
        (await t.app.request('/api/links', { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200)
    }
  })

  it('authorize redirects only to registered origins, with the token in the fragment', async () => {
    await t.repos.apps.upsert({
      id: 'dashboard',
      name: 'Glam dashboard',
      origins: ['https://partner-dashboard.example'],
      roles: ['admin', 'staff', 'client', 'influencer', 'viewer', 'editor'],
    })
    const ok = await t.app.request(
      `/auth/authorize?app=dashboard&returnTo=${encodeURIComponent('https://partner-dashboard.example/after')}`,
      { headers: { cookie } },
    )
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toMatch(/^https:\/\/partner-dashboard\.example\/after#glam_token=eyJ/)
    const evil = await t.app.request(
      `/auth/authorize?app=dashboard&returnTo=${encodeURIComponent('https://evil.example/cb')}`,
      { headers: { cookie } },
    )
    expect(evil.status).toBe(400)
    const anonymous = await t.app.request(
      `/auth/authorize?app=dashboard&returnTo=${encodeURIComponent('https://partner-dashboard.example/after')}`,
    )
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toMatch(
      /^\/auth\/login\?app=dashboard&returnTo=%2Fauth%2Fauthorize/,
    )
  })

  it('never sends a token to Glam itself under another name, even where an app registered it', async () => {
    // An origin stored before the rule: Glam on 127.0.0.1, where a shortlink would pass the fragment on.
    await t.repos.apps.upsert({
      id: 'legacy',
      name: 'Legacy',
      origins: [
        'http://127.0.0.1:3000',
        'http://[::1]:3000',
        'http://localhost:3000',
        'http://glam-alias.example',
      ],
      roles: ['viewer'],
    })
    const user = (await t.repos.users.byEmail('client@demo.glam'))!
    await t.repos.users.grant({ userId: user.id, app: 'legacy', role: 'viewer', scope: null })
    for (const returnTo of [
      'http://127.0.0.1:3000/summer-lena',
      'http://[::1]:3000/summer-lena',
      'http://localhost:3000/summer-lena',
    ]) {
      const res = await t.app.request(`/auth/authorize?app=legacy&returnTo=${encodeURIComponent(returnTo)}`, {
        headers: { cookie },
      })
      expect(res.status, returnTo).toBe(400)
      expect((await res.json()).error.code).toBe('INVALID_RETURN_TO')
    }
  })

  it("gives a page a token only for its own app, and authorize only to the app's origins", async () => {
    await t.repos.apps.upsert({
      id: 'reports',
      name: 'Reports',
      origins: ['https://reports.example'],
      roles: ['viewer'],
    })
    const fromReports = await t.app.request('http://localhost:3000/auth/token', {
      method: 'POST',
      headers: { ...json, cookie, origin: 'https://reports.example' },
      body: JSON.stringify({ app: 'dashboard' }),
    })
    expect(fromReports.status).toBe(403)
    const viaGlam = await t.app.request(
      `/auth/authorize?app=dashboard&returnTo=${encodeURIComponent('http://localhost:3000/auth/login?app=reports&returnTo=https://reports.example/')}`,
      { headers: { cookie } },
    )
    expect(viaGlam.status).toBe(400)
  })

  it('answers CORS for /auth/token only to registered origins', async () => {
    const pre = (o: string) =>
      t.app.request('/auth/token', {
        method: 'OPTIONS',
        headers: {
          origin: o,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
    expect((await pre('https://partner-dashboard.example')).headers.get('access-control-allow-origin')).toBe(
      'https://partner-dashboard.example',
    )
    // Glam under another name is not an app: no credentialed CORS for it.
    expect((await pre('http://127.0.0.1:3000')).headers.get('access-control-allow-origin')).toBeNull()
    expect((await pre('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('grants and tenant isolation on /api', () => {
  let t: Awaited<ReturnType<typeof newApp>>
  let otherLinkId: string
  let otherCustomerId: string
  beforeAll(async () => {
    t = await newApp()
    const other = await t.repos.customers.create({ name: 'Other Brand' })
    otherCustomerId = other.id
    const link = await t.repos.links.create({
      slug: 'other-brand',
      destination: 'https://other.example/',
      customerId: other.id,
    })
    otherLinkId = link.id
  })

  it('client@demo.glam reads only Demo Beauty through every /api route, by session and by token', async () => {
    const { cookie } = await t.login('client@demo.glam')
    const tokenRes = await t.app.request('http://localhost:3000/auth/token', {
      method: 'POST',
      headers: { ...json, cookie },
      body: JSON.stringify({ app: 'dashboard' }),
    })
    const token = ((await tokenRes.json()) as { token: string }).token
    for (const headers of [{ cookie }, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
      const list = (await (await t.app.request('/api/links', { headers })).json()) as {
        items: { customerId: string }[]
      }
      expect(list.items.length).toBeGreaterThan(0)
      expect(list.items.every((l) => l.customerId === demo.customerId)).toBe(true)
      // Another customer's id answers like one that does not exist.
      expect((await t.app.request(`/api/links?customer=${otherCustomerId}`, { headers })).status).toBe(404)
      expect((await t.app.request(`/api/links/${otherLinkId}`, { headers })).status).toBe(404)
      expect((await t.app.request(`/api/links/${otherLinkId}/qr.svg`, { headers })).status).toBe(404)
      expect((await t.app.request(`/api/links/${otherLinkId}/qr.png`, { headers })).status).toBe(404)
      expect((await t.app.request(`/api/stats/clicks?customer=${otherCustomerId}`, { headers })).status).toBe(
        404,
      )
      expect((await t.app.request('/api/jobs', { headers })).status).toBe(403)
      expect((await t.app.request('/api/users', { headers })).status).toBe(403)
      const write = await t.app.request('http://localhost:3000/api/links', {
        method: 'POST',
        headers: { ...headers, ...json, origin },
        body: JSON.stringify({ destination: 'https://x.example/', customerId: demo.customerId }),
      })
      expect(write.status).toBe(403)
    }
  })

  it('an influencer sees only their own links', async () => {
    const { cookie } = await t.login('lena@demo.glam')
    const list = (await (await t.app.request('/api/links', { headers: { cookie } })).json()) as {
      items: { influencerId: string }[]
    }
    expect(list.items.map((l) => l.influencerId)).toEqual([demo.lenaId])
    expect((await t.app.request(`/api/links/${demo.miaLinkId}`, { headers: { cookie } })).status).toBe(404)
  })

  it('admins grant and revoke, audited; the grant takes effect on the next request', async () => {
    const user = await t.repos.users.ensure({ email: 'new.client@demo.glam' })
    const { cookie } = await t.login('admin@demo.glam')
    const admin = { cookie, origin, ...json }
    const bad = await t.app.request(`http://localhost:3000/api/users/${user.id}/grants`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ app: 'dashboard', role: 'client' }),
    })
    expect(bad.status).toBe(400)
    const add = await t.app.request(`http://localhost:3000/api/users/${user.id}/grants`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        app: 'dashboard',
        role: 'client',
        scope: { type: 'customer', id: otherCustomerId },
      }),
    })
    expect(add.status).toBe(201)
    const clientSession = await t.login('new.client@demo.glam')
    const links = (await (
      await t.app.request('/api/links', { headers: { cookie: clientSession.cookie } })
    ).json()) as {
      items: { id: string }[]
    }
    expect(links.items.map((l) => l.id)).toEqual([otherLinkId])
    const revoke = await t.app.request(`http://localhost:3000/api/users/${user.id}/grants`, {
      method: 'DELETE',
      headers: admin,
      body: JSON.stringify({
        app: 'dashboard',
        role: 'client',
        scope: { type: 'customer', id: otherCustomerId },
      }),
    })
    expect(revoke.status).toBe(200)
    expect((await t.app.request('/api/links', { headers: { cookie: clientSession.cookie } })).status).toBe(
      403,
    )
    expect((await t.repos.audit.forTarget('user', user.id)).map((a) => a.action).sort()).toEqual([
      'grant.added',
      'grant.revoked',
    ])
    const byClient = await t.app.request(`http://localhost:3000/api/users/${user.id}/grants`, {
      method: 'POST',
      headers: { cookie: (await t.login('client@demo.glam')).cookie, origin, ...json },
      body: JSON.stringify({ app: 'dashboard', role: 'admin' }),
    })
    expect(byClient.status).toBe(403)
  })
})
