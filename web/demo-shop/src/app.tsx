/** The shop's routes: catalogue, cart in a cookie, checkout, and the confirmation with the purchase call. */
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import {
  addToCart,
  type Cart,
  cartCookie,
  itemCount,
  maxQuantity,
  parseCart,
  priceCart,
  removeFromCart,
  serializeCart,
} from './cart.ts'
import { coupons, findProduct, products } from './catalogue.ts'
import { mountFeeds } from './feeds.ts'
import { Layout, type PixelOptions } from './layout.tsx'
import { createOrderStore } from './orders.ts'
import {
  CartPage,
  type CheckoutErrors,
  CheckoutPage,
  type CheckoutValues,
  HomePage,
  MessagePage,
  OrderPage,
  ProductPage,
} from './pages.tsx'
import { productPhotos } from './photos.ts'

export interface DemoShopOptions {
  /**
   * Glam's public URL, e.g. `http://localhost:3000`: the tag loads `${glamUrl}/pixel.js`, the
   * product photos are its image variants `${glamUrl}/i/<sha256>?p=card` (with a srcset).
   */
  glamUrl: string
  /** The shop's public key in Glam, e.g. `pk_demo_shop_public_key_01`. */
  publicKey: string
  /**
   * Prices in cents that differ from the catalogue's, by SKU, asked per feed request: what
   * `npm run demo -- price-drop` sets, so the feed offers the new price. Pages keep the list price.
   */
  prices?: () => Readonly<Record<string, number>>
  /** SKUs the feed says are out of stock, asked per feed request (`npm run demo -- out-of-stock`). */
  outOfStock?: () => ReadonlySet<string>
}

const emailPattern = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/
// Letters, digits and the punctuation of names; no control or bidi characters.
const controlPattern = /[\p{Cc}\p{Cf}]/u
const couponPattern = /^[A-Z0-9_-]{1,32}$/

function checkOptions(options: DemoShopOptions): PixelOptions {
  let url: URL
  try {
    url = new URL(options.glamUrl)
  } catch {
    throw new Error(
      `createDemoShopApp: glamUrl must be an absolute URL, got ${JSON.stringify(options.glamUrl)}`,
    )
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash)
    throw new Error(
      'createDemoShopApp: glamUrl must be a plain http(s) URL without credentials, query or hash',
    )
  if (!/^pk_[A-Za-z0-9_-]{4,120}$/.test(options.publicKey))
    throw new Error('createDemoShopApp: publicKey must look like pk_…')
  return { glamUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, publicKey: options.publicKey }
}

const field = (form: Record<string, unknown>, name: string) => {
  const value = form[name]
  return typeof value === 'string' ? value.trim() : ''
}

export function createDemoShopApp(options: DemoShopOptions) {
  const pixel = checkOptions(options)
  const photos = productPhotos(pixel.glamUrl, products)
  const orders = createOrderStore()

  const readCart = (c: Context) => parseCart(getCookie(c, cartCookie))
  const writeCart = (c: Context, cart: Cart) => {
    if (cart.size === 0) return deleteCookie(c, cartCookie, { path: '/' })
    setCookie(c, cartCookie, serializeCart(cart), {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: 7 * 86400,
    })
  }
  const render = (c: Context, title: string, body: Child, status: ContentfulStatusCode = 200) => {
    c.header('Cache-Control', 'no-store')
    return c.html(
      <Layout title={title} pixel={pixel} cartCount={itemCount(readCart(c))}>
        {body}
      </Layout>,
      status,
    )
  }
  const message = (c: Context, status: ContentfulStatusCode, heading: string, text: string) =>
    render(c, heading, <MessagePage heading={heading} message={text} />, status)

  const app = new Hono()
  app.use('*', csrf())
  app.use(
    '*',
    bodyLimit({
      maxSize: 16 * 1024,
      onError: (c) => message(c, 413, 'Too large', 'That form was too large.'),
    }),
  )

  app.get('/', (c) => render(c, 'Shop', <HomePage products={products} photos={photos} />))
  const prices = options.prices
  mountFeeds(app, {
    shopUrl: (c) => new URL(c.req.url).origin,
    photoOf: (p) => photos.get(p.sku)!.src,
    ...(prices && { priceOf: (p) => prices()[p.sku] ?? p.priceCents }),
    ...(options.outOfStock && { inStock: (p) => !options.outOfStock!().has(p.sku) }),
  })

  app.get('/products/:sku', (c) => {
    const product = findProduct(c.req.param('sku'))
    if (!product) return message(c, 404, 'Product not found', 'We do not sell that product (any more).')
    return render(c, product.name, <ProductPage product={product} photo={photos.get(product.sku)!} />)
  })

  app.post('/cart/add', async (c) => {
    const form = await c.req.parseBody()
    const product = findProduct(field(form, 'sku'))
    const quantityText = field(form, 'quantity') || '1'
    const quantity = /^\d{1,3}$/.test(quantityText) ? Number(quantityText) : 0
    if (!product) return message(c, 400, 'Product not found', 'We do not sell that product.')
    if (quantity < 1 || quantity > maxQuantity)
      return message(c, 400, 'Check the quantity', `Choose between 1 and ${maxQuantity} pieces.`)
    writeCart(c, addToCart(readCart(c), product.sku, quantity))
    return c.redirect('/cart', 303)
  })

  app.post('/cart/remove', async (c) => {
    const form = await c.req.parseBody()
    writeCart(c, removeFromCart(readCart(c), field(form, 'sku')))
    return c.redirect('/cart', 303)
  })

  app.get('/cart', (c) => render(c, 'Cart', <CartPage totals={priceCart(readCart(c))} />))

  app.get('/checkout', (c) => {
    const cart = readCart(c)
    if (cart.size === 0) return c.redirect('/cart', 303)
    const values: CheckoutValues = { email: '', name: '', coupon: '' }
    return render(c, 'Checkout', <CheckoutPage totals={priceCart(cart)} values={values} errors={{}} />)
  })

  app.post('/checkout', async (c) => {
    const cart = readCart(c)
    if (cart.size === 0) return c.redirect('/cart', 303)
    const form = await c.req.parseBody()
    const values: CheckoutValues = {
      email: field(form, 'email').slice(0, 254),
      name: field(form, 'name').slice(0, 100),
      coupon: field(form, 'coupon').toUpperCase().slice(0, 32),
    }
    const errors: CheckoutErrors = {}
    if (!emailPattern.test(values.email)) errors.email = 'Enter an e-mail address like name@example.com.'
    if (!values.name || controlPattern.test(values.name)) errors.name = 'Enter your name.'
    if (values.coupon && !(couponPattern.test(values.coupon) && coupons[values.coupon]))
      errors.coupon = 'This coupon code is not valid.'
    if (Object.keys(errors).length > 0)
      return render(
        c,
        'Checkout',
        <CheckoutPage totals={priceCart(cart, values.coupon)} values={values} errors={errors} />,
        400,
      )
    const order = orders.create({
      email: values.email,
      name: values.name,
      ...priceCart(cart, values.coupon || undefined),
    })
    writeCart(c, new Map())
    return c.redirect(`/order/${order.id}`, 303)
  })

  app.get('/order/:id', (c) => {
    const order = orders.get(c.req.param('id'))
    if (!order) return message(c, 404, 'Order not found', 'There is no order with that number.')
    return render(c, `Order ${order.id}`, <OrderPage order={order} />)
  })

  app.notFound((c) => message(c, 404, 'Page not found', 'Nothing lives at this address.'))
  app.onError((error, c) => {
    // Refusals of the middleware (403 cross-origin form, 413 too large) keep their status.
    if (error instanceof HTTPException && error.status < 500)
      return message(c, error.status, 'Request refused', 'This request cannot be served.')
    console.error('demo-shop: unexpected error', error)
    return message(c, 500, 'Something went wrong', 'Please try again in a moment.')
  })
  return app
}
