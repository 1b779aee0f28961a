// The shortlink redirect on every runtime, on the demo data (`summer-lena`, `summer-mia`).
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const browser =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Instagram 300.0'
const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }

export const redirectSuite = defineHttpSuite({
  name: 'redirect',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'GET /summer-lena answers 302 to the demo shop with a click id, uncached',
      async run(t) {
        const res = await t.fetch('/summer-lena', { redirect: 'manual', headers: { 'user-agent': browser } })
        expect(res.status).toBe(302)
        const location = new URL(res.headers.get('location')!)
        expect(location.origin).toBe('http://127.0.0.1:3001')
        expect(location.searchParams.get('glam_cid')).toMatch(/^[A-Za-z0-9_-]{54}$/)
        expect(res.headers.get('cache-control')).toBe('private, no-store')
      },
    },
    {
      name: 'every click gets its own id; the short URL query is forwarded',
      async run(t) {
        const a = await t.fetch('/summer-mia?utm_source=ig&glam_cid=forged', { redirect: 'manual' })
        const b = await t.fetch('/summer-mia', { redirect: 'manual' })
        const la = new URL(a.headers.get('location')!)
        expect(la.searchParams.get('utm_source')).toBe('ig')
        expect(la.searchParams.get('glam_cid')).not.toBe('forged')
        expect(la.searchParams.get('glam_cid')).not.toBe(
          new URL(b.headers.get('location')!).searchParams.get('glam_cid'),
        )
      },
    },
    {
      name: 'link-preview fetchers still get the redirect',
      async run(t) {
        for (const ua of [
          'WhatsApp/2.23.20.0',
          'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
        ]) {
          const res = await t.fetch('/summer-lena', { redirect: 'manual', headers: { 'user-agent': ua } })
          expect(res.status).toBe(302)
        }
      },
    },
    {
      name: 'an unknown slug answers 404: JSON for API clients, a page with a way on for browsers',
      async run(t) {
        const json = await t.fetch('/no-such-link')
        expect(json.status).toBe(404)
        expect(await json.json()).toMatchObject({ error: { code: 'NOT_FOUND' } })
        expect(json.headers.get('x-content-type-options')).toBe('nosniff')
        const page = await t.fetch('/no-such-link', { headers: { accept: 'text/html' } })
        expect(page.status).toBe(404)
        expect(await page.text()).toContain('Link not found')
        expect(page.headers.get('x-content-type-options')).toBe('nosniff')
        expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
        expect(page.headers.get('x-frame-options')).toBe('DENY')
      },
    },
    {
      name: 'every Location is a normalised href ending in a fragment: its own, else an empty one',
      async run(t) {
        const plain = await t.fetch('/summer-lena', { redirect: 'manual' })
        expect(plain.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:3001\/\?glam_cid=[\w-]{54}#$/)
        const stamp = `${t.runtime}-${Date.now().toString(36)}`
        const create = async (slug: string, fields: Record<string, unknown>) => {
          const res = await t.fetch('/api/links', {
            method: 'POST',
            headers: admin,
            body: JSON.stringify({ slug, customerId: '00000000-0000-7000-8000-000000000001', ...fields }),
          })
          expect(res.status).toBe(201)
        }
        await create(`idn-${stamp}`, { destination: 'https://раураl.com/€' })
        await create(`frag-${stamp}`, { destination: 'https://shop.example/p#reviews' })
        await create(`fb-${stamp}`, {
          destination: 'https://shop.example/',
          expiresAt: '2020-01-01T00:00:00Z',
          fallbackUrl: ' HTTPS://example.com\\€',
        })
        const location = async (slug: string) =>
          (await t.fetch(`/${slug}`, { redirect: 'manual' })).headers.get('location')
        expect(await location(`idn-${stamp}`)).toMatch(
          /^https:\/\/xn--l-7sba6dbr\.com\/%E2%82%AC\?glam_cid=[\w-]{54}#$/,
        )
        expect(await location(`frag-${stamp}`)).toMatch(
          /^https:\/\/shop\.example\/p\?glam_cid=[\w-]{54}#reviews$/,
        )
        expect(await location(`fb-${stamp}`)).toBe('https://example.com/%E2%82%AC#')
      },
    },
    {
      name: 'a changed link is served at once, and a paused one is refused',
      async run(t) {
        const slug = `conf-${t.runtime}-${Date.now().toString(36)}`
        const created = await t.fetch('/api/links', {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({
            slug,
            destination: 'https://shop.example/a',
            customerId: '00000000-0000-7000-8000-000000000001',
          }),
        })
        expect(created.status).toBe(201)
        const { link } = (await created.json()) as { link: { id: string } }
        const first = await t.fetch(`/${slug}`, { redirect: 'manual' })
        expect(first.headers.get('location')).toMatch(/^https:\/\/shop\.example\/a\?glam_cid=/)
        const patched = await t.fetch(`/api/links/${link.id}`, {
          method: 'PATCH',
          headers: admin,
          body: JSON.stringify({ destination: 'https://shop.example/b' }),
        })
        expect(patched.status).toBe(200)
        const second = await t.fetch(`/${slug}`, { redirect: 'manual' })
        expect(second.headers.get('location')).toMatch(/^https:\/\/shop\.example\/b\?glam_cid=/)
        await t.fetch(`/api/links/${link.id}`, {
          method: 'PATCH',
          headers: admin,
          body: JSON.stringify({ status: 'paused' }),
        })
        expect((await t.fetch(`/${slug}`, { redirect: 'manual' })).status).toBe(404)
      },
    },
  ],
})
