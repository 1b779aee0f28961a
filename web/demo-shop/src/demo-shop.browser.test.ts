// A shopper in headless Chromium: lands from a shortlink, buys, and the real pixel reports the
// order to a stand-in for Glam. Also the whole purchase with JavaScript switched off, and the
// product photos loaded from a real Glam with the demo assets.
import type { AddressInfo } from 'node:net'
import { seedDemoAssets } from '@glam/assets/demo'
import {
  type RecordingCollector,
  startRecordingCollector,
} from '@glam/pixel/snippet/recording-collector.fixture'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { serve } from '@hono/node-server'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type RunningDemoShop, startDemoShop } from './index.ts'

const publicKey = 'pk_demo_shop_public_key_01'

describe.runIf(hasChromium())('the demo shop in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let glam: RecordingCollector
  let shop: RunningDemoShop

  beforeAll(async () => {
    glam = await startRecordingCollector()
    shop = await startDemoShop({ port: 0, glamUrl: glam.url, publicKey })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await shop?.close()
    await glam?.close()
  })
  beforeEach(() => {
    glam.collected.length = 0
  })

  const buy = async (page: Page) => {
    await page.getByRole('button', { name: 'Add Glow Serum 30 ml to cart' }).click()
    await page.waitForURL(`${shop.url}/cart`)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shop' }).click()
    await page.getByRole('link', { name: 'Rose Lip Oil' }).click()
    await page.getByLabel('Quantity').fill('2')
    await page.getByRole('button', { name: 'Add Rose Lip Oil to cart' }).click()
    await page.waitForURL(`${shop.url}/cart`)
    expect(await page.locator('#total').textContent()).toBe('€71.90')
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await page.getByLabel('E-mail').fill('ann@example.com')
    await page.getByLabel('Name').fill('Ann')
    await page.getByLabel('Coupon (optional)').fill('lena10')
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/order\/DS-[0-9A-Z]{10}$/)
    return (await page.locator('#order-id').textContent())!
  }

  it('attributes a purchase to the click id it landed with, on every reload', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${shop.url}/?glam_cid=click_demo_0001&utm_source=instagram`)
    await expect
      .poll(async () => (await context.cookies()).find((c) => c.name === '_glam_cid')?.value)
      .toMatch(/^click_demo_0001\.\d{13}$/)

    const orderId = await buy(page)
    expect(await page.locator('h1').textContent()).toBe('Thank you, Ann!')
    await expect.poll(() => glam.collected.length).toBe(1)
    expect(glam.collected[0]).toMatchObject({ transport: 'post', origin: shop.url })
    expect(glam.collected[0]!.payload).toEqual({
      v: 1,
      key: publicKey,
      orderId,
      total: 64.71,
      currency: 'EUR',
      items: [
        { sku: 'GLOW-SERUM-30', name: 'Glow Serum 30 ml', price: 34.9, quantity: 1 },
        { sku: 'LIP-OIL-ROSE', name: 'Rose Lip Oil', price: 18.5, quantity: 2 },
      ],
      coupon: 'LENA10',
      discount: 7.19,
      clickId: 'click_demo_0001',
      clickAt: expect.any(Number),
      consent: true,
      url: `${shop.url}/order/${orderId}`,
    })

    await page.reload()
    await expect.poll(() => glam.collected.length).toBe(2)
    expect(glam.collected[1]!.payload).toEqual(glam.collected[0]!.payload)
    expect(errors).toEqual([])
    await context.close()
  })

  it('sells with JavaScript switched off (the pixel then stays silent)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${shop.url}/?glam_cid=click_demo_0002`)
    const orderId = await buy(page)
    expect(await page.locator('#total').textContent()).toBe('€64.71')
    expect(orderId).toMatch(/^DS-/)
    expect(await page.locator('#cart-link').textContent()).toBe('Cart (0)')
    await page.waitForTimeout(200)
    expect(glam.collected).toEqual([])
    await context.close()
  })
})

describe.runIf(hasChromium())('the product photos in headless Chromium', () => {
  it('loads every photo from Glam, on the list and on the product page', async () => {
    const glam = await createTestAppWithDatabase()
    await seedDemoAssets(glam.platform)
    const server = serve({ fetch: glam.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    const glamUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const shop = await startDemoShop({ port: 0, glamUrl, publicKey })
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      // Each photo is a variant the browser picked from the srcset for its slot, in its format.
      const loaded = () =>
        page
          .locator('img.photo')
          .evaluateAll((imgs: HTMLImageElement[]) => imgs.map((img) => img.complete && img.naturalWidth > 0))
      const picked = () =>
        page.locator('img.photo').evaluateAll((imgs: HTMLImageElement[]) => imgs.map((img) => img.currentSrc))
      const variant = new RegExp(`^${glamUrl}/i/[0-9a-f]{64}\\?p=(thumb|card|hero)$`)
      await page.goto(`${shop.url}/`)
      // Each variant is computed on its first request (AVIF: about half a second of CPU each, more
      // on a loaded CI machine): poll for as long as that takes, not expect.poll's default second.
      await expect.poll(loaded, { timeout: 20_000 }).toEqual([true, true, true, true])
      for (const src of await picked()) expect(src).toMatch(variant)
      await page.goto(`${shop.url}/products/CLAY-MASK-75`)
      await expect.poll(loaded, { timeout: 20_000 }).toEqual([true])
      expect((await picked())[0]).toMatch(variant)
    } finally {
      await browser.close()
      await shop.close()
      server.close()
      await glam.platform.close?.()
    }
  })
})
