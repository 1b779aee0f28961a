/**
 * What shops send: the pixel's purchase and the server-to-server order, validated strictly.
 * Amounts are major units; absurd values (negative, over 10 million, unknown currencies, more
 * than 500 lines, more decimals than the currency has) are refused with the field named.
 * Currency codes are trimmed and upper-cased (`eur` is EUR) everywhere: purchases, orders,
 * refunds. A total that disagrees with its lines is refused with `TOTAL_MISMATCH` (checkTotal).
 */

import { isCurrency, toMajor, toMinor } from '@glam/commerce/money'
import { GlamError } from '@glam/core'
import { z } from 'zod'
import './errors.ts' // registers this function's error codes

export const maxLines = 500
const maxTotal = 10_000_000

const text = (max: number) => z.string().trim().min(1).max(max)
const amount = z.number().finite().min(0).max(maxTotal)
/** Shipping, tax and discount: optional, and null (as data layers often have it) means absent. */
const extra = amount.optional().or(z.null().transform(() => undefined))
const currency = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .refine(isCurrency, { message: 'an ISO 4217 currency code such as EUR' })

const line = z.object({
  sku: text(128),
  name: z.string().trim().max(500).optional(),
  price: amount,
  quantity: z.number().int().min(1).max(10_000),
})

const order = {
  orderId: z.union([text(128), z.number().int().nonnegative().transform(String)]),
  total: amount,
  currency,
  items: z
    .array(line)
    .max(maxLines, { message: `at most ${maxLines} lines` })
    .default([]),
  coupon: z
    .string()
    .trim()
    .max(64)
    .optional()
    .or(z.null().transform(() => undefined)),
  clickId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
  /** What the total holds besides the lines (major units, like every amount). */
  shipping: extra,
  tax: extra,
  discount: extra,
}

interface Amounts {
  total: number
  currency: string
  items: { price: number; quantity: number }[]
  shipping?: number | undefined
  tax?: number | undefined
  discount?: number | undefined
}

/** Amounts must fit the currency's minor unit. */
const inMinorUnits = <T extends Amounts>(value: T, ctx: z.RefinementCtx) => {
  // An unknown currency is its own issue; its amounts have nothing to be checked against.
  if (!isCurrency(value.currency)) return
  for (const field of ['total', 'shipping', 'tax', 'discount'] as const) {
    const amount = value[field]
    if (amount !== undefined && toMinor(amount, value.currency) === null)
      ctx.addIssue({ code: 'custom', path: [field], message: `more decimals than ${value.currency} has` })
  }
  value.items.forEach((item, i) => {
    if (toMinor(item.price, value.currency) === null)
      ctx.addIssue({
        code: 'custom',
        path: ['items', i, 'price'],
        message: `more decimals than ${value.currency} has`,
      })
  })
}

export const collectSchema = z
  .object({
    v: z.literal(1).optional(),
    key: z.string().regex(/^pk_[A-Za-z0-9_]{8,64}$/, { message: 'the shop public key (pk_…)' }),
    ...order,
    clickAt: z.number().int().positive().optional(),
    consent: z.boolean().optional(),
    url: z.string().max(2048).optional(),
    truncated: z.boolean().optional(),
  })
  .superRefine(inMinorUnits)
export type CollectInput = z.output<typeof collectSchema>

export const serverOrderSchema = z
  .strictObject({
    ...order,
    placedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine(inMinorUnits)
export type ServerOrderInput = z.output<typeof serverOrderSchema>

/** Refunds and cancels name the order in the signed body: a signature is bound to one order. */
export const refundSchema = z.strictObject({
  orderId: order.orderId,
  amount: amount.positive(),
  currency,
})
export const cancelSchema = z.strictObject({
  orderId: order.orderId,
  reason: z.string().trim().max(200).optional(),
})

/**
 * The total must agree with the order's lines: total ≈ Σ quantity × price + shipping + tax −
 * discount, where prices may also already include the tax (then total ≈ Σ + shipping −
 * discount). The tolerance is one minor unit per line, or 1% of the expected total when that is
 * more (shops round tax and discounts per line). An order without lines (the image fallback
 * drops them when the URL would be too long) has nothing to check against. Call after the
 * schema, so every amount is known to fit the currency's minor unit.
 */
export function checkTotal(input: Amounts): void {
  if (input.items.length === 0) return
  const minor = (amount: number | undefined) => (amount ? toMinor(amount, input.currency)! : 0)
  let lines = 0
  for (const item of input.items) lines += minor(item.price) * item.quantity
  const total = minor(input.total)
  const tax = minor(input.tax)
  const beforeTax = lines + minor(input.shipping) - minor(input.discount)
  const withTax = beforeTax + tax
  const tolerance = (expected: number) => Math.max(input.items.length, Math.round(Math.abs(expected) / 100))
  if (Math.abs(total - withTax) <= tolerance(withTax)) return
  if (tax > 0 && Math.abs(total - beforeTax) <= tolerance(beforeTax)) return
  const major = (value: number) => toMajor(value, input.currency)
  throw new GlamError(
    'TOTAL_MISMATCH',
    `The total ${major(total)} ${input.currency} disagrees with the lines, shipping, tax and discount (${major(withTax)}, give or take ${major(tolerance(withTax))}).`,
    {
      details: {
        currency: input.currency,
        total: major(total),
        expected: major(withTax),
        tolerance: major(tolerance(withTax)),
        lines: major(lines),
        shipping: major(minor(input.shipping)),
        tax: major(tax),
        discount: major(minor(input.discount)),
      },
    },
  )
}
