// The dashboard app in headless Chromium against the whole Glam with real ClickHouse and 30
// days of demo traffic: staff, two clients and an influencer log in through the real login page
// and mailbox; each sees what the role allows (never another customer's names, in the page or
// in any response), filters change the chart and the table, the CSV matches the table, live
// mode refreshes, and axe finds no serious or critical violations.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateDemoTraffic } from '@glam/platform/node/demo-traffic'
import { seriousAxeViolations } from '@glam/testing/axe'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { type ClickHouseApp, startClickHouseApp } from '@glam/testing/clickhouse-app'
import { logInThroughPage } from '@glam/testing/login'
import { serve } from '@hono/node-server'
import { parse } from 'csv-parse/sync'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const screens = join(appDir, '..', '..', '.tmp', 'dashboard-screens')

describe.runIf(hasChromium())(
  'the dashboard app in headless Chromium',
  () => {
    let browser: Awaited<ReturnType<typeof launchChromium>>
    let ch: ClickHouseApp
    let server: ReturnType<typeof serve>
    let base: string
    const contexts: BrowserContext[] = []

    beforeAll(async () => {
      if (!existsSync(join(appDir, 'dist/app/index.html')))
        execFileSync('npx', ['vite', 'build'], { cwd: appDir, stdio: 'inherit' })
      mkdirSync(screens, { recursive: true })
      ch = await startClickHouseApp('dashboard')
      await generateDemoTraffic(ch.t.platform, { days: 30, now: ch.t.platform.clock.now() })
      await ch.t.platform.events.flush()
      await new Promise<void>((resolve) => {
        server = serve({ fetch: ch.t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve())
      })
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      browser = await launchChromium()
    }, 180_000)
    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => {})
      await browser?.close()
      await new Promise((resolve) => server?.close(resolve))
      await ch?.stop()
    })

    /** A signed-in page that keeps every response body it received. */
    async function signedIn(email: string, returnTo = '/app/', colorScheme: 'light' | 'dark' = 'light') {
      const context = await browser.newContext({
        colorScheme,
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      })
      contexts.push(context)
      const page = await context.newPage()
      const bodies: string[] = []
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('response', async (res) => {
        const type = res.headers()['content-type'] ?? ''
        if (/json|text|csv|svg|javascript/.test(type)) bodies.push(await res.text().catch(() => ''))
      })
      // The app's clock is frozen; the mailbox is read from the real "now" on.
      ;(ch.t.platform.clock as unknown as { set(iso: string): void }).set(new Date().toISOString())
      await logInThroughPage(page, base, email, returnTo)
      return { page, bodies, errors }
    }

    const table = (page: Page) => page.locator('table.data').first()
    const rowHeaders = async (page: Page) =>
      (await table(page).locator('tbody th').allTextContents()).map((s) => s.trim())
    const chartPoints = async (page: Page, name = 'overview') => {
      const chart = page.locator(`[data-chart="${name}"]`)
      await expect.poll(() => chart.getAttribute('data-points'), { timeout: 15_000 }).toMatch(/^\d+$/)
      return Number(await chart.getAttribute('data-points'))
    }
    const axe = seriousAxeViolations
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: join(screens, `${name}.png`), fullPage: true })
    const openCampaign = async (page: Page, name: string) => {
      await table(page).getByRole('link', { name }).click()
      await page.getByRole('heading', { level: 1, name }).waitFor({ state: 'visible' })
    }

    it('redirects a visitor without a session to the login page', async () => {
      const res = await fetch(`${base}/app/orders?kind=refunded`, { redirect: 'manual' })
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe(
        `/auth/login?app=dashboard&returnTo=${encodeURIComponent('/app/orders?kind=refunded')}`,
      )
    })

    it('shows staff every customer, the customer switcher and internal columns', async () => {
      const { page, errors } = await signedIn('admin@demo.glam')
      await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor({ state: 'visible' })
      await expect
        .poll(() => rowHeaders(page))
        .toEqual(expect.arrayContaining(['Summer Glow', 'Winter Care']))
      await page.getByLabel('Customer').waitFor({ state: 'visible' })
      await table(page).getByRole('columnheader', { name: 'Bot share' }).waitFor({ state: 'visible' })
      expect(await axe(page)).toEqual([])
      await shot(page, 'campaigns-admin')

      await page.getByLabel('Customer').selectOption({ label: 'Nordlicht Kosmetik' })
      await expect.poll(() => rowHeaders(page)).toEqual(['Winter Care'])
      expect(page.url()).toContain('customer=')

      await openCampaign(page, 'Winter Care')
      const thirty = await chartPoints(page)
      expect(thirty).toBeGreaterThan(20)
      expect(await axe(page)).toEqual([])
      await shot(page, 'overview-admin')

      // A date preset changes the chart and its table.
      await page.getByLabel('Period').selectOption({ label: 'Last 7 days' })
      await expect.poll(() => chartPoints(page), { timeout: 15_000 }).toBeLessThanOrEqual(8)
      await expect
        .poll(() => page.locator('.chart details tbody tr').count())
        .toBe(Number(await page.locator('[data-chart="overview"]').getAttribute('data-points')))
      expect(page.url()).toContain('preset=7d')
      await page.reload()
      await expect.poll(() => chartPoints(page), { timeout: 15_000 }).toBeLessThanOrEqual(8)
      expect(errors).toEqual([])
    })

    it('shows a client its own customer only, in the page and in every response', async () => {
      const { page, bodies, errors } = await signedIn('client@demo.glam')
      await expect.poll(() => rowHeaders(page)).toEqual(['Summer Glow'])
      expect(await page.getByLabel('Customer').count()).toBe(0)
      expect(await table(page).getByRole('columnheader', { name: 'Bot share' }).count()).toBe(0)
      await shot(page, 'campaigns-client')

      await openCampaign(page, 'Summer Glow')
      const before = await chartPoints(page)
      expect(before).toBeGreaterThan(20)
      const clicksBefore = await page.locator('.card').first().locator('.value').textContent()
      // An influencer filter changes the chart's figures and the totals.
      // The influencers come with their own response, which may land after the chart's.
      await expect
        .poll(() => page.getByLabel('Influencer').locator('option').count(), { timeout: 15_000 })
        .toBeGreaterThan(1)
      await page.getByLabel('Influencer').selectOption({ index: 1 })
      // The report behind the cards may take seconds on a loaded machine (poll's default is 1 s).
      await expect
        .poll(() => page.locator('.card').first().locator('.value').textContent(), { timeout: 15_000 })
        .not.toBe(clicksBefore)
      await chartPoints(page)
      await shot(page, 'overview-client')

      await page
        .getByRole('navigation', { name: 'Campaign' })
        .getByRole('link', { name: 'Influencers' })
        .click()
      await page.getByRole('heading', { level: 1, name: 'Influencers' }).waitFor({ state: 'visible' })
      await expect.poll(async () => (await rowHeaders(page)).length).toBeGreaterThan(0)
      expect(await axe(page)).toEqual([])
      await shot(page, 'influencers-client')

      // The CSV of the table, as filtered on screen, has the same rows.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download CSV' }).click(),
      ])
      const csv = parse(readFileSync((await download.path())!, 'utf8'), { columns: true }) as Record<
        string,
        string
      >[]
      const onScreen = await table(page)
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim() ?? '')))
      expect(csv.map((r) => `@${r.handle}`)).toEqual(onScreen.map((r) => r[0]))
      expect(csv.map((r) => Number(r.clicks))).toEqual(
        onScreen.map((r) => Number((r[2] ?? '').replace(/\D/g, ''))),
      )

      // The text filter is the server's: the table and its CSV narrow alike.
      await page.getByLabel('Filter by text').fill('mia')
      await expect.poll(async () => (await rowHeaders(page)).join(',')).toBe('@mia')
      expect(page.url()).toMatch(/[?&]q=mia/)
      const [narrowed] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download CSV' }).click(),
      ])
      const mia = parse(readFileSync((await narrowed.path())!, 'utf8'), { columns: true }) as Record<
        string,
        string
      >[]
      expect(mia.map((r) => r.handle)).toEqual(['mia'])
      await page.getByLabel('Filter by text').fill('')

      await page.getByRole('navigation', { name: 'Campaign' }).getByRole('link', { name: 'Links' }).click()
      await expect.poll(async () => (await rowHeaders(page)).length).toBeGreaterThan(0)
      await shot(page, 'links-client')
      await table(page).locator('tbody th a').first().click()
      await page.getByRole('heading', { level: 1, name: /^Link / }).waitFor({ state: 'visible' })
      await chartPoints(page, 'link')
      await page.getByRole('img', { name: /^QR code for / }).waitFor({ state: 'visible' })
      await shot(page, 'link-client')

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click()
      await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor({ state: 'visible' })
      await expect.poll(async () => (await rowHeaders(page)).length).toBeGreaterThan(0)
      expect(await axe(page)).toEqual([])
      await shot(page, 'orders-client')

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click()
      await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor({ state: 'visible' })
      await shot(page, 'api-keys-client')

      const html = await page.content()
      for (const other of ['Nordlicht Kosmetik', 'Winter Care']) {
        expect(html).not.toContain(other)
        expect(bodies.filter((b) => b.includes(other))).toEqual([])
      }
      expect(errors).toEqual([])
    })

    it('shows the other client its campaign and never Summer Glow', async () => {
      const { page, bodies } = await signedIn('client2@demo.glam', '/app/', 'dark')
      await expect.poll(() => rowHeaders(page)).toEqual(['Winter Care'])
      await openCampaign(page, 'Winter Care')
      await chartPoints(page)
      expect(await axe(page)).toEqual([])
      await shot(page, 'overview-client2-dark')
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click()
      await expect.poll(async () => (await rowHeaders(page)).length).toBeGreaterThan(0)
      expect(await page.content()).not.toContain('Summer Glow')
      expect(bodies.filter((b) => b.includes('Summer Glow'))).toEqual([])
    })

    it('shows an influencer her campaigns without settings or internal columns', async () => {
      const { page } = await signedIn('lena@demo.glam')
      await expect.poll(async () => (await rowHeaders(page)).length).toBeGreaterThan(0)
      const nav = page.getByRole('navigation', { name: 'Main' })
      expect(await nav.getByRole('link', { name: 'API keys' }).count()).toBe(0)
      expect(await page.getByLabel('Customer').count()).toBe(0)
      expect(await table(page).getByRole('columnheader', { name: 'Bot share' }).count()).toBe(0)
      await shot(page, 'campaigns-influencer')
      await table(page).locator('tbody th a').first().click()
      await chartPoints(page)
      expect(await page.getByLabel('Influencer').count()).toBe(0)
    })

    it('lets a client make an API key (its secret shown once) and revoke it, share a report that opens without a login, and read it in German', async () => {
      const { page, errors } = await signedIn('client@demo.glam', '/app/settings/api-keys')
      await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor({ state: 'visible' })
      await page.getByLabel('Name', { exact: true }).fill('BI export')
      await page.getByRole('button', { name: 'Create key' }).click()
      const secret = page.getByLabel(/^Secret/)
      await secret.waitFor({ state: 'visible' })
      const key = await secret.inputValue()
      expect(key).toMatch(/^glam_[A-Za-z0-9]{40}$/)
      // The key reads the client's reports, and only theirs.
      const read = await fetch(`${base}/api/reports/campaigns`, {
        headers: { authorization: `Bearer ${key}` },
      })
      expect(read.status).toBe(200)
      const answer = await read.text()
      expect(answer).toContain('Summer Glow')
      expect(answer).not.toContain('Winter Care')
      // Shown once: after a reload the table lists the key, never its secret.
      await page.reload()
      await expect.poll(() => rowHeaders(page)).toContain('BI export')
      expect(await page.getByLabel(/^Secret/).count()).toBe(0)
      expect(await page.content()).not.toContain(key)
      page.once('dialog', (d) => d.accept())
      await page.getByRole('button', { name: 'Revoke BI export' }).click()
      await expect
        .poll(() => table(page).locator('tbody tr', { hasText: 'BI export' }).textContent())
        .toMatch(/Revoked/)
      expect(
        (await fetch(`${base}/api/reports/campaigns`, { headers: { authorization: `Bearer ${key}` } }))
          .status,
      ).toBe(401)

      // A share link of the overview opens without a login, read only.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click()
      await openCampaign(page, 'Summer Glow')
      await page.getByText('Share this report').click()
      await page.getByRole('button', { name: 'Create share link' }).click()
      const shared = page.getByLabel('Share link', { exact: true })
      await shared.waitFor({ state: 'visible' })
      const url = new URL(await shared.inputValue(), base)
      expect(url.pathname).toMatch(/^\/r\/[\w-]+$/)
      const stranger = await browser.newContext()
      contexts.push(stranger)
      const visitor = await stranger.newPage()
      const opened = await visitor.goto(`${base}${url.pathname}`)
      expect(opened?.status()).toBe(200)
      expect(await visitor.content()).toContain('Summer Glow')

      // German, kept across a reload.
      await page.getByLabel('Language').selectOption('de')
      await page
        .getByRole('navigation', { name: 'Hauptnavigation' })
        .getByRole('link', { name: 'Kampagnen' })
        .click()
      await page.getByRole('heading', { level: 1, name: 'Kampagnen' }).waitFor({ state: 'visible' })
      await page.reload()
      await page.getByRole('heading', { level: 1, name: 'Kampagnen' }).waitFor({ state: 'visible' })
      expect(await page.locator('html').getAttribute('lang')).toBe('de')
      expect(await axe(page)).toEqual([])
      await shot(page, 'campaigns-client-de')
      expect(errors).toEqual([])
    })

    it('works from the keyboard: the skip link to the content, then a sortable header', async () => {
      const { page } = await signedIn('client@demo.glam')
      await expect.poll(() => rowHeaders(page)).toEqual(['Summer Glow'])
      const focused = () =>
        page.evaluate('document.activeElement?.textContent?.trim() ?? ""') as Promise<string>
      await page.keyboard.press('Tab')
      expect(await focused()).toBe('Skip to content')
      await page.keyboard.press('Enter')
      expect(await page.evaluate('document.activeElement?.id')).toBe('main')
      let found = false
      for (let i = 0; i < 40 && !found; i++) {
        await page.keyboard.press('Tab')
        found = (await focused()).startsWith('Visitors')
      }
      expect(found).toBe(true)
      await page.keyboard.press('Enter')
      await expect.poll(() => page.url()).toMatch(/[?&]sort=visitors/)
      expect(
        await table(page)
          .getByRole('columnheader', { name: /Visitors/ })
          .getAttribute('aria-sort'),
      ).toBe('descending')
      await page.keyboard.press('Enter')
      await expect.poll(() => page.url()).toMatch(/[?&]order=asc/)
    })

    it('pages orders by cursor, and draws the overview by hour', async () => {
      const { page, errors } = await signedIn('admin@demo.glam', '/app/orders')
      await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor({ state: 'visible' })
      await expect.poll(async () => (await rowHeaders(page)).length).toBe(50)
      const first = await rowHeaders(page)
      await page.getByRole('button', { name: 'Next page' }).click()
      await expect.poll(() => page.url()).toMatch(/[?&]cursor=/)
      await expect.poll(async () => (await rowHeaders(page))[0]).not.toBe(first[0])
      const second = await rowHeaders(page)
      expect(second.filter((id) => first.includes(id))).toEqual([])
      await page.getByRole('button', { name: 'First page' }).click()
      await expect.poll(() => rowHeaders(page)).toEqual(first)

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click()
      await openCampaign(page, 'Summer Glow')
      await page.getByLabel('Period').selectOption('7d')
      await page.getByLabel('Interval').selectOption('hour')
      await expect.poll(() => page.url()).toMatch(/[?&]bucket=hour/)
      // Seven days of hours, every one drawn (quiet hours at zero).
      await expect
        .poll(async () => Number(await page.locator('[data-chart="overview"]').getAttribute('data-points')))
        .toBeGreaterThanOrEqual(7 * 24 - 1)
      expect(errors).toEqual([])
    })

    it('refreshes the view every 10 s in live mode', async () => {
      const { page } = await signedIn('client@demo.glam')
      await expect.poll(() => rowHeaders(page)).toEqual(['Summer Glow'])
      let requests = 0
      page.on('request', (r) => {
        if (r.url().endsWith('/graphql')) requests++
      })
      await page.getByLabel('Live (every 10 s)').check()
      await expect.poll(() => requests, { timeout: 15_000, interval: 500 }).toBeGreaterThan(0)
    }, 30_000)
  },
  240_000,
)
