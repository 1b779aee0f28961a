// Cross-site and same-site forgery in a real Chromium: a page on another origin (a foreign host,
// and another port of Glam's own host, which is the same site and so receives the Lax session
// cookie) tries GraphQL mutations and REST changes with the admin's cookie; and a login token
// must never reach a shortlink's destination through an inherited fragment.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startNodeServer } from '@glam/platform/node'
import { chromiumFlags, chromiumPath, hasChromium } from '@glam/testing/browser'
import { mailedLoginCode } from '@glam/testing/mailbox'
import { testConfig } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }

/** A page server for the attacker (and the shop a shortlink leads to): records what it saw. */
async function startSite() {
  const seen: string[] = []
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/seen')) {
      seen.push(decodeURIComponent(req.url.slice('/seen?'.length)))
      res.end('ok')
      return
    }
    res.setHeader('content-type', 'text/html')
    // The landing page reports its fragment back, as a script of the destination could.
    res.end(
      '<!doctype html><title>site</title><script>fetch("/seen?" + encodeURIComponent(location.hash || "(none)"))</script>',
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, seen, close: () => server.close() }
}

describe.runIf(hasChromium())('CSRF and token leaks in headless Chromium', () => {
  let glam: Awaited<ReturnType<typeof startNodeServer>>
  let site: Awaited<ReturnType<typeof startSite>>
  let browser: import('playwright-core').Browser
  let base: string
  let cookie: { name: string; value: string }

  const customers = async () =>
    (
      (await (
        await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ query: '{ customers(first: 100) { edges { node { name } } } }' }),
        })
      ).json()) as { data: { customers: { edges: { node: { name: string } }[] } } }
    ).data.customers.edges.map((e) => e.node.name)

  beforeAll(async () => {
    glam = await startNodeServer(testConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }))
    base = `http://127.0.0.1:${glam.port}`
    site = await startSite()
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        ...chromiumFlags.filter((f) => f !== '--headless'),
        // evil.example is a foreign site served from this machine.
        '--host-resolver-rules=MAP evil.example 127.0.0.1',
      ],
    })
    // The admin's session, obtained as the login page would.
    const after = new Date(Date.now() - 1000).toISOString()
    const json = { 'content-type': 'application/json', origin: base }
    await fetch(`${base}/auth/start`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'admin@demo.glam', app: 'dashboard' }),
    })
    const code = await mailedLoginCode((p) => fetch(`${base}${p}`), 'admin@demo.glam', after)
    const verified = await fetch(`${base}/auth/verify`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'admin@demo.glam', code }),
    })
    const [pair] = verified.headers.get('set-cookie')!.split(';')
    const [name, value] = pair!.split('=') as [string, string]
    cookie = { name, value }
  })
  afterAll(async () => {
    await browser?.close()
    site?.close()
    await glam?.shutdown('test')
  })

  const contextWithSession = async () => {
    const context = await browser.newContext()
    await context.addCookies([
      {
        name: cookie.name,
        value: cookie.value,
        domain: '127.0.0.1',
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
      },
    ])
    return context
  }

  /** From a page on `origin`, every way a script or a form can send a change to Glam. */
  const attack = async (origin: string, tag: string) => {
    const context = await contextWithSession()
    const page = await context.newPage()
    await page.goto(`${origin}/`)
    const mutation = (name: string) =>
      JSON.stringify({ query: `mutation { createCustomer(input: { name: "${name}" }) { __typename } }` })
    const outcomes = await page.evaluate(
      async ({ glamBase, bodies }) => {
        const results: string[] = []
        const tries: [string, RequestInit][] = [
          // Simple requests: no preflight, the same-site cookie rides along.
          [
            'graphql text/plain',
            {
              method: 'POST',
              mode: 'no-cors',
              credentials: 'include',
              headers: { 'content-type': 'text/plain' },
              body: bodies[0],
            },
          ],
          [
            'graphql form',
            {
              method: 'POST',
              mode: 'no-cors',
              credentials: 'include',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: `query=${encodeURIComponent(JSON.parse(bodies[1]!).query)}`,
            },
          ],
          // Preflighted: the preflight must not let the origin through.
          [
            'graphql json',
            {
              method: 'POST',
              mode: 'cors',
              credentials: 'include',
              headers: { 'content-type': 'application/json' },
              body: bodies[2],
            },
          ],
          [
            'links json',
            {
              method: 'POST',
              mode: 'cors',
              credentials: 'include',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                destination: 'https://evil.example/',
                customerId: '00000000-0000-7000-8000-000000000001',
              }),
            },
          ],
          [
            'links text/plain',
            {
              method: 'POST',
              mode: 'no-cors',
              credentials: 'include',
              headers: { 'content-type': 'text/plain' },
              body: JSON.stringify({
                destination: 'https://evil.example/',
                customerId: '00000000-0000-7000-8000-000000000001',
              }),
            },
          ],
        ]
        for (const [name, init] of tries) {
          const url = name.startsWith('links') ? `${glamBase}/api/links` : `${glamBase}/graphql`
          try {
            const res = await fetch(url, init)
            results.push(`${name}: ${res.type} ${res.status}`)
          } catch (e) {
            results.push(`${name}: blocked ${(e as Error).message}`)
          }
        }
        return results
      },
      {
        glamBase: base,
        bodies: [mutation(`${tag}-plain`), mutation(`${tag}-form`), mutation(`${tag}-json`)],
      },
    )
    // A classic auto-submitted form as well.
    await page.setContent(
      `<form method="post" action="${base}/graphql" enctype="text/plain"><input name='{"query":"mutation { createCustomer(input: { name: \\"${tag}-htmlform\\" }) { __typename } }","x":"' value='"}'></form>`,
    )
    await Promise.all([
      page.waitForEvent('load').catch(() => {}),
      page.locator('form').evaluate((f: HTMLFormElement) => f.submit()),
    ])
    await context.close()
    return outcomes
  }

  it('a page on a foreign site changes nothing with the admin cookie', async () => {
    const before = await customers()
    const outcomes = await attack(`http://evil.example:${site.port}`, 'foreign')
    expect(outcomes.join('\n')).not.toMatch(/cors 200/)
    const after = await customers()
    expect(after.filter((n) => n.startsWith('foreign'))).toEqual([])
    expect(after.length).toBe(before.length)
  })

  it('a page on another port of the same host (same site: the Lax cookie is sent) changes nothing', async () => {
    const before = await customers()
    const outcomes = await attack(`http://127.0.0.1:${site.port}`, 'samesite')
    expect(outcomes.join('\n')).not.toMatch(/cors 200/)
    const after = await customers()
    expect(after.filter((n) => n.startsWith('samesite'))).toEqual([])
    expect(after.length).toBe(before.length)
  })

  it("Glam's own page makes the same change with the same cookie (the test is not vacuous)", async () => {
    const context = await contextWithSession()
    const page = await context.newPage()
    await page.goto(`${base}/healthz`)
    const status = await page.evaluate(async () => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { createCustomer(input: { name: "own-page" }) { __typename } }',
        }),
      })
      return res.status
    })
    expect(status).toBe(200)
    expect(await customers()).toContain('own-page')
    await context.close()
  })

  it('no login token reaches a destination: authorize refuses Glam itself, and a shortlink drops inherited fragments', async () => {
    const created = await fetch(`${base}/api/links`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug: 'csrf-leak-test',
        destination: `http://127.0.0.1:${site.port}/landing`,
        customerId: '00000000-0000-7000-8000-000000000001',
      }),
    })
    expect(created.status).toBe(201)
    const context = await contextWithSession()
    const page = await context.newPage()
    // 1. The finding: authorize to Glam's own shortlink under its 127.0.0.1 name.
    const refused = await page.goto(
      `${base}/auth/authorize?app=dashboard&returnTo=${encodeURIComponent(`${base}/csrf-leak-test`)}`,
    )
    expect(refused?.status()).toBe(400)
    // 2. Whatever fragment a browser carries into a shortlink, the destination does not get it.
    site.seen.length = 0
    await page.goto(`${base}/csrf-leak-test#glam_token=secret-token`)
    await page.waitForURL(new RegExp(`127\\.0\\.0\\.1:${site.port}/landing`))
    for (let i = 0; i < 50 && site.seen.length === 0; i++) await new Promise((r) => setTimeout(r, 50))
    expect(site.seen).toEqual(['(none)'])
    expect(page.url()).not.toContain('secret-token')
    await context.close()
  })
})
