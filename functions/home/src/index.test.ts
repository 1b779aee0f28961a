// The developer landing page's (/about) campaign hero: the newest public campaign image once there is one (the demo
// image under `npm start`), nothing before, and still the page where there is no database.
import { demoAssetSha256, seedDemoAssets } from '@glam/assets/demo'
import { demo } from '@glam/db'
import { createTestApp, createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it, vi } from 'vitest'

const page = async (app: { request(path: string): Response | Promise<Response> }) => {
  const res = await app.request('/about')
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
    const hero = heroOf(await res.text())!
    // Variants in the sizes a screen needs (the hero preset, a srcset from the presets), the
    // original's dimensions against layout shift, and its placeholder while it loads.
    expect(hero).toMatch(
      new RegExp(
        `^<img id="campaign-image" class="hero" src="/i/${sha256}\\?p=hero" srcset="/i/${sha256}\\?p=thumb 160w, /i/${sha256}\\?p=card 480w, /i/${sha256}\\?p=hero 1600w" sizes="\\(min-width: 46rem\\) 44rem, 100vw" alt="Summer Glow Campaign" width="1600" height="900" style="background: url\\(data:image/png;base64,[A-Za-z0-9+/=]+\\) center / cover no-repeat">$`,
      ),
    )
    // The page's policy lets it load the image from Glam itself.
    expect(res.headers.get('content-security-policy')).toMatch(/img-src 'self' data:/)
    const image = await t.app.request(`/i/${sha256}?p=hero`, { headers: { accept: 'image/webp' } })
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/webp')
    const original = await t.app.request(`/a/${sha256}.jpg`)
    expect(original.headers.get('content-type')).toBe('image/jpeg')
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
    const d = 'd'.repeat(64)
    expect(heroOf(await (await page(t.app)).text())).toBe(
      `<img id="campaign-image" class="hero" src="/i/${d}?p=hero" srcset="/i/${d}?p=thumb 160w, /i/${d}?p=card 480w, /i/${d}?p=hero 1600w" sizes="(min-width: 46rem) 44rem, 100vw" alt="&quot;&gt;&lt;b&gt;x">`,
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

  it('links the original where no variant can be made (no sharp, no container behind)', async () => {
    const plain = await createTestAppWithDatabase({ overrides: { images: undefined } })
    await seedDemoAssets(plain.platform)
    const sha256 = demoAssetSha256('summer-glow-campaign.jpg')
    expect(heroOf(await (await page(plain.app)).text())).toBe(
      `<img id="campaign-image" class="hero" src="/a/${sha256}.jpg" alt="Summer Glow Campaign" width="1600" height="900">`,
    )
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
