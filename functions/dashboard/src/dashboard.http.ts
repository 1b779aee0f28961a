// HTTP suite of the dashboard function, run on Node, workerd (Workers static assets, the worker
// first) and Deno by the conformance harness: the login redirect, the built page, its hashed
// files with a year's caching and 304s, and a clear 404 for files the build does not have.
import { expectError } from '@glam/testing/expect-error'
import { loginBearer } from '@glam/testing/login-token'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

export const dashboardSuite = defineHttpSuite({
  name: 'dashboard',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'a visitor goes to the login; a signed-in caller gets the page and its content-hashed files',
      async run(t) {
        const anonymous = await t.fetch('/app/campaigns?preset=7d', { redirect: 'manual' })
        expect(anonymous.status).toBe(302)
        expect(anonymous.headers.get('location')).toBe(
          `/auth/login?app=dashboard&returnTo=${encodeURIComponent('/app/campaigns?preset=7d')}`,
        )
        const bare = await t.fetch('/app', { redirect: 'manual' })
        expect(bare.status).toBe(308)
        expect(bare.headers.get('location')).toBe('/app/')

        const page = await t.fetch('/app/', { headers: await loginBearer(t, 'client@demo.glam') })
        expect(page.status).toBe(200)
        expect(page.headers.get('content-type')).toMatch(/^text\/html/)
        expect(page.headers.get('cache-control')).toBe('no-store')
        expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
        const html = await page.text()
        const scripts = [...html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]!)
        expect(scripts.length).toBeGreaterThan(0)
        const script = scripts.find((s) => s.endsWith('.js'))!
        const file = await t.fetch(script)
        expect(file.status).toBe(200)
        expect(file.headers.get('content-type')).toMatch(/^(text|application)\/javascript/)
        expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
        expect((await file.text()).length).toBeGreaterThan(1000)
        const etag = file.headers.get('etag')!
        expect(etag).toBeTruthy()
        const again = await t.fetch(script, { headers: { 'if-none-match': etag } })
        expect(again.status).toBe(304)
        await again.arrayBuffer()

        await expectError(await t.fetch('/app/assets/no-such-file-1a2b3c.js'), 404, 'NOT_FOUND')
        await expectError(await t.fetch('/app/.vite/manifest.json'), 404, 'NOT_FOUND')
      },
    },
  ],
})
