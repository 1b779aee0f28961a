// HTTP suite of the login function, run on Node, workerd and Deno by the conformance harness.
import { mailedLoginCode } from '@glam/testing/mailbox'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { expect } from 'vitest'

const json = { 'content-type': 'application/json' }

export const authSuite = defineHttpSuite({
  name: 'auth',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'GET /auth/login is a form page in English or German',
      async run(t) {
        const en = await t.fetch('/auth/login?app=dashboard')
        expect(en.status).toBe(200)
        expect(en.headers.get('cache-control')).toBe('no-store')
        const page = await en.text()
        expect(page).toContain('<form method="post" action="/auth/start"')
        expect(page).toContain('<label for="email">')
        const de = await t.fetch('/auth/login?app=dashboard', {
          headers: { 'accept-language': 'de-DE,de;q=0.9' },
        })
        expect(await de.text()).toContain('lang="de"')
      },
    },
    {
      name: 'code by mail, session cookie, token verified offline against the JWKS, logout',
      async run(t) {
        const after = new Date(Date.now() - 1000).toISOString()
        const start = await t.fetch('/auth/start', {
          method: 'POST',
          headers: { ...json, origin: t.url },
          body: JSON.stringify({ email: 'admin@demo.glam', app: 'dashboard' }),
        })
        expect(start.status).toBe(202)
        const code = await mailedLoginCode((path) => t.fetch(path), 'admin@demo.glam', after)
        const verify = await t.fetch('/auth/verify', {
          method: 'POST',
          headers: { ...json, origin: t.url },
          body: JSON.stringify({ email: 'admin@demo.glam', code }),
        })
        expect(verify.status).toBe(200)
        const cookie = verify.headers.get('set-cookie')!.split(';')[0]!
        expect(cookie).toMatch(/^glam_session=/)
        const me = await t.fetch('/auth/me', { headers: { cookie } })
        expect(((await me.json()) as { user: { email: string } }).user.email).toBe('admin@demo.glam')
        const issued = await t.fetch('/auth/token', {
          method: 'POST',
          headers: { ...json, cookie },
          body: JSON.stringify({ app: 'dashboard' }),
        })
        expect(issued.status).toBe(200)
        const { token } = (await issued.json()) as { token: string }
        const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', t.url))
        const { payload } = await jwtVerify(token, jwks, { audience: 'dashboard', algorithms: ['ES256'] })
        expect(payload).toMatchObject({ email: 'admin@demo.glam', grants: [{ role: 'admin' }] })
        const links = await t.fetch('/api/links', { headers: { authorization: `Bearer ${token}` } })
        expect(links.status).toBe(200)
        const out = await t.fetch('/auth/logout', {
          method: 'POST',
          headers: { ...json, cookie, origin: t.url },
        })
        expect(out.status).toBe(200)
        expect((await t.fetch('/auth/me', { headers: { cookie } })).status).toBe(401)
      },
    },
    {
      name: 'a wrong code is refused with INVALID_CODE; a cross-site form post with CSRF_REJECTED',
      async run(t) {
        const bad = await t.fetch('/auth/verify', {
          method: 'POST',
          headers: { ...json, origin: t.url },
          body: JSON.stringify({ email: 'nobody@demo.glam', code: '000000' }),
        })
        expect(bad.status).toBe(400)
        expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_CODE')
        const csrf = await t.fetch('/auth/start', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
          body: 'email=admin%40demo.glam&app=dashboard',
        })
        expect(csrf.status).toBe(403)
      },
    },
    {
      name: "/api/apps: admins register apps with normalised origins; Glam's own origins are refused",
      async run(t) {
        const admin = { ...json, authorization: 'Bearer glam_dev_admin' }
        const dashboard = await t.fetch('/api/apps/dashboard', { headers: admin })
        expect(dashboard.status).toBe(200)
        expect(await dashboard.json()).toMatchObject({ id: 'dashboard', origins: [] })
        const id = `conformance-${Date.now().toString(36)}`
        const created = await t.fetch('/api/apps', {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ id, name: 'Conformance', origins: ['HTTPS://Partner.Example:443/'] }),
        })
        expect(created.status).toBe(201)
        expect(await created.json()).toMatchObject({ id, origins: ['https://partner.example'] })
        const own = await t.fetch('/api/apps', {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ id: `${id}-own`, name: 'Own', origins: [new URL(t.url).origin] }),
        })
        expect(own.status).toBe(400)
        expect(((await own.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED')
        expect((await t.fetch('/api/apps')).status).toBe(401)
      },
    },
  ],
})
