/** The shop's fixed range, its coupons, and money in integer cents. */

export interface Product {
  sku: string
  name: string
  description: string
  /** Unit price in euro cents. */
  priceCents: number
  /** The colour behind the photo while it loads. */
  colour: string
  /** Its photo: a demo image of @glam/assets (packages/assets/demo/), which Glam serves. */
  photo: string
}

export const products: readonly Product[] = [
  {
    sku: 'GLOW-SERUM-30',
    name: 'Glow Serum 30 ml',
    description: 'A vitamin C serum for a dewy, even glow. Light enough for every morning.',
    priceCents: 3490,
    colour: '#f4b183',
    photo: 'glow-serum.jpg',
  },
  {
    sku: 'LIP-OIL-ROSE',
    name: 'Rose Lip Oil',
    description: 'Nourishing lip oil with rosehip and a sheer rosy tint.',
    priceCents: 1850,
    colour: '#e06c8a',
    photo: 'rose-lip-oil.jpg',
  },
  {
    sku: 'SPF50-FLUID',
    name: 'Daily Fluid SPF 50',
    description: 'An invisible, non-greasy sun fluid that sits well under make-up.',
    priceCents: 2400,
    colour: '#ffe08a',
    photo: 'spf50-fluid.jpg',
  },
  {
    sku: 'CLAY-MASK-75',
    name: 'Pink Clay Mask 75 ml',
    description: 'Kaolin and pink clay to refine pores in ten minutes, once a week.',
    priceCents: 2990,
    colour: '#f2a7b8',
    photo: 'pink-clay-mask.jpg',
  },
]

const bySku = new Map(products.map((p) => [p.sku, p]))

export const findProduct = (sku: string): Product | undefined => bySku.get(sku)

/** Coupon codes (upper case) and their discount in percent: one per demo influencer. */
export const coupons: Readonly<Record<string, number>> = { LENA10: 10, MIA10: 10 }

export const currency = 'EUR'

/** `3490` → `"34.90"`: exact, no floating point. */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** `3490` → `"€34.90"`, `-698` → `"-€6.98"`. */
export const formatPrice = (cents: number) => `${cents < 0 ? '-' : ''}€${formatAmount(Math.abs(cents))}`
