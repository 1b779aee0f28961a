// In a real browser: a fragment that brought the visitor to a shortlink (such as the
// `#glam_token=…` a login redirect delivers) must not follow the 302 on to the destination,
// which RFC 9110 §10.2.2 would have it do for a Location without a fragment of its own.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { demo } from '@glam/db/demo'
import { repositoriesOf } from '@glam/db/repositories/index'
import { startNodeServer } from '@glam/platform/node'
import { hasChromium, launchChromium } from '@glam/testing/browser'
import { testConfig } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

describe.runIf(hasChromium())('fragments across a shortlink redirect, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let shop: Server
  let shopUrl: string
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let glam: string

  beforeAll(async () => {
    server = await startNodeServer(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        GLAM_SCHEDULER: 'false',
        GLAM_EVENTS: 'memory',
      }),
    )
    glam = `http://127.0.0.1:${server.port}`
    // A shop page that would read location.hash.
    shop = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end('<!doctype html><title>Shop</title><h1>Shop</h1>')
    })
    await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r))
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`
    const links = repositoriesOf(server.platform).links
    await links.create({ slug: 'frag-plain', destination: `${shopUrl}/landing`, customerId: demo.customerId })
    await links.create({ slug: 'frag-own', destination: `${shopUrl}/p#reviews`, customerId: demo.customerId })
    await links.create({
      slug: 'frag-fallback',
      destination: `${shopUrl}/never`,
      expiresAt: new Date('2020-01-01T00:00:00Z'),
      fallbackUrl: `${shopUrl}/sale`,
      customerId: demo.customerId,
    })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((r) => shop?.close(r))
    await server?.shutdown('test')
  })

  // `/%66rag-…` is the same slug to Hono's router but not to the fast path: both paths are checked.
  it.each([
    ['frag-plain', '/landing', ''],
    ['frag-fallback', '/sale', ''],
    ['frag-own', '/p', '#reviews'],
  ])('%s: the request fragment stays behind (fast path and Hono route)', async (slug, path, hash) => {
    const page = await browser.newPage()
    try {
      for (const entry of [`/${slug}`, `/%66${slug.slice(1)}`]) {
        await page.goto(`${glam}${entry}#glam_token=eyJhbGciOiJFZERTQSJ9.secret.sig`)
        await page.waitForURL((url) => url.origin === shopUrl)
        const seen = await page.evaluate(() => ({ path: location.pathname, hash: location.hash }))
        expect(seen, entry).toEqual({ path, hash })
        expect(page.url(), entry).not.toContain('glam_token')
      }
    } finally {
      await page.close()
    }
  })
})
