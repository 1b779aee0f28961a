// A real browser through the login: the form, the code from the outbox, returnTo, sessions, logout.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { startNodeServer } from '@glam/platform/node'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { mailedLoginCode } from '@glam/testing/mailbox'
import { testConfig } from '@glam/testing/platform'
import { repoRoot } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe.runIf(hasChromium())('login in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let base: string
  beforeAll(async () => {
    server = await startNodeServer(testConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }))
    base = `http://127.0.0.1:${server.port}`
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.shutdown('test')
  })

  for (const javaScriptEnabled of [true, false]) {
    it(`admin@demo.glam logs in, lands on returnTo, sees the session, logs out (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled })
      const page = await context.newPage()
      const problems: string[] = []
      page.on('pageerror', (e) => problems.push(e.message))
      const after = new Date(Date.now() - 1000).toISOString()
      await page.goto(
        `${base}/auth/login?app=dashboard&returnTo=${encodeURIComponent('/auth/account?welcome=1')}`,
      )
      expect(await page.locator('h1').textContent()).toBe('Log in to Glam')
      await page.getByLabel('E-mail address').fill('admin@demo.glam')
      await page.getByRole('button', { name: 'Send me a code' }).click()
      await page.waitForSelector('#verify-form')
      expect(await page.locator('#code-sent').textContent()).toContain('admin@demo.glam')
      await page.getByLabel('Code from the e-mail').fill('000000')
      await page.getByRole('button', { name: 'Log in' }).click()
      expect(await page.locator('[role=alert]').textContent()).toContain('wrong or no longer valid')
      await page
        .getByLabel('Code from the e-mail')
        .fill(await mailedLoginCode((path) => fetch(`${base}${path}`), 'admin@demo.glam', after))
      await page.getByRole('button', { name: 'Log in' }).click()
      await page.waitForURL(`${base}/auth/account?welcome=1`)
      expect(await page.locator('#account-email').textContent()).toBe('admin@demo.glam')
      expect(await page.locator('#sessions tbody tr[data-current="true"]').count()).toBe(1)
      const cookies = await context.cookies()
      expect(cookies.find((c) => c.name === 'glam_session')).toMatchObject({
        httpOnly: true,
        sameSite: 'Lax',
      })
      mkdirSync(join(repoRoot, 'dist/screenshots'), { recursive: true })
      await page.screenshot({
        path: join(repoRoot, `dist/screenshots/account-js-${javaScriptEnabled ? 'on' : 'off'}.png`),
      })
      await page.getByRole('button', { name: 'Log out', exact: true }).click()
      await page.waitForURL(/\/auth\/login/)
      const me = await page.request.get(`${base}/auth/me`)
      expect(me.status()).toBe(401)
      expect(problems).toEqual([])
      await context.close()
    })
  }

  it('German login page', async () => {
    const context = await browser.newContext({ locale: 'de-DE' })
    const page = await context.newPage()
    await page.goto(`${base}/auth/login?app=dashboard`)
    expect(await page.locator('html').getAttribute('lang')).toBe('de')
    expect(await page.getByLabel('E-Mail-Adresse').count()).toBe(1)
    await context.close()
  })
})
