import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

type T = Awaited<ReturnType<typeof createTestAppWithDatabase>>
const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }

describe('/api/links', () => {
  let t: T
  const post = (body: unknown, headers: Record<string, string> = admin, path = '/api/links') =>
    t.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) })
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
  })

  it('creates a link with a custom slug, audited, and redirects through it', async () => {
    const res = await post({
      slug: 'Glow-2026',
      destination: 'https://shop.example/x',
      campaignId: demo.campaignId,
    })
    expect(res.status).toBe(201)
    const { link, warnings } = (await res.json()) as {
      link: { id: string; customerId: string }
      warnings: unknown[]
    }
    expect(link.customerId).toBe(demo.customerId)
    expect(warnings).toEqual([])
    expect((await t.app.request('/Glow-2026')).headers.get('location')).toMatch(
      /^https:\/\/shop\.example\/x\?glam_cid=/,
    )
    expect(await t.repos.audit.forTarget('link', link.id)).toEqual([
      expect.objectContaining({ action: 'link.created' }),
    ])
  })

  it('generates base62 slugs and warns about look-alikes that differ only in case', async () => {
    const generated = (await (
      await post({ destination: 'https://shop.example/', customerId: demo.customerId })
    ).json()) as {
      link: { slug: string }
    }
    expect(generated.link.slug).toMatch(/^[0-9A-Za-z]{7}$/)
    const res = await post({
      slug: 'glow-2026',
      destination: 'https://shop.example/',
      customerId: demo.customerId,
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ warnings: [{ code: 'SLUG_LOOKALIKE', slugs: ['Glow-2026'] }] })
  })

  it('refuses a taken slug with 409 and stores nothing', async () => {
    const res = await post({
      slug: 'summer-lena',
      destination: 'https://evil.example/',
      customerId: demo.customerId,
    })
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ error: { code: 'CONFLICT' } })
    expect((await t.repos.links.bySlug('summer-lena'))!.destination).toBe('http://127.0.0.1:3001/')
  })

  it.each([
    ['a reserved segment as slug', { slug: 'api' }, 'slug'],
    ['a reserved word as slug', { slug: 'Admin' }, 'slug'],
    ['a slug with other characters', { slug: 'a b/c' }, 'slug'],
    ['a javascript: destination', { destination: 'javascript:alert(1)' }, 'destination'],
    ['a data: destination', { destination: 'data:text/html,<script>1</script>' }, 'destination'],
    ['credentials in the destination', { destination: 'https://user:pw@shop.example/' }, 'destination'],
    ['a relative destination', { destination: '/somewhere' }, 'destination'],
    [
      'a destination over 2,048 characters',
      { destination: `https://shop.example/${'a'.repeat(2050)}` },
      'destination',
    ],
    ['an unknown redirect status', { redirectStatus: 303 }, 'redirectStatus'],
    [
      'a bad country in the rules',
      { rules: { countries: { germany: 'https://shop.example/de' } } },
      'rules.countries.germany',
    ],
    ['a javascript: fallback', { fallbackUrl: 'javascript:void(0)' }, 'fallbackUrl'],
    [
      'an expiry before the start',
      { startsAt: '2026-07-01T00:00:00Z', expiresAt: '2026-06-01T00:00:00Z' },
      'expiresAt',
    ],
    ['a status that does not exist', { status: 'deleted' }, 'status'],
    ['an unknown field', { owner: 'me' }, ''],
    ['a malformed customer id', { customerId: 'not-a-uuid' }, 'customerId'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_name, patch, path) => {
    const res = await post({ destination: 'https://shop.example/', customerId: demo.customerId, ...patch })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; details: { path: string }[] } }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(body.error.details.map((d) => d.path)).toContain(path)
  })

  it('refuses malformed JSON, other content types and missing keys', async () => {
    const bad = await t.app.request('/api/links', { method: 'POST', headers: admin, body: '{"destination":' })
    expect(await bad.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } })
    const text = await t.app.request('/api/links', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/plain' },
      body: 'x',
    })
    expect(text.status).toBe(415)
    expect(
      (await post({ destination: 'https://shop.example/' }, { 'content-type': 'application/json' })).status,
    ).toBe(401)
  })

  it("keeps customer-scoped keys to their customer's links", async () => {
    const other = await t.repos.customers.create({ name: 'Other Brand' })
    const { key } = await t.repos.apiKeys.create({ name: 'other', customerId: other.id, scopes: ['links:*'] })
    const scoped = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
    const list = (await (await t.app.request('/api/links', { headers: scoped })).json()) as {
      items: unknown[]
    }
    expect(list.items).toEqual([])
    const lena = await t.repos.links.bySlug('summer-lena')
    expect((await t.app.request(`/api/links/${lena!.id}`, { headers: scoped })).status).toBe(404)
    const patch = await t.app.request(`/api/links/${lena!.id}`, {
      method: 'PATCH',
      headers: scoped,
      body: '{"status":"paused"}',
    })
    expect(patch.status).toBe(404)
    // Naming another customer answers like naming one that does not exist.
    expect(
      (await post({ destination: 'https://shop.example/', customerId: demo.customerId }, scoped)).status,
    ).toBe(404)
    expect(
      (await post({ destination: 'https://shop.example/', campaignId: demo.campaignId }, scoped)).status,
    ).toBe(404)
    const own = await post({ destination: 'https://other.example/' }, scoped)
    expect(own.status).toBe(201)
    const readOnly = await t.repos.apiKeys.create({
      name: 'ro',
      customerId: other.id,
      scopes: ['links:read'],
    })
    expect(
      (
        await post(
          { destination: 'https://x.example/' },
          { authorization: `Bearer ${readOnly.key}`, 'content-type': 'application/json' },
        )
      ).status,
    ).toBe(403)
  })

  it('bulk-creates one link per influencer of a campaign, all or nothing', async () => {
    const res = await post(
      { campaignId: demo.campaignId, destination: 'https://shop.example/summer', slugPrefix: 'sg' },
      admin,
      '/api/links/bulk',
    )
    expect(res.status).toBe(201)
    const { items } = (await res.json()) as { items: { slug: string }[] }
    expect(items.map((l) => l.slug).sort()).toEqual(['sg-lena', 'sg-mia'])
    const again = await post(
      { campaignId: demo.campaignId, destination: 'https://shop.example/summer', slugPrefix: 'sg' },
      admin,
      '/api/links/bulk',
    )
    expect(again.status).toBe(409)
  })

  it('lists with filters and a cursor, capped at 100 per page', async () => {
    const first = (await (
      await t.app.request(`/api/links?campaign=${demo.campaignId}&limit=1`, { headers: admin })
    ).json()) as {
      items: { campaignId: string }[]
      nextCursor: string
    }
    expect(first.items).toHaveLength(1)
    expect(first.items[0]!.campaignId).toBe(demo.campaignId)
    const second = (await (
      await t.app.request(`/api/links?campaign=${demo.campaignId}&limit=1&cursor=${first.nextCursor}`, {
        headers: admin,
      })
    ).json()) as {
      items: unknown[]
    }
    expect(second.items).toHaveLength(1)
    expect((await t.app.request('/api/links?limit=1000', { headers: admin })).status).toBe(400)
  })
})

describe('QR codes and the interstitial', () => {
  let t: T
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
  })

  it('serves a QR code for a link as SVG and as PNG in preset sizes only', async () => {
    const lena = await t.repos.links.bySlug('summer-lena')
    const one = (await (await t.app.request(`/api/links/${lena!.id}`, { headers: admin })).json()) as {
      shortUrl: string
      qr: { svg: string; png: string[] }
    }
    expect(one.shortUrl).toBe(`${t.config.publicUrl}/summer-lena`)
    const svg = await t.app.request(one.qr.svg, { headers: admin })
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/)
    expect(await svg.text()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    const png = await t.app.request(`/api/links/${lena!.id}/qr.png?size=256`, { headers: admin })
    expect(png.headers.get('content-type')).toBe('image/png')
    const bytes = new Uint8Array(await png.arrayBuffer())
    expect([...bytes.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG')
    // Width and height in the IHDR chunk.
    expect(new DataView(bytes.buffer).getUint32(16)).toBe(256)
    expect((await t.app.request(`/api/links/${lena!.id}/qr.png?size=5000`, { headers: admin })).status).toBe(
      400,
    )
  })

  it('shows in-app browsers the interstitial when the link asks for it, and redirects everyone else', async () => {
    const created = await t.app.request('/api/links', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        slug: 'inapp',
        destination: 'https://shop.example/p',
        customerId: demo.customerId,
        rules: { interstitial: true },
      }),
    })
    expect(created.status).toBe(201)
    const android =
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Instagram 300.0'
    const page = await t.app.request('/inapp', { headers: { 'user-agent': android } })
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain('Instagram')
    expect(text).toMatch(/href="intent:\/\/shop\.example\/p\?glam_cid=[^"#]+#Intent;scheme=https;/)
    expect(text).toMatch(/id="continue" href="https:\/\/shop\.example\/p\?glam_cid=/)
    const safari = await t.app.request('/inapp', {
      headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1' },
    })
    expect(safari.status).toBe(302)
  })
})

describe('the link cache across processes', () => {
  it('serves a change made elsewhere (straight in the database) within a few seconds, with campaign UTM', async () => {
    const t = await createTestAppWithDatabase()
    await t.repos.campaigns.update(demo.campaignId, {
      utm: { utm_source: 'glam', utm_campaign: 'summer-glow' },
    })
    const location = async () => (await t.app.request('/summer-mia')).headers.get('location') ?? ''
    await expect.poll(location, { timeout: 5_000, interval: 100 }).toMatch(/utm_campaign=summer-glow/)
    expect(await location()).toMatch(/^http:\/\/127\.0\.0\.1:3001\/\?utm_source=glam/)
    // Another process changes the link: this one never hears of it but through the change signal.
    const mia = await t.repos.links.bySlug('summer-mia')
    t.clock.advance(1_000)
    await t.repos.links.update(mia!.id, { destination: 'https://elsewhere.example/' })
    // The cache keeps time by the platform's clock: a second passes between requests here.
    const later = async () => {
      t.clock.advance(1_000)
      return location()
    }
    await expect.poll(later, { timeout: 6_000, interval: 200 }).toMatch(/^https:\/\/elsewhere\.example\//)
  }, 15_000)
})
