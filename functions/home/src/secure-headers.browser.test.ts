// Glam's pages under their Content-Security-Policy in a real Chromium: nothing is blocked (no
// "Content Security Policy" console errors), the pages render and their forms work, including
// the login's form that ends in a redirect to a registered app's origin.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { seedDemoAssets } from '@glam/assets/demo'
import { startNodeServer } from '@glam/platform/node'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { logInThroughPage } from '@glam/testing/login'
import { mailedLoginCode } from '@glam/testing/mailbox'
import { testConfig } from '@glam/testing/platform'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe.runIf(hasChromium())('pages under their CSP in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let base: string
  let app: Server
  let appOrigin: string
  beforeAll(async () => {
    server = await startNodeServer(
      testConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', GLAM_SCHEDULER: 'false' }),
    )
    base = `http://127.0.0.1:${server.port}`
    // The landing page with its campaign hero, as under `npm start`: images from Glam itself.
    await seedDemoAssets(server.platform)
    // Another app that signs people in through Glam, on its own origin.
    app = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end('<!doctype html><title>Reports</title><p>back in the app</p>')
    })
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.2', resolve))
    appOrigin = `http://127.0.0.2:${(app.address() as AddressInfo).port}`
    const { repositoriesOf } = await import('@glam/db/repositories/index')
    const repos = repositoriesOf(server.platform)
    await repos.apps.upsert({ id: 'reports', name: 'Reports', origins: [appOrigin], roles: ['viewer'] })
    const user = (await repos.users.byEmail('admin@demo.glam'))!
    await repos.users.grant({ userId: user.id, app: 'reports', role: 'viewer' })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    app?.closeAllConnections()
    await new Promise((resolve) => app?.close(resolve))
    await server?.shutdown('test')
  })

  /** A page in a fresh context that keeps every CSP violation and page error. */
  const watchedPage = async () => {
    const page = await (await browser.newContext()).newPage()
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
    })
    page.on('pageerror', (e) => violations.push(e.message))
    return { page, violations }
  }
  const visit = async (page: Page, path: string) => {
    const res = await page.goto(`${base}${path}`, { waitUntil: 'networkidle' })
    expect(res?.headers()['content-security-policy'], path).toBeTruthy()
    return res
  }

  it('renders the landing page, the login pages and the account page with nothing blocked', async () => {
    const { page, violations } = await watchedPage()
    expect((await visit(page, '/about'))?.status()).toBe(200)
    expect(await page.locator('#ports tbody tr').count()).toBeGreaterThan(0)
    // A variant from the srcset (1600 px drawn into the 704 px column), the placeholder behind it.
    expect(await page.locator('#campaign-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(
      704,
    )
    // The portal's home and search (their JSON-LD is data, not script: nothing is blocked).
    expect((await visit(page, '/'))?.status()).toBe(200)
    expect((await visit(page, '/suche?q=serum'))?.status()).toBe(200)
    await visit(page, '/auth/login?app=dashboard&lang=de')
    expect(await page.locator('#start-form').count()).toBe(1)
    // The whole login: email form, code form, the redirect to the account page.
    await logInThroughPage(page, base, 'admin@demo.glam')
    expect(await page.locator('table').count()).toBeGreaterThan(0)
    await visit(page, '/no/such/page')
    expect(await page.locator('h1').textContent()).toContain('Nothing lives at')
    await visit(page, '/api/docs')
    expect(await page.title()).toBe('Glam API reference')
    expect(violations).toEqual([])
  })

  it('runs GraphiQL under its own policy, editor workers included', async () => {
    const { page, violations } = await watchedPage()
    await logInThroughPage(page, base, 'admin@demo.glam')
    await visit(page, '/graphql')
    await page.waitForSelector('.graphiql-container')
    await page.waitForTimeout(500)
    expect(violations).toEqual([])
  })

  it("logs in to another app through the forms and lands on the app's origin (form-action follows the redirect)", async () => {
    const { page, violations } = await watchedPage()
    const returnTo = `${appOrigin}/back`
    const after = new Date(Date.now() - 1000).toISOString()
    await page.goto(`${base}/auth/login?app=reports&returnTo=${encodeURIComponent(returnTo)}`)
    await page.getByLabel('E-mail address').fill('admin@demo.glam')
    await page.getByRole('button', { name: 'Send me a code' }).click()
    await page.waitForSelector('#verify-form')
    const code = await mailedLoginCode((path) => fetch(`${base}${path}`), 'admin@demo.glam', after)
    await page.getByLabel('Code from the e-mail').fill(code)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(returnTo, { timeout: 10_000 }).catch((err: unknown) => {
      throw new Error(`${err}; still at ${page.url()}; violations: ${violations.join(' | ')}`)
    })
    expect(await page.title()).toBe('Reports')
    expect(violations).toEqual([])
  })
})
