// The landing page's campaign hero: the newest public campaign image once there is one (the demo
// image under `npm start`), nothing before, and still the page where there is no database.
import { demoAssetSha256, seedDemoAssets } from '@glam/assets/demo'
import { demo } from '@glam/db'
import { createTestApp, createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it, vi } from 'vitest'

const page = async (app: { request(path: string): Response | Promise<Response> }) => {
  const res = await app.request('/')
  expect(res.status).toBe(200)
  return res
}
const heroOf = (html: string) => /<img id="campaign-image"[^>]*>/.exec(html)?.[0]

describe('the campaign hero', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
  })

  it('appears once the demo assets are seeded, at its address with its size, and loads from Glam', async () => {
    expect(heroOf(await (await page(t.app)).text())).toBeUndefined()
    await seedDemoAssets(t.platform)
    const res = await page(t.app)
    const sha256 = demoAssetSha256('summer-glow-campaign.jpg')
    expect(heroOf(await res.text())).toBe(
      `<img id="campaign-image" class="hero" src="/a/${sha256}.jpg" alt="Summer Glow Campaign" width="1600" height="900">`,
    )
    // The page's policy lets it load the image from Glam itself.
    expect(res.headers.get('content-security-policy')).toMatch(/img-src 'self'/)
    const image = await t.app.request(`/a/${sha256}.jpg`)
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/jpeg')
  })

  it('skips a private campaign image and escapes the name it shows', async () => {
    await t.repos.assets.touchBlob('d'.repeat(64), 10)
    const base = {
      type: 'campaign-image',
      appId: demo.app,
      format: 'png',
      contentType: 'image/png',
      size: 10,
      width: null,
      height: null,
      pages: null,
      placeholder: null,
      createdByType: 'user',
      createdBy: demo.adminUserId,
      customerId: demo.customerId,
      influencerId: null,
    }
    await t.repos.assets.insert({ ...base, sha256: 'd'.repeat(64), name: '"><b>x.png', visibility: 'public' })
    await t.repos.assets.insert({
      ...base,
      sha256: 'e'.repeat(64),
      name: 'secret.png',
      visibility: 'private',
    })
    expect(heroOf(await (await page(t.app)).text())).toBe(
      `<img id="campaign-image" class="hero" src="/a/${'d'.repeat(64)}.png" alt="&quot;&gt;&lt;b&gt;x">`,
    )
  })

  it('leaves the hero out, and logs why, when the assets cannot be read', async () => {
    const list = vi.spyOn(t.repos.assets, 'list').mockRejectedValueOnce(new Error('database gone'))
    try {
      const html = await (await page(t.app)).text()
      expect(heroOf(html)).toBeUndefined()
      expect(html).toContain('<table id="ports">')
      expect(t.logRecords().some((r) => r.event === 'home.campaign_image_failed')).toBe(true)
    } finally {
      list.mockRestore()
    }
  })

  it('renders without a hero where there is no SQL database at all', async () => {
    const bare = createTestApp()
    expect(bare.platform.database.dialect).toBe('none')
    const html = await (await page(bare.app)).text()
    expect(heroOf(html)).toBeUndefined()
    expect(html).toContain('<h1>Glam</h1>')
    expect(bare.logRecords().filter((r) => r.level === 'warn' || r.level === 'error')).toEqual([])
  })
})
