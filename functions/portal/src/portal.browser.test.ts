// The portal in a real Chromium against the real Node server: the typeahead over the search box,
// a search with a typo and a facet, the zero-results help, a product page's buy button through
// its tracked shortlink to the shop (glam_cid, the link's channel portal), the pages and the
// alert form with JavaScript off, and axe-core finding no serious violations.
import { demo } from '@glam/db/demo'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { OutboxMailer } from '@glam/mail'
import { startNodeServer } from '@glam/platform/node'
import { seriousAxeViolations } from '@glam/testing/axe'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { testConfig } from '@glam/testing/platform'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const feed = `id,title,description,link,image_link,price,sale_price,availability,brand,google_product_category
L1,Lippenstift Matt Kirschrot,Samtig matt,https://shop.example/L1,https://shop.example/L1.jpg,15.00 EUR,,in stock,Crème de Lune,3021
L2,Lippenstift Matt Nude,Samtig matt,https://shop.example/L2,https://shop.example/L2.jpg,15.00 EUR,,in stock,Crème de Lune,3021
L3,Lippenstift Glanz Rot,Glänzend,https://shop.example/L3,https://shop.example/L3.jpg,12.00 EUR,,in stock,Nordlicht,3021
S1,Glow Serum 30 ml,Vitamin C,https://shop.example/S1,https://shop.example/S1.jpg,34.90 EUR,29.90 EUR,in stock,Lumière,567
`

describe.runIf(hasChromium())('the portal in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let base: string
  /** A context whose requests to the shops' host are answered here (no internet), recorded. */
  const context = async (options: { javaScriptEnabled?: boolean } = {}) => {
    const ctx: BrowserContext = await browser.newContext(options)
    await ctx.route('https://shop.example/**', (route) =>
      route.request().resourceType() === 'image'
        ? route.fulfill({ status: 404 })
        : route.fulfill({
            status: 200,
            contentType: 'text/html',
            body: '<!doctype html><title>Shop</title><h1>Shop</h1>',
          }),
    )
    return ctx
  }

  beforeAll(async () => {
    server = await startNodeServer(
      testConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', GLAM_SCHEDULER: 'false' }),
    )
    base = `http://127.0.0.1:${server.port}`
    const created = await fetch(`${base}/api/feeds`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ shopId: demo.shopId, name: 'Browser feed' }),
    })
    const { id } = (await created.json()) as { id: string }
    const run = await fetch(`${base}/api/feeds/${id}/import`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/csv' },
      body: feed,
    })
    expect(((await run.json()) as { outcome: string }).outcome).toBe('IMPORTED')
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.shutdown('test')
  })

  it('suggests as one types; arrows and Enter open the product', async () => {
    const page = await (await context()).newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/`)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.locator('#q').pressSequentially('lippenst', { delay: 30 })
    const options = page.locator('#typeahead [role="option"]')
    await expect.poll(() => options.count()).toBeGreaterThan(0)
    expect(await page.locator('#q').getAttribute('aria-expanded')).toBe('true')
    expect(await options.first().textContent()).toMatch(/Lippenstift/)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/p\/lippenstift-/)
    expect(await page.locator('h1').textContent()).toMatch(/^Lippenstift/)
    expect(errors).toEqual([])
  })

  it('searches with a typo, narrows by a facet, and helps when nothing is found', async () => {
    const page = await (await context()).newPage()
    await page.goto(`${base}/suche?q=lipenstift`)
    expect(await page.locator('.card .title').allTextContents()).toHaveLength(3)
    await page.locator('.facets').getByRole('link', { name: 'Crème de Lune' }).click()
    await page.waitForURL(/brand=/)
    expect((await page.locator('.card .title').allTextContents()).sort()).toEqual([
      'Lippenstift Matt Kirschrot',
      'Lippenstift Matt Nude',
    ])
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.goto(`${base}/suche?q=xyzzyqqq`)
    expect(await page.locator('.zero h2').textContent()).toContain('Keine Treffer')
  })

  it('buys through the portal shortlink: the shop gets glam_cid, the link has channel portal', async () => {
    const page = await (await context()).newPage()
    await page.goto(`${base}/suche?q=glow+serum`)
    await page.locator('.card a').first().click()
    await page.waitForURL(/\/p\/glow-serum/)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.getByRole('link', { name: 'Im Shop kaufen' }).click()
    await page.waitForURL(/^https:\/\/shop\.example\/S1/)
    expect(new URL(page.url()).searchParams.get('glam_cid')).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    const links = await repositoriesOf(server.platform).links.list({ limit: 50 })
    const portal = links.items.filter((l) => l.channel === 'portal')
    expect(portal.map((l) => l.slug)).toEqual([expect.stringMatching(/^pp-/)])
  })

  it('works with JavaScript off: the search form, the facets and the product page', async () => {
    const page = await (await context({ javaScriptEnabled: false })).newPage()
    await page.goto(`${base}/en`)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await page.locator('#q').fill('serum')
    await page.locator('#q').press('Enter')
    await page.waitForURL(/\/en\/search\?q=serum/)
    expect(await page.locator('.card .title').allTextContents()).toEqual(['Glow Serum 30 ml'])
    await page.locator('.card a').first().click()
    await page.waitForURL(/\/en\/p\/glow-serum/)
    expect(await page.getByRole('link', { name: 'Buy at the shop' }).count()).toBe(1)
    // The alert form posts as it is, and answers with a page.
    await page.getByLabel('When the price is at most:').check()
    await page.getByLabel('Target price').fill('25.50')
    await page.getByLabel(/^E-mail/).fill('browser@example.com')
    await page.getByRole('button', { name: 'Set alert' }).click()
    await page.waitForURL(/\/w\/alerts$/)
    expect(await page.locator('h1').textContent()).toBe('Please confirm your address')
    await server.platform.drain(10_000)
    const mails = (server.platform.mailer as OutboxMailer)
      .list()
      .filter((m) => m.to === 'browser@example.com')
    expect(mails).toHaveLength(1)
    expect(mails[0]!.tags).toContain('alert-confirmation')
  })
})
