// GraphiQL at /graphql in headless Chromium, logged in through the real login page: admin reads
// Summer Glow (and Nordlicht's Winter Care), client@demo.glam reads Demo Beauty only, anonymous is refused campaigns. GraphiQL's
// assets come from Glam itself. A page of another origin on the same site (another port of the
// same host, which gets the admin's cookie) cannot make the admin's browser run a mutation.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startNodeServer } from '@glam/platform/node'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { logInThroughPage } from '@glam/testing/login'
import { testConfig } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const query = `{ campaigns(first: 10) { edges { node { name customer { name } influencers { influencer { handle } links { slug } stats { clicks orders revenue { currency grossMinor } } } } } } }`

describe.runIf(hasChromium())('GraphiQL with a login session', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let base: string
  /** Another origin on the same site: 127.0.0.1 on another port, serving an empty page. */
  let sameSite: Server
  let sameSiteBase: string
  beforeAll(async () => {
    sameSite = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'),
    )
    await new Promise<void>((r) => sameSite.listen(0, '127.0.0.1', r))
    sameSiteBase = `http://127.0.0.1:${(sameSite.address() as AddressInfo).port}`
    server = await startNodeServer(
      testConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', GLAM_SCHEDULER: 'false' }),
    )
    base = `http://127.0.0.1:${server.port}`
    browser = await launchChromium()
    const { repositoriesOf } = await import('@glam/db/repositories/index')
    const other = await repositoriesOf(server.platform).customers.create({ name: 'Other Brand' })
    await repositoriesOf(server.platform).campaigns.create({ customerId: other.id, name: 'Other Campaign' })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.shutdown('test')
    await new Promise((r) => sameSite?.close(r))
  })

  const runInPage = (page: import('playwright-core').Page) =>
    page.evaluate(async (q) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: q }),
      })
      return res.json()
    }, query) as Promise<{
      data?: {
        campaigns: { edges: { node: { name: string; customer: { name: string }; influencers: unknown[] } }[] }
      }
      errors?: { extensions: { code: string } }[]
    }>

  for (const [email, expected] of [
    ['admin@demo.glam', ['Other Campaign', 'Summer Glow', 'Winter Care']],
    ['client@demo.glam', ['Summer Glow']],
  ] as const) {
    it(`${email} queries campaigns from GraphiQL`, async () => {
      const context = await browser.newContext()
      const page = await context.newPage()
      const foreign: string[] = []
      // Same-origin blobs (GraphiQL's editor workers) and data: URLs are Glam's own too.
      const own = (url: string) => url.startsWith('data:') || url.replace(/^blob:/, '').startsWith(base)
      page.on('request', (r) => {
        if (!own(r.url())) foreign.push(r.url())
      })
      await logInThroughPage(page, base, email)
      await page.goto(`${base}/graphql`)
      await page.waitForSelector('.graphiql-container', { timeout: 20_000 })
      const result = await runInPage(page)
      expect(result.errors).toBeUndefined()
      const names = result.data!.campaigns.edges.map((e) => e.node.name).sort()
      expect(names).toEqual([...expected])
      const summer = result.data!.campaigns.edges.find((e) => e.node.name === 'Summer Glow')!.node
      expect(summer.customer.name).toBe('Demo Beauty')
      expect(summer.influencers).toHaveLength(2)
      expect(foreign).toEqual([])
      await context.close()
    }, 60_000)
  }

  it('anonymously, campaigns are refused', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${base}/healthz`)
    const result = await runInPage(page)
    expect(result.errors![0]!.extensions.code).toBe('UNAUTHORIZED')
    await context.close()
  })

  it("a same-site page of another origin cannot run a mutation with the admin's cookie", async () => {
    const { repositoriesOf } = await import('@glam/db/repositories/index')
    const names = async () =>
      (await repositoriesOf(server.platform).customers.list({ limit: 100 })).items.map((c) => c.name)
    const context = await browser.newContext()
    const page = await context.newPage()
    await logInThroughPage(page, base, 'admin@demo.glam', '/graphql')
    const mutation = (name: string) =>
      `mutation { createCustomer(input: { name: "${name}" }) { __typename } }`
    await page.goto(`${sameSiteBase}/`)
    const attempts = await page.evaluate(
      async ({ glam, form, json }) => {
        const outcome = async (init: RequestInit) => {
          try {
            const res = await fetch(`${glam}/graphql`, { method: 'POST', credentials: 'include', ...init })
            return `answered ${res.type} ${res.status}`
          } catch (err) {
            return `failed ${(err as Error).name}`
          }
        }
        return {
          // A simple request (no preflight): the browser sends it with the cookie, Glam refuses it.
          form: await outcome({
            mode: 'no-cors',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ query: form }).toString(),
          }),
          // JSON needs a preflight, which no CORS origin of Glam's answers for this page.
          json: await outcome({
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: json }),
          }),
        }
      },
      { glam: base, form: mutation('Same Site Form'), json: mutation('Same Site Json') },
    )
    expect(attempts.json).toBe('failed TypeError')
    expect(await names()).not.toContain('Same Site Form')
    expect(await names()).not.toContain('Same Site Json')
    // From Glam's own page the same session runs it.
    await page.goto(`${base}/graphql`)
    const own = await page.evaluate(async (query) => {
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      })
      return { status: res.status, body: await res.json() }
    }, mutation('Own Page'))
    expect(own).toEqual({
      status: 200,
      body: { data: { createCustomer: { __typename: 'MutationCreateCustomerSuccess' } } },
    })
    expect(await names()).toContain('Own Page')
    await context.close()
  }, 60_000)
})
