// A real browser against the real Node server: the developer landing page (/about) and the HTML error page.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { seedDemoAssets } from '@glam/assets/demo'
import { startNodeServer } from '@glam/platform/node'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { testConfig } from '@glam/testing/platform'
import { repoRoot } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe.runIf(hasChromium())('in headless Chromium', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let browser: Awaited<ReturnType<typeof launchChromium>>
  beforeAll(async () => {
    server = await startNodeServer(testConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }))
    // As `npm start` does (test mode seeds no assets): the landing page then has its hero.
    await seedDemoAssets(server.platform)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.shutdown('test')
  })

  it('shows the landing page with its campaign hero, the runtime and every port, without console errors', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('pageerror', (e) => problems.push(e.message))
    const res = await page.goto(`http://127.0.0.1:${server.port}/about`)
    expect(res?.status()).toBe(200)
    expect(await page.title()).toBe('Glam')
    expect(await page.locator('#runtime').textContent()).toContain('node')
    const ports = await page
      .locator('#ports tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-port')))
    expect(ports).toEqual(['database', 'events', 'cache', 'blobs', 'mailer', 'rateLimiter', 'images', 'ocr'])
    const hero = page.locator('#campaign-image')
    expect(await hero.getAttribute('alt')).toBe('Summer Glow Campaign')
    // The browser picks a variant from the srcset for its 44rem column: the 1600 px hero here
    // (naturalWidth is in CSS pixels: 1600 px drawn into 704).
    await expect
      .poll(() => hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(704)
    expect(await hero.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(
      /\/i\/[0-9a-f]{64}\?p=hero$/,
    )
    mkdirSync(join(repoRoot, 'dist/screenshots'), { recursive: true })
    await page.screenshot({ path: join(repoRoot, 'dist/screenshots/home.png') })
    expect(problems).toEqual([])
  })

  it('shows a readable 404 page when a browser asks for a missing address', async () => {
    const page = await browser.newPage()
    const res = await page.goto(`http://127.0.0.1:${server.port}/no/such/page`)
    expect(res?.status()).toBe(404)
    expect(await page.title()).toContain('404')
    expect(await page.locator('h1').textContent()).toContain('Nothing lives at GET /no/such/page')
  })

  it('browses the API reference at /api/docs with every asset from Glam itself', async () => {
    const page = await browser.newPage()
    const origins = new Set<string>()
    page.on('request', (r) => origins.add(new URL(r.url()).origin))
    const res = await page.goto(`http://127.0.0.1:${server.port}/api/docs`)
    expect(res?.status()).toBe(200)
    expect(await page.title()).toBe('Glam API reference')
    await page.click('a[href="#post-/api/links"]')
    expect(await page.locator('section[id="post-/api/links"] h2').textContent()).toContain('/api/links')
    expect([...origins]).toEqual([`http://127.0.0.1:${server.port}`])
    await page.screenshot({ path: join(repoRoot, 'dist/screenshots/api-docs.png'), fullPage: false })
  })
})
