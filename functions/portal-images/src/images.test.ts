// The portal-images job on the whole app: a feed's images fetched over real HTTP into assets,
// the portal's pages showing them through the variants (srcset, blur-up) once the job ran; what
// goes wrong (not an image, a 404, a private address) kept with its code, tried again later,
// never fetched twice in between, and never reaching a private address.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { demoAssetSha256, seedDemoAssets } from '@glam/assets/demo'
import { demo } from '@glam/db'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchProductImages } from './images.ts'

const noisy = (width: number, height: number, format: 'png' | 'jpeg') =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#c06080',
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    .toFormat(format)
    .toBuffer()

describe('feed images into assets', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let server: Server
  let base: string
  let staff: string
  const requests = new Map<string, number>()
  const files = new Map<string, { type: string; body: Buffer }>()
  const link = async (title: string) => {
    const res = await t.app.request(`/api/search?q=${encodeURIComponent(title)}`)
    const { hits } = (await res.json()) as { hits: { link: string; title: string }[] }
    return hits.find((h) => h.title === title)!.link
  }
  const html = async (path: string) =>
    (await t.app.request(path, { headers: { accept: 'text/html' } })).text()

  beforeAll(async () => {
    const portrait = await noisy(800, 600, 'png')
    files.set('/serum.png', { type: 'image/png', body: portrait })
    files.set('/same-bytes.png', { type: 'image/png', body: portrait })
    files.set('/lipstick.jpg', { type: 'image/jpeg', body: await noisy(640, 640, 'jpeg') })
    files.set('/not-an-image.jpg', { type: 'image/jpeg', body: Buffer.from('<html>hello</html>') })
    server = createServer((req, res) => {
      requests.set(req.url!, (requests.get(req.url!) ?? 0) + 1)
      const file = files.get(req.url!)
      if (!file) return void res.writeHead(404).end()
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    base = `http://127.0.0.1:${port}`
    t = await createTestAppWithDatabase({ env: { GLAM_FETCH_ALLOW_HOSTS: `127.0.0.1:${port}` } })
    ;({ staff } = await demoTokens(t, ['staff']))
    await seedDemoAssets(t.platform) // as npm start does: the demo photos are assets
    const auth = { authorization: `Bearer ${staff}` }
    const created = await t.app.request('/api/feeds', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ shopId: demo.shopId, name: 'Images feed' }),
    })
    const { id } = (await created.json()) as { id: string }
    const rows = [
      ['IMG1', 'Bildserum Glanz', `${base}/serum.png`],
      ['IMG2', 'Bildlippenstift Rot', `${base}/lipstick.jpg`],
      ['IMG3', 'Bildserum Zwilling', `${base}/same-bytes.png`],
      ['IMG4', 'Bildcreme Falsch', `${base}/not-an-image.jpg`],
      ['IMG5', 'Bildcreme Weg', `${base}/gone.jpg`],
      ['IMG6', 'Bildcreme Intern', 'http://169.254.169.254/latest/meta-data/image.jpg'],
      // Glam's own variant and original addresses (the demo shop's feeds link those): the asset, unfetched.
      ['IMG7', 'Bildöl Eigen', `http://localhost:3000/i/${demoAssetSha256('rose-lip-oil.jpg')}?p=card`],
      ['IMG8', 'Bildöl Unbekannt', `http://localhost:3000/a/${'0'.repeat(64)}.jpg`],
    ]
    const csv = [
      'id,title,link,image_link,price,availability,brand,google_product_category',
      ...rows.map(
        ([sku, title, image]) =>
          `${sku},${title},https://shop.example/${sku},${image},9.90 EUR,in stock,Bildhaus,567`,
      ),
    ].join('\n')
    const run = await t.app.request(`/api/feeds/${id}/import`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: csv,
    })
    expect(((await run.json()) as { outcome: string }).outcome).toBe('IMPORTED')
  })
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())))

  it('fetches each address once into an asset, and the pages show it with a srcset and blur-up', async () => {
    const serumLink = await link('Bildserum Glanz')
    // Before the job: the feed's address, kept by the page cache.
    expect(await html(serumLink)).toContain(`src="${base}/serum.png"`)

    const report = await fetchProductImages(t.platform)
    expect(report).toMatchObject({ fetched: 4, failed: 4, more: false })
    for (const path of ['/serum.png', '/lipstick.jpg', '/same-bytes.png', '/not-an-image.jpg', '/gone.jpg'])
      expect(requests.get(path), path).toBe(1)

    const urls = [`${base}/serum.png`, `${base}/same-bytes.png`, `${base}/lipstick.jpg`]
    const images = await t.repos.productImages.byUrls(urls)
    const [serum, twin, lipstick] = urls.map((u) => images.get(u))
    expect(images.size).toBe(3)
    // The same bytes under two addresses are one asset.
    expect(twin!.sha256).toBe(serum!.sha256)
    expect(lipstick).toMatchObject({ width: 640, height: 640 })
    const assets = await t.repos.assets.bySha256(serum!.sha256)
    expect(assets).toEqual([
      expect.objectContaining({ type: 'product-photo', visibility: 'public', width: 800, height: 600 }),
    ])

    // The job purged the kept page: it shows the variants now.
    const page = await html(serumLink)
    const sha = images.get(`${base}/serum.png`)!.sha256
    expect(page).toContain(`src="/i/${sha}?p=card"`)
    expect(page).toMatch(
      new RegExp(`srcset="/i/${sha}\\?p=thumb 160w, /i/${sha}\\?p=card 480w, /i/${sha}\\?p=hero 800w"`),
    )
    expect(page).toContain('style="background: url(data:image/png;base64,')
    expect(page).toContain(`<meta property="og:image" content="http://localhost:3000/i/${sha}?p=og">`)
    expect(page).not.toContain(`src="${base}/serum.png"`)
    // The variant it names is served.
    const variant = await t.app.request(`/i/${sha}?p=card`, { headers: { accept: 'image/webp' } })
    expect(variant.status).toBe(200)
    expect(variant.headers.get('content-type')).toBe('image/webp')
    // Cards in lists too.
    expect(await html('/suche?q=bildserum')).toContain(`srcset="/i/${sha}?p=thumb 160w`)
    // An address on Glam itself is its asset.
    const own = await t.repos.productImages.byUrls([
      `http://localhost:3000/i/${demoAssetSha256('rose-lip-oil.jpg')}?p=card`,
    ])
    expect([...own.values()][0]).toMatchObject({ sha256: demoAssetSha256('rose-lip-oil.jpg'), width: 800 })
    expect(await t.repos.productImages.get(`http://localhost:3000/a/${'0'.repeat(64)}.jpg`)).toMatchObject({
      status: 'failed',
      error: 'NOT_FOUND',
    })
    // A failed one keeps the feed's address.
    expect(await html(await link('Bildcreme Weg'))).toContain(`src="${base}/gone.jpg"`)
  })

  it('keeps a failure with its code, never asks again before it is due, then retries with a longer wait', async () => {
    const row = (url: string) => t.repos.productImages.get(url)
    expect(await row(`${base}/not-an-image.jpg`)).toMatchObject({
      status: 'failed',
      error: 'UNSUPPORTED_MEDIA_TYPE',
      attempts: 1,
    })
    expect(await row(`${base}/gone.jpg`)).toMatchObject({
      status: 'failed',
      error: 'VALIDATION_FAILED',
      attempts: 1,
    })
    expect(await row('http://169.254.169.254/latest/meta-data/image.jpg')).toMatchObject({
      status: 'failed',
      error: 'FETCH_BLOCKED',
      attempts: 1,
    })

    expect(await fetchProductImages(t.platform)).toMatchObject({ fetched: 0, failed: 0 })
    expect(requests.get('/gone.jpg')).toBe(1)

    t.clock.advance(61 * 60_000)
    expect(await fetchProductImages(t.platform)).toMatchObject({ fetched: 0, failed: 4 })
    expect(requests.get('/gone.jpg')).toBe(2)
    expect(requests.get('/serum.png')).toBe(1)
    const retried = await row(`${base}/gone.jpg`)
    expect(retried!.attempts).toBe(2)
    // The second wait is two hours.
    expect(retried!.nextAttemptAt!.getTime() - t.clock.now().getTime()).toBe(2 * 60 * 60_000)

    // Fixed at the shop: the next due try stores it.
    files.set('/gone.jpg', files.get('/lipstick.jpg')!)
    t.clock.advance(2 * 60 * 60_000)
    expect(await fetchProductImages(t.platform)).toMatchObject({ fetched: 1, failed: 3 })
  })
})
