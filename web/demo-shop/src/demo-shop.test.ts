import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, repoRoot } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'
import { parseCart, priceCart } from './cart.ts'
import { formatAmount, formatPrice } from './catalogue.ts'
import { createDemoShopApp, products, startDemoShop } from './index.ts'

const glamUrl = 'http://localhost:3000'
const publicKey = 'pk_demo_shop_public_key_01'
// The tag exactly as functions/pixel/README.md documents it.
const tag = `<script>window.glam=window.glam||function(){(glam.q=glam.q||[]).push(arguments)}</script>
<script async src="http://localhost:3000/pixel.js" data-key="pk_demo_shop_public_key_01"></script>`

const createShop = () => createDemoShopApp({ glamUrl, publicKey })
type Shop = ReturnType<typeof createShop>

const post = (body: Record<string, string>, cookie?: string, origin = 'http://localhost'): RequestInit => ({
  method: 'POST',
  headers: {
    origin,
    'content-type': 'application/x-www-form-urlencoded',
    ...(cookie ? { cookie } : {}),
  },
  body: new URLSearchParams(body).toString(),
})
/** The `demo_cart=…` pair a response set, or '' when it deleted the cookie. */
const cartCookieOf = (res: Response) => {
  const header = res.headers.get('set-cookie') ?? ''
  expect(header).toMatch(/^demo_cart=/)
  return /Max-Age=0/.test(header) ? '' : header.split(';')[0]!
}
const addToCart = async (shop: Shop, sku: string, quantity: string, cookie = '') => {
  const res = await shop.request('/cart/add', post({ sku, quantity }, cookie))
  expect(res.status).toBe(303)
  expect(res.headers.get('location')).toBe('/cart')
  return cartCookieOf(res)
}
const checkout = async (shop: Shop, cookie: string, fields: Record<string, string>) => {
  const res = await shop.request('/checkout', post(fields, cookie))
  expect(res.status).toBe(303)
  const location = res.headers.get('location')!
  expect(location).toMatch(/^\/order\/DS-[0-9A-Z]{10}$/)
  expect(cartCookieOf(res)).toBe('')
  return location
}
/** The object the confirmation page passes to glam('purchase', …). */
const purchaseCall = (html: string) => {
  const match = /<script>glam\('purchase',(.*?)\)<\/script>/.exec(html)
  expect(match, 'the purchase call').not.toBeNull()
  return JSON.parse(match![1]!) as Record<string, unknown>
}

describe('money', () => {
  it('formats integer cents with two decimals, exactly', () => {
    expect([0, 5, 90, 3490, 100000, -698].map(formatAmount)).toEqual([
      '0.00',
      '0.05',
      '0.90',
      '34.90',
      '1000.00',
      '-6.98',
    ])
    expect(formatPrice(-698)).toBe('-€6.98')
  })

  it('prices a cart in cents, the coupon rounded to the cent', () => {
    const totals = priceCart(parseCart('GLOW-SERUM-30:2|LIP-OIL-ROSE:1'), 'LENA10')
    expect(totals).toMatchObject({
      subtotalCents: 8830,
      coupon: 'LENA10',
      discountCents: 883,
      totalCents: 7947,
    })
    expect(priceCart(parseCart('SPF50-FLUID:1'), 'NOPE')).toMatchObject({
      discountCents: 0,
      totalCents: 2400,
    })
    expect(priceCart(parseCart('SPF50-FLUID:1'), 'NOPE')).not.toHaveProperty('coupon')
  })
})

describe('options', () => {
  it('refuses a glamUrl or public key that cannot work, when built', () => {
    expect(() => createDemoShopApp({ glamUrl: 'localhost:3000', publicKey })).toThrow(/glamUrl/)
    expect(() => createDemoShopApp({ glamUrl: 'javascript:alert(1)', publicKey })).toThrow(/glamUrl/)
    expect(() => createDemoShopApp({ glamUrl: 'http://u:p@glam.example', publicKey })).toThrow(/glamUrl/)
    expect(() => createDemoShopApp({ glamUrl, publicKey: 'sk_secret' })).toThrow(/publicKey/)
    expect(() => createDemoShopApp({ glamUrl, publicKey: 'pk_"><script>' })).toThrow(/publicKey/)
  })

  it('drops a trailing slash and keeps a path prefix', async () => {
    const shop = createDemoShopApp({ glamUrl: 'https://glam.example/edge/', publicKey })
    expect(await (await shop.request('/')).text()).toContain('src="https://glam.example/edge/pixel.js"')
  })
})

describe('pages', () => {
  it('lists the four products with fixed SKUs and prices in EUR', async () => {
    const res = await createShop().request('/')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toMatch(/^<!doctype html><html lang="en">/)
    expect(html).toContain('<h1>Summer skincare</h1>')
    expect(products.map((p) => [p.sku, p.name, p.priceCents])).toEqual([
      ['GLOW-SERUM-30', 'Glow Serum 30 ml', 3490],
      ['LIP-OIL-ROSE', 'Rose Lip Oil', 1850],
      ['SPF50-FLUID', 'Daily Fluid SPF 50', 2400],
      ['CLAY-MASK-75', 'Pink Clay Mask 75 ml', 2990],
    ])
    for (const product of products) {
      expect(html).toContain(`<li class="card" data-sku="${product.sku}">`)
      expect(html).toContain(`<a href="/products/${product.sku}">${product.name}</a>`)
      expect(html).toContain(`<input type="hidden" name="sku" value="${product.sku}"/>`)
    }
    expect(html).toContain('€34.90')
    expect(html).toContain('€18.50')
  })

  it('embeds the pixel tag on every page', async () => {
    const shop = createShop()
    const cookie = await addToCart(shop, 'GLOW-SERUM-30', '1')
    const paths = ['/', '/?glam_cid=click_0001_lena', '/products/LIP-OIL-ROSE', '/cart', '/no/such/page']
    for (const path of paths) expect(await (await shop.request(path)).text(), path).toContain(tag)
    expect(await (await shop.request('/checkout', { headers: { cookie } })).text()).toContain(tag)
  })

  it('shows a product with a labelled quantity field', async () => {
    const res = await createShop().request('/products/GLOW-SERUM-30')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<h1>Glow Serum 30 ml</h1>')
    expect(html).toContain('<title>Glow Serum 30 ml · Demo Beauty</title>')
    expect(html).toContain('€34.90')
    expect(html).toContain('<label for="quantity">Quantity</label>')
    expect(html).toContain(
      'id="quantity" type="number" name="quantity" value="1" min="1" max="10" required=""',
    )
  })

  it('shows each product’s photo from Glam, addressed by the SHA-256 of its demo file', async () => {
    const shop = createDemoShopApp({ glamUrl: 'https://glam.example/edge/', publicKey })
    const list = await (await shop.request('/')).text()
    const photoTag = /<img class="photo"[^>]*>/
    for (const product of products) {
      const bytes = readFileSync(join(repoRoot, 'packages/assets/demo', product.photo))
      const at = `https://glam.example/edge/i/${createHash('sha256').update(bytes).digest('hex')}`
      const src = `${at}?p=card`
      const srcset = `${at}?p=thumb 160w, ${at}?p=card 480w, ${at}?p=hero 800w`
      const html = await (await shop.request(`/products/${product.sku}`)).text()
      const tag = photoTag.exec(html)?.[0]
      expect(tag, product.sku).toMatch(/ alt="[A-Z][^"<]+" /)
      expect(tag?.replace(/ alt="[^"]*"/, '')).toBe(
        `<img class="photo" src="${src}" srcset="${srcset}" sizes="(min-width: 31rem) 28rem, 100vw" width="800" height="800" style="background:${product.colour}"/>`,
      )
      expect(list, product.sku).toContain(
        `<img class="photo" src="${src}" srcset="${srcset}" sizes="(min-width: 60rem) 19rem, (min-width: 30rem) 50vw, 100vw" width="800" height="800"`,
      )
    }
    // Lazily in the list (most are below the fold on a phone); the product page's is its main content.
    expect(list.match(/<img [^>]*loading="lazy"/g)).toHaveLength(products.length)
  })

  it('answers 404 pages for an unknown product and an unknown address', async () => {
    const shop = createShop()
    for (const path of ['/products/NOPE', '/products/%3Cscript%3E', '/nowhere']) {
      const res = await shop.request(path)
      expect(res.status, path).toBe(404)
      const html = await res.text()
      expect(html).toMatch(/<h1>(Product|Page) not found<\/h1>/)
      expect(html).not.toContain('<script>alert')
    }
  })
})

describe('cart', () => {
  it('adds, merges, caps, prices and removes lines', async () => {
    const shop = createShop()
    let cookie = await addToCart(shop, 'GLOW-SERUM-30', '2')
    cookie = await addToCart(shop, 'LIP-OIL-ROSE', '1', cookie)
    let html = await (await shop.request('/cart', { headers: { cookie } })).text()
    expect(html).toContain('<tr data-sku="GLOW-SERUM-30">')
    expect(html).toContain('<tr data-sku="LIP-OIL-ROSE">')
    expect(html).toContain('<td class="num" id="total">€88.30</td>')
    expect(html).toContain('Cart (3)')

    cookie = await addToCart(shop, 'GLOW-SERUM-30', '9', cookie)
    html = await (await shop.request('/cart', { headers: { cookie } })).text()
    expect(html).toContain('Cart (11)') // 10 serums at most, plus the lip oil
    expect(html).toContain('€367.50')

    let res = await shop.request('/cart/remove', post({ sku: 'GLOW-SERUM-30' }, cookie))
    expect(res.status).toBe(303)
    cookie = cartCookieOf(res)
    html = await (await shop.request('/cart', { headers: { cookie } })).text()
    expect(html).not.toContain('data-sku="GLOW-SERUM-30"')
    expect(html).toContain('€18.50')

    res = await shop.request('/cart/remove', post({ sku: 'LIP-OIL-ROSE' }, cookie))
    expect(cartCookieOf(res)).toBe('')
    expect(await (await shop.request('/cart')).text()).toContain('Your cart is empty.')
  })

  it('refuses unknown products and bad quantities', async () => {
    const shop = createShop()
    for (const [sku, quantity] of [
      ['NOPE', '1'],
      ['', '1'],
      ['GLOW-SERUM-30', '0'],
      ['GLOW-SERUM-30', '11'],
      ['GLOW-SERUM-30', '1.5'],
      ['GLOW-SERUM-30', 'abc'],
      ['GLOW-SERUM-30', '-1'],
    ] as const) {
      const res = await shop.request('/cart/add', post({ sku, quantity }))
      expect(res.status, `${sku} × ${quantity}`).toBe(400)
      expect(res.headers.get('set-cookie')).toBeNull()
    }
  })

  it('ignores a garbage cart cookie and keeps what is valid in it', async () => {
    const shop = createShop()
    for (const value of ['%%%', '%E0%A4%A', 'x'.repeat(5000), 'NOPE:1', 'GLOW-SERUM-30:0', '<script>:1']) {
      const res = await shop.request('/cart', { headers: { cookie: `demo_cart=${value}` } })
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('Your cart is empty.')
    }
    const mixed = encodeURIComponent(
      'GLOW-SERUM-30:2|NOPE:1|LIP-OIL-ROSE:abc|<b>|SPF50-FLUID:999|CLAY-MASK-75:1',
    )
    const html = await (await shop.request('/cart', { headers: { cookie: `demo_cart=${mixed}` } })).text()
    expect(html.match(/<tr data-sku="([^"]+)">/g)).toEqual([
      '<tr data-sku="GLOW-SERUM-30">',
      '<tr data-sku="CLAY-MASK-75">',
    ])
    expect(html).toContain('Cart (3)')
  })

  it('refuses oversized forms', async () => {
    const res = await createShop().request(
      '/cart/add',
      post({ sku: 'GLOW-SERUM-30', quantity: '1', pad: 'x'.repeat(20_000) }),
    )
    expect(res.status).toBe(413)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('refuses form posts from another origin', async () => {
    const shop = createShop()
    const res = await shop.request(
      '/cart/add',
      post({ sku: 'GLOW-SERUM-30', quantity: '1' }, '', 'https://evil.example'),
    )
    expect(res.status).toBe(403)
  })
})

describe('checkout and confirmation', () => {
  it('sends an empty cart back to the cart', async () => {
    const shop = createShop()
    expect((await shop.request('/checkout')).headers.get('location')).toBe('/cart')
    const res = await shop.request('/checkout', post({ email: 'a@b.de', name: 'A' }))
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/cart')
  })

  it('shows a labelled form and re-renders it with escaped values and errors', async () => {
    const shop = createShop()
    const cookie = await addToCart(shop, 'SPF50-FLUID', '1')
    const form = await (await shop.request('/checkout', { headers: { cookie } })).text()
    for (const id of ['email', 'name', 'coupon']) expect(form).toContain(`<label for="${id}">`)
    expect(form).toContain('autocomplete="email"')

    const res = await shop.request(
      '/checkout',
      post({ email: 'not-an-address', name: '"><script>alert(1)</script>', coupon: 'free100' }, cookie),
    )
    expect(res.status).toBe(400)
    expect(res.headers.get('set-cookie')).toBeNull()
    const html = await res.text()
    expect(html).toContain('role="alert"')
    expect(html).toMatch(/id="email"[^>]*aria-invalid="true"[^>]*aria-describedby="email-error"/)
    expect(html).toContain('This coupon code is not valid.')
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(html).toContain('value="FREE100"')
  })

  it('creates an order and confirms it with the purchase call, the same on every reload', async () => {
    const shop = createShop()
    let cookie = await addToCart(shop, 'GLOW-SERUM-30', '2')
    cookie = await addToCart(shop, 'LIP-OIL-ROSE', '1', cookie)
    const location = await checkout(shop, cookie, {
      email: 'ann@example.com',
      name: 'Ann </script><script>alert(1)</script>',
      coupon: ' lena10 ',
    })
    const orderId = location.slice('/order/'.length)

    const res = await shop.request(location)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain(tag)
    expect(html).toContain(`<strong id="order-id">${orderId}</strong>`)
    expect(html).toContain('Thank you, Ann &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;!')
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('<td class="num">-€8.83</td>')
    expect(html).toContain('<td class="num" id="total">€79.47</td>')
    expect(purchaseCall(html)).toEqual({
      orderId,
      total: 79.47,
      currency: 'EUR',
      items: [
        { sku: 'GLOW-SERUM-30', name: 'Glow Serum 30 ml', price: 34.9, quantity: 2 },
        { sku: 'LIP-OIL-ROSE', name: 'Rose Lip Oil', price: 18.5, quantity: 1 },
      ],
      coupon: 'LENA10',
      discount: 8.83,
    })
    // The tag comes before the call, in the head; the call itself is after the stub.
    expect(html.indexOf(tag)).toBeLessThan(html.indexOf("glam('purchase'"))

    const again = await (await shop.request(location)).text()
    expect(purchaseCall(again)).toEqual(purchaseCall(html))
  })

  it('leaves the coupon out of the purchase when none was given', async () => {
    const shop = createShop()
    const cookie = await addToCart(shop, 'CLAY-MASK-75', '3')
    const location = await checkout(shop, cookie, { email: 'mia@example.com', name: 'Mia' })
    const call = purchaseCall(await (await shop.request(location)).text())
    expect(call).toMatchObject({ total: 89.7, items: [{ sku: 'CLAY-MASK-75', price: 29.9, quantity: 3 }] })
    expect(call).not.toHaveProperty('coupon')
  })

  it('answers 404 for unknown and malformed order ids', async () => {
    const shop = createShop()
    for (const path of ['/order/DS-0000000000', '/order/nope', '/order/DS-%3Cb%3E']) {
      const res = await shop.request(path)
      expect(res.status, path).toBe(404)
      expect(await res.text()).toContain('<h1>Order not found</h1>')
    }
    // Orders belong to their shop instance.
    const other = createShop()
    const location = await checkout(shop, await addToCart(shop, 'SPF50-FLUID', '1'), {
      email: 'a@b.de',
      name: 'A',
    })
    expect((await other.request(location)).status).toBe(404)
  })
})

describe('startDemoShop', () => {
  it('serves on the given port and host, and closes', async () => {
    const port = await freePort()
    const running = await startDemoShop({ port, glamUrl, publicKey })
    expect(running.url).toBe(`http://127.0.0.1:${port}`)
    const res = await fetch(`${running.url}/`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(tag)
    await running.close()
    await running.close()
    await expect(fetch(`${running.url}/`)).rejects.toThrow()
  })

  it('fails to start on a port that is taken', async () => {
    const first = await startDemoShop({ port: 0, glamUrl, publicKey })
    const port = Number(new URL(first.url).port)
    await expect(startDemoShop({ port, glamUrl, publicKey })).rejects.toThrow(/EADDRINUSE/)
    await first.close()
  })
})
