// Stock-aware links through the whole app: a link naming a product redirects to its destination
// while the product can be bought, and to the fallback (else the customer's landing page, else
// the destination) once it is inactive or out of stock, as soon as productsChanged is called;
// each click stored in ClickHouse (chDB) says why in fallback_reason. Then the same across two
// processes on one database: the other process follows within the change signal's ~2 s.
import { productsChanged } from '@glam/commerce/link-cache'
import { demo } from '@glam/db/demo'
import { type ClickHouseApp, startClickHouseApp } from '@glam/testing/clickhouse-app'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { tempDatabaseUrl } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

type T = Awaited<ReturnType<typeof createTestAppWithDatabase>>
type Availability = 'in_stock' | 'out_of_stock' | 'preorder' | 'backorder'
const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }
const browser = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'

/** The demo shop's lipstick, as a feed run would leave it. */
async function setProduct(t: T, state: { availability: Availability; status?: 'active' | 'inactive' }) {
  await t.repos.products.upsertMany([
    {
      shopId: demo.shopId,
      sku: 'LIP-1',
      title: 'Lipstick',
      brand: null,
      url: 'https://shop.example/lipstick',
      imageUrl: null,
      priceMinor: 1999,
      currency: 'EUR',
      attributes: null,
      ...state,
    },
  ])
  return (await t.repos.products.bySku(demo.shopId, 'LIP-1'))!
}

async function createLink(t: T, fields: Record<string, unknown>) {
  const res = await t.app.request('/api/links', {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      destination: 'https://shop.example/lipstick',
      customerId: demo.customerId,
      ...fields,
    }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { link: { id: string; slug: string; productId: string | null } }).link
}

const location = async (t: T, slug: string) => {
  const res = await t.app.request(`/${slug}`, { headers: { 'user-agent': browser } })
  expect(res.status).toBe(302)
  return res.headers.get('location')!
}

describe('stock-aware links', () => {
  let ch: ClickHouseApp
  let t: T
  beforeAll(async () => {
    ch = await startClickHouseApp('stock')
    t = ch.t
  })
  afterAll(() => ch?.stop())

  /** The stored clicks of a slug, oldest first: where they went and why. */
  const clicks = async (slug: string) => {
    await t.platform.events.flush()
    return t.platform.analytics.query<{ host: string; reason: string | null }>(
      `SELECT destination_host AS host, fallback_reason AS reason FROM ${t.platform.analytics.database}.clicks FINAL
       WHERE slug = {slug:String} ORDER BY toString(id)`,
      { slug },
    )
  }

  it('follows the product: destination in stock, fallback out of stock or inactive, landing page without a fallback', async () => {
    const product = await setProduct(t, { availability: 'in_stock' })
    const link = await createLink(t, {
      slug: 'lipstick',
      shopId: demo.shopId,
      productId: product.id,
      fallbackUrl: 'https://shop.example/lipsticks',
    })
    expect(link.productId).toBe(product.id)
    // The same product without a fallback: the customer's landing page is next.
    await createLink(t, { slug: 'lipstick-bare', productId: product.id })
    expect(await location(t, 'lipstick')).toMatch(/^https:\/\/shop\.example\/lipstick\?glam_cid=[\w-]{54}#$/)
    expect(await location(t, 'lipstick-bare')).toMatch(/^https:\/\/shop\.example\/lipstick\?glam_cid=/)

    // A feed run takes it out of stock. Until the importer tells the link cache, the cached
    // state is served (no query per redirect); then the new one at once.
    await setProduct(t, { availability: 'out_of_stock' })
    expect(await location(t, 'lipstick-bare')).toMatch(/^https:\/\/shop\.example\/lipstick\?glam_cid=/)
    await productsChanged(t.platform, [product.id])
    // Temporary, and still attributed: the click id goes along.
    expect(await location(t, 'lipstick')).toMatch(/^https:\/\/shop\.example\/lipsticks\?glam_cid=[\w-]{54}#$/)
    expect(await location(t, 'lipstick-bare')).toMatch(/^http:\/\/127\.0\.0\.1:3001\/\?glam_cid=[\w-]{54}#$/)

    await setProduct(t, { availability: 'in_stock', status: 'inactive' })
    await productsChanged(t.platform, [product.id])
    expect(await location(t, 'lipstick')).toMatch(/^https:\/\/shop\.example\/lipsticks\?/)

    // Preorder and backorder can be bought: the destination again.
    await setProduct(t, { availability: 'preorder' })
    await productsChanged(t.platform, [product.id])
    expect(await location(t, 'lipstick')).toMatch(/^https:\/\/shop\.example\/lipstick\?/)

    expect(await clicks('lipstick')).toEqual([
      { host: 'shop.example', reason: null },
      { host: 'shop.example', reason: 'product_out_of_stock' },
      { host: 'shop.example', reason: 'product_inactive' },
      { host: 'shop.example', reason: null },
    ])
    expect(await clicks('lipstick-bare')).toEqual([
      { host: 'shop.example', reason: null },
      { host: 'shop.example', reason: null },
      { host: '127.0.0.1:3001', reason: 'product_out_of_stock' },
    ])
  })

  it('never leads to a dead end: no fallback and no landing page keep the destination, and the click says why', async () => {
    const product = await setProduct(t, { availability: 'out_of_stock' })
    await productsChanged(t.platform, [product.id])
    await t.repos.customers.update(demo.customerId, { landingUrl: null })
    try {
      await createLink(t, { slug: 'lipstick-last', productId: product.id })
      expect(await location(t, 'lipstick-last')).toMatch(/^https:\/\/shop\.example\/lipstick\?glam_cid=/)
      expect(await clicks('lipstick-last')).toEqual([
        { host: 'shop.example', reason: 'product_out_of_stock' },
      ])
    } finally {
      await t.repos.customers.update(demo.customerId, { landingUrl: `${demo.shopOrigin}/` })
    }
  })

  it('a PATCH that names, changes or clears the product is served at once', async () => {
    const product = await setProduct(t, { availability: 'out_of_stock' })
    const link = await createLink(t, { slug: 'lipstick-patch', fallbackUrl: 'https://shop.example/sale' })
    expect(await location(t, 'lipstick-patch')).toMatch(/^https:\/\/shop\.example\/lipstick\?/)
    const patch = (body: unknown) =>
      t.app.request(`/api/links/${link.id}`, { method: 'PATCH', headers: admin, body: JSON.stringify(body) })
    const named = await patch({ productId: product.id })
    expect(named.status).toBe(200)
    // A link without a shop takes the product's.
    expect(await named.json()).toMatchObject({ productId: product.id, shopId: demo.shopId })
    expect(await location(t, 'lipstick-patch')).toMatch(/^https:\/\/shop\.example\/sale\?/)
    const cleared = await patch({ productId: null })
    expect(await cleared.json()).toMatchObject({ productId: null, shopId: demo.shopId })
    expect(await location(t, 'lipstick-patch')).toMatch(/^https:\/\/shop\.example\/lipstick\?/)
  })
})

describe('stock-aware links across processes', () => {
  it('a product change made by another process (a feed run) is served within the change signal', async () => {
    // Two processes on one database, each with its own in-memory cache: the importer and a redirect.
    const DATABASE_URL = tempDatabaseUrl()
    const importer = await createTestAppWithDatabase({ env: { DATABASE_URL } })
    const redirect = await createTestAppWithDatabase({ env: { DATABASE_URL } })
    const product = await setProduct(importer, { availability: 'in_stock' })
    await createLink(importer, {
      slug: 'lipstick-far',
      productId: product.id,
      fallbackUrl: 'https://shop.example/sale',
    })
    expect(await location(redirect, 'lipstick-far')).toMatch(/^https:\/\/shop\.example\/lipstick\?/)

    importer.clock.advance(1_000)
    await setProduct(importer, { availability: 'out_of_stock' })
    await productsChanged(importer.platform, [product.id])
    // The redirect's cached copy lives 5 s in process and 30 s in its cache; the signal is read
    // every 2 s by its clock, in the background: the change is served well before either ends.
    let waited = 0
    const later = async () => {
      redirect.clock.advance(500)
      waited += 500
      return location(redirect, 'lipstick-far')
    }
    await expect.poll(later, { timeout: 5_000, interval: 50 }).toMatch(/^https:\/\/shop\.example\/sale\?/)
    expect(waited).toBeLessThanOrEqual(3_000)
    await importer.platform.close?.()
    await redirect.platform.close?.()
  })
})
