// Naming a product on a link (`productId` on POST and PATCH /api/links): it must be a product of
// the link's shop, in a shop the caller can see; a link without a shop takes the product's.
// Everything else is refused with a code, and nothing is stored.
import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

type T = Awaited<ReturnType<typeof createTestAppWithDatabase>>
type Link = { id: string; slug: string; shopId: string | null; productId: string | null }
type ErrorBody = { error: { code: string; details: unknown } }
const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }

describe('links naming a product', () => {
  let t: T
  let lipstick: string
  let otherShopProduct: string
  let otherCustomerProduct: string
  let otherCustomer: string
  const post = (body: Record<string, unknown>, headers = admin) =>
    t.app.request('/api/links', {
      method: 'POST',
      headers,
      body: JSON.stringify({ destination: 'https://shop.example/p', customerId: demo.customerId, ...body }),
    })
  const patch = (id: string, body: unknown) =>
    t.app.request(`/api/links/${id}`, { method: 'PATCH', headers: admin, body: JSON.stringify(body) })
  const product = async (shopId: string, sku: string) => {
    await t.repos.products.upsertMany([
      {
        shopId,
        sku,
        title: sku,
        brand: null,
        url: 'https://shop.example/p',
        imageUrl: null,
        priceMinor: 100,
        currency: 'EUR',
        availability: 'in_stock',
        attributes: null,
      },
    ])
    return (await t.repos.products.bySku(shopId, sku))!.id
  }

  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    lipstick = await product(demo.shopId, 'LIP-1')
    // A second shop of the demo customer, and a shop of another customer.
    const second = await t.repos.shops.create({
      name: 'Outlet',
      customerId: demo.customerId,
      origins: ['https://outlet.example'],
    })
    otherShopProduct = await product(second.shop.id, 'LIP-1')
    otherCustomer = (await t.repos.customers.create({ name: 'Other Brand' })).id
    const foreign = await t.repos.shops.create({
      name: 'Foreign',
      customerId: otherCustomer,
      origins: ['https://foreign.example'],
    })
    otherCustomerProduct = await product(foreign.shop.id, 'F-1')
  })

  it('stores it and returns it on create, read and list; a link without a shop takes the product’s', async () => {
    const res = await post({ slug: 'named', productId: lipstick })
    expect(res.status).toBe(201)
    const { link } = (await res.json()) as { link: Link }
    expect(link).toMatchObject({ productId: lipstick, shopId: demo.shopId })
    const read = (await (await t.app.request(`/api/links/${link.id}`, { headers: admin })).json()) as Link
    expect(read).toMatchObject({ productId: lipstick, shopId: demo.shopId })
    const list = (await (
      await t.app.request(`/api/links?customer=${demo.customerId}&limit=100`, { headers: admin })
    ).json()) as { items: Link[] }
    expect(list.items.find((l) => l.id === link.id)).toMatchObject({ productId: lipstick })
    expect(await t.repos.audit.forTarget('link', link.id)).toEqual([
      expect.objectContaining({ action: 'link.created', details: { slug: 'named', productId: lipstick } }),
    ])
    // With the shop named as well, and with `null` (no product).
    expect((await post({ slug: 'named-shop', shopId: demo.shopId, productId: lipstick })).status).toBe(201)
    const none = await post({ slug: 'named-none', productId: null })
    expect(((await none.json()) as { link: Link }).link).toMatchObject({ productId: null, shopId: null })
  })

  it.each([
    [
      'an unknown product',
      () => ({ productId: '01900000-0000-7000-8000-00000000dead' }),
      404,
      'PRODUCT_NOT_FOUND',
    ],
    [
      'a product of another shop',
      () => ({ shopId: demo.shopId, productId: otherShopProduct }),
      409,
      'PRODUCT_SHOP_MISMATCH',
    ],
    [
      "a product of another customer's shop",
      () => ({ productId: otherCustomerProduct }),
      409,
      'PRODUCT_SHOP_MISMATCH',
    ],
    ['a malformed product id', () => ({ productId: 'LIP-1' }), 400, 'VALIDATION_FAILED'],
  ] as const)(
    'refuses %s on create, naming productId; nothing is created',
    async (_name, body, status, code) => {
      const slug = `refused-${code.toLowerCase()}-${status}`
      const res = await post({ slug, ...body() })
      expect(res.status).toBe(status)
      const { error } = (await res.json()) as ErrorBody
      expect(error.code).toBe(code)
      expect(JSON.stringify(error.details)).toContain('productId')
      expect(await t.repos.links.bySlug(slug)).toBeNull()
    },
  )

  it("answers a customer's key naming another customer's product exactly like an unknown one", async () => {
    const { key } = await t.repos.apiKeys.create({
      name: 'demo',
      customerId: demo.customerId,
      scopes: ['links:*'],
    })
    const scoped = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
    const foreign = await post({ slug: 'scoped-foreign', productId: otherCustomerProduct }, scoped)
    const unknown = await post(
      { slug: 'scoped-unknown', productId: '01900000-0000-7000-8000-00000000dead' },
      scoped,
    )
    expect(foreign.status).toBe(404)
    const [a, b] = [(await foreign.json()) as ErrorBody, (await unknown.json()) as ErrorBody]
    expect(a.error.code).toBe('PRODUCT_NOT_FOUND')
    expect(b.error.code).toBe('PRODUCT_NOT_FOUND')
    expect(JSON.stringify(a.error.details)).not.toContain(otherCustomer)
    expect((await post({ slug: 'scoped-own', productId: lipstick }, scoped)).status).toBe(201)
  })

  it('PATCH names, refuses and clears a product; a refused change leaves the link as it was', async () => {
    const { link } = (await (await post({ slug: 'patched', shopId: demo.shopId })).json()) as { link: Link }
    for (const [body, status, code] of [
      [{ productId: '01900000-0000-7000-8000-00000000dead' }, 404, 'PRODUCT_NOT_FOUND'],
      [
        { productId: otherShopProduct, destination: 'https://shop.example/changed' },
        409,
        'PRODUCT_SHOP_MISMATCH',
      ],
      [{ productId: otherCustomerProduct }, 409, 'PRODUCT_SHOP_MISMATCH'],
      [{ productId: 42 }, 400, 'VALIDATION_FAILED'],
    ] as const) {
      const res = await patch(link.id, body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      const { error } = (await res.json()) as ErrorBody
      expect(error.code).toBe(code)
      expect(JSON.stringify(error.details)).toContain('productId')
    }
    expect(await t.repos.links.get(link.id)).toMatchObject({
      productId: null,
      shopId: demo.shopId,
      destination: 'https://shop.example/p',
    })
    const named = await patch(link.id, { productId: lipstick })
    expect(named.status).toBe(200)
    expect(await named.json()).toMatchObject({ productId: lipstick })
    const cleared = await patch(link.id, { productId: null })
    expect(await cleared.json()).toMatchObject({ productId: null, shopId: demo.shopId })
    expect((await t.repos.audit.forTarget('link', link.id)).map((a) => a.details)).toContainEqual({
      fields: ['productId'],
    })
  })

  it('documents productId and its errors in the OpenAPI document', async () => {
    type Operation = { requestBody: { content: { 'application/json': { schema: { properties: object } } } } }
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, Operation>>
    }
    const schema = (op: Operation) => op.requestBody.content['application/json'].schema.properties
    const create = doc.paths['/api/links']!.post!
    const update = doc.paths['/api/links/{id}']!.patch!
    expect(Object.keys(schema(create))).toContain('productId')
    expect(Object.keys(schema(update))).toContain('productId')
    expect(JSON.stringify(create)).toContain('PRODUCT_SHOP_MISMATCH')
    expect(JSON.stringify(update)).toContain('PRODUCT_NOT_FOUND')
  })
})
