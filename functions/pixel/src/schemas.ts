/**
 * What shops send: the pixel's purchase and the server-to-server order, validated strictly.
 * Amounts are major units; absurd values (negative, over 10 million, unknown currencies, more
 * than 500 lines, more decimals than the currency has) are refused with the field named.
 */
import { z } from 'zod'
import { isCurrency, toMinor } from './money.ts'

export const maxLines = 500
const maxTotal = 10_000_000

const text = (max: number) => z.string().trim().min(1).max(max)
const amount = z.number().finite().min(0).max(maxTotal)
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
}

/** Amounts must fit the currency's minor unit. */
const inMinorUnits = <T extends { total: number; currency: string; items: { price: number }[] }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (toMinor(value.total, value.currency) === null)
    ctx.addIssue({ code: 'custom', path: ['total'], message: `more decimals than ${value.currency} has` })
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
