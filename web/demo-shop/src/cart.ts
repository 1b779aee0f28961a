/**
 * The cart lives in a cookie as `SKU:quantity|SKU:quantity`. Whatever comes back is checked
 * again: unknown products, bad quantities and anything else that does not parse is dropped.
 */
import { coupons, findProduct, type Product } from './catalogue.ts'

export const cartCookie = 'demo_cart'
export const maxQuantity = 10

/** SKU → quantity, in the order the products were added. */
export type Cart = Map<string, number>

const entryPattern = /^([A-Z0-9-]{1,40}):(\d{1,2})$/

export function parseCart(value: string | undefined): Cart {
  const cart: Cart = new Map()
  if (!value || value.length > 1000) return cart
  for (const entry of value.split('|').slice(0, 50)) {
    const match = entryPattern.exec(entry)
    if (!match) continue
    const [, sku, digits] = match as unknown as [string, string, string]
    const quantity = Number(digits)
    if (!findProduct(sku) || quantity < 1 || quantity > maxQuantity) continue
    cart.set(sku, Math.min(maxQuantity, (cart.get(sku) ?? 0) + quantity))
  }
  return cart
}

export const serializeCart = (cart: Cart) =>
  [...cart].map(([sku, quantity]) => `${sku}:${quantity}`).join('|')

export function addToCart(cart: Cart, sku: string, quantity: number): Cart {
  const next = new Map(cart)
  next.set(sku, Math.min(maxQuantity, (next.get(sku) ?? 0) + quantity))
  return next
}

export function removeFromCart(cart: Cart, sku: string): Cart {
  const next = new Map(cart)
  next.delete(sku)
  return next
}

export interface Line {
  product: Product
  quantity: number
  lineCents: number
}

export interface Totals {
  lines: Line[]
  subtotalCents: number
  coupon?: string
  discountCents: number
  totalCents: number
}

/** Prices the cart on the server, in integer cents; a known coupon takes its percentage off. */
export function priceCart(cart: Cart, coupon?: string): Totals {
  const lines: Line[] = []
  for (const [sku, quantity] of cart) {
    const product = findProduct(sku)
    if (product) lines.push({ product, quantity, lineCents: product.priceCents * quantity })
  }
  const subtotalCents = lines.reduce((sum, line) => sum + line.lineCents, 0)
  const percent = coupon ? coupons[coupon] : undefined
  const discountCents = percent ? Math.round((subtotalCents * percent) / 100) : 0
  return {
    lines,
    subtotalCents,
    ...(percent ? { coupon } : {}),
    discountCents,
    totalCents: subtotalCents - discountCents,
  }
}

export const itemCount = (cart: Cart) => [...cart.values()].reduce((sum, n) => sum + n, 0)
