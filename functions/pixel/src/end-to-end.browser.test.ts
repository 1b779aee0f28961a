// The whole journey in headless Chromium: a shortlink on Glam, the demo shop, a purchase, the
// real pixel posting to Glam's /collect, the order in SQL and in the conversion stats.
import { demo } from '@glam/db'
import { repositoriesOf } from '@glam/db/repositories/index'
import { type RunningDemoShop, startDemoShop } from '@glam/demo-shop'
import { startNodeServer } from '@glam/platform/node'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { testConfig } from '@glam/testing/platform'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe.runIf(hasChromium())('shortlink → demo shop → pixel → attributed order', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let shop: RunningDemoShop
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let glam: string

  beforeAll(async () => {
    server = await startNodeServer(
      testConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', GLAM_SCHEDULER: 'false' }),
    )
    glam = `http://127.0.0.1:${server.port}`
    shop = await startDemoShop({ port: 0, glamUrl: glam, publicKey: demo.shopPublicKey })
    // The demo records point at 127.0.0.1:3001; this run's shop listens elsewhere.
    const repos = repositoriesOf(server.platform)
    await repos.shops.update(demo.shopId, { origins: [shop.url] })
    for (const id of [demo.lenaLinkId, demo.miaLinkId])
      await repos.links.update(id, { destination: `${shop.url}/` })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await shop?.close()
    await server?.shutdown('test')
  })

  const buyTwo = async (page: Page, coupon?: string) => {
    await page.getByRole('button', { name: 'Add Glow Serum 30 ml to cart' }).click()
    await page.waitForURL(`${shop.url}/cart`)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shop' }).click()
    await page.getByRole('button', { name: 'Add Rose Lip Oil to cart' }).click()
    await page.waitForURL(`${shop.url}/cart`)
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await page.getByLabel('E-mail').fill('ann@example.com')
    await page.getByLabel('Name').fill('Ann')
    if (coupon) await page.locator('#coupon').fill(coupon)
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/order\/DS-[0-9A-Z]{10}$/)
    return (await page.locator('#order-id').textContent())!
  }
  const ordersFor = async (orderRef: string) =>
    (await repositoriesOf(server.platform).orders.byRef(demo.shopId, orderRef)) ?? null

  it('attributes the purchase to lena, once across reloads, then a later click on mia wins', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const collected: string[] = []
    context.on('request', (r) => r.url().startsWith(`${glam}/collect`) && collected.push(r.method()))

    await page.goto(`${glam}/summer-lena`)
    expect(page.url()).toMatch(new RegExp(`^${shop.url}/\\?glam_cid=[A-Za-z0-9_-]{54}#$`))
    const first = await buyTwo(page)
    await expect.poll(() => ordersFor(first), { timeout: 10_000 }).not.toBeNull()
    await page.reload()
    await page.reload()
    await expect.poll(() => collected.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3)
    const order = (await ordersFor(first))!
    expect(order).toMatchObject({
      influencerId: demo.lenaId,
      campaignId: demo.campaignId,
      linkId: demo.lenaLinkId,
      attributionModel: 'last_click',
      source: 'browser',
    })
    const repos = repositoriesOf(server.platform)
    expect(await repos.orders.lines([order.id])).toHaveLength(2)
    const all = await repos.orders.campaignPage(demo.campaignId, null, 100)
    expect(all.filter((o) => o.orderRef === first)).toHaveLength(1)

    await page.goto(`${glam}/summer-mia`)
    // With a coupon: the discount is declared, so the total still matches its lines.
    const second = await buyTwo(page, 'MIA10')
    await expect
      .poll(async () => (await ordersFor(second))?.influencerId, { timeout: 10_000 })
      .toBe(demo.miaId)
    expect(errors).toEqual([])

    const stats = async () => {
      const res = await fetch(
        `${glam}/api/stats/conversions?campaign=${demo.campaignId}&group_by=influencer`,
        {
          headers: { authorization: 'Bearer glam_dev_admin' },
        },
      )
      return (await res.json()) as { totals: { orders: number }; groups: { key: string; orders: number }[] }
    }
    await expect.poll(async () => (await stats()).totals.orders, { timeout: 10_000, interval: 250 }).toBe(2)
    expect((await stats()).groups.map((g) => [g.key, g.orders]).sort()).toEqual(
      [
        [demo.lenaId, 1],
        [demo.miaId, 1],
      ].sort(),
    )
    await context.close()
  })
})
