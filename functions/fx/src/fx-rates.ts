/**
 * `/api/fx-rates`: the exchange rates staff keep per day (1 `base` = `rate` `quote`).
 * - `GET /?from=&to=&base=&quote=`: rates by day (days inclusive; the last 31 days by default,
 *   at most 366), for any caller holding `reports:read`.
 * - `PUT /` `{ rates: [{ day, base, quote, rate, source? }] }`: a batch written all or nothing and
 *   idempotently (platform-wide callers with `fx-rates:write`: admins, staff, admin keys). One bad
 *   item refuses the whole batch with 400 VALIDATION_FAILED naming it (`rates.<index>.<field>`).
 * - `DELETE /:day/:base/:quote`: removes one rate (404 when there is none).
 * Every created, changed or deleted rate is audited (`fx_rate.*`, target `<day>/<base>/<quote>`).
 */
import { isPlatformWide, requireCaller, requirePlatformCaller } from '@glam/auth'
import { canonicalRate, maxRateDigits } from '@glam/commerce/fx'
import { isCurrency } from '@glam/commerce/money'
import {
  type AppEnv,
  checked,
  GlamError,
  jsonBody,
  type Principal,
  validationHook,
  validJson,
} from '@glam/core'
import type { FxRate } from '@glam/db/repositories/fx-rates'
import { repositoriesOf } from '@glam/db/repositories/index'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { z } from 'zod'

/** Whether `YYYY-MM-DD` names a day of the calendar (no 2026-02-30). */
const isRealDay = (text: string) => {
  const at = Date.parse(`${text}T00:00:00Z`)
  return Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === text
}

export const fxDay = z.string().superRefine((text, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) ctx.addIssue({ code: 'custom', message: 'a day as YYYY-MM-DD' })
  else if (!isRealDay(text)) ctx.addIssue({ code: 'custom', message: 'not a day of the calendar' })
})
export const fxCurrency = z.string().superRefine((code, ctx) => {
  if (!/^[A-Z]{3}$/.test(code))
    ctx.addIssue({ code: 'custom', message: 'three upper-case letters (ISO 4217)' })
  else if (!isCurrency(code)) ctx.addIssue({ code: 'custom', message: 'not an ISO 4217 currency' })
})

const rateText = z
  .string()
  .max(50)
  .refine(
    (text) => canonicalRate(text) !== null,
    `a positive decimal as a string (digits and one point) with at most ${maxRateDigits} significant digits`,
  )

export const fxRateInput = z
  .strictObject({
    day: fxDay,
    base: fxCurrency,
    quote: fxCurrency,
    rate: rateText,
    source: z.string().trim().min(1).max(64).optional(),
  })
  .refine((r) => r.base !== r.quote, { message: 'base and quote must differ', path: ['quote'] })

export const putRatesInput = z
  .strictObject({ rates: z.array(fxRateInput).min(1).max(1_000) })
  .superRefine(({ rates }, ctx) => {
    const seen = new Map<string, number>()
    rates.forEach((r, index) => {
      const key = `${r.day}/${r.base}/${r.quote}`
      const first = seen.get(key)
      if (first === undefined) seen.set(key, index)
      else
        ctx.addIssue({
          code: 'custom',
          path: ['rates', index, 'day'],
          message: `the same day and pair as rates.${first}`,
        })
    })
  })

export const listRatesQuery = z
  .strictObject({
    from: fxDay.optional(),
    to: fxDay.optional(),
    base: fxCurrency.optional(),
    quote: fxCurrency.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] })

const rateParams = z.strictObject({ day: fxDay, base: fxCurrency, quote: fxCurrency })

const dayMs = 86_400_000
const maxSpanDays = 366
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10)

/** A rate as answered: who changed it only to platform-wide callers. */
const rateView = (r: FxRate, principal: Principal) => ({
  day: r.day,
  base: r.base,
  quote: r.quote,
  rate: r.rate,
  source: r.source,
  updatedAt: r.updatedAt,
  ...(isPlatformWide(principal) && { updatedBy: r.updatedBy }),
})

const audit = (c: Context<AppEnv>, action: string, r: FxRate, details: Record<string, unknown>) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action,
    targetType: 'fx_rate',
    targetId: `${r.day}/${r.base}/${r.quote}`,
    details,
    requestId: c.var.requestId,
  })

export function createFxRatesApp() {
  return new Hono<AppEnv>()
    .get(
      '/',
      requireCaller('reports:read'),
      zValidator('query', listRatesQuery, validationHook),
      async (c) => {
        const q = c.req.valid('query')
        const to =
          q.to ?? (q.from ? shiftDay(q.from, 30) : c.var.platform.clock.now().toISOString().slice(0, 10))
        const from = q.from ?? shiftDay(to, -30)
        if (Date.parse(to) - Date.parse(from) >= maxSpanDays * dayMs)
          throw new GlamError('VALIDATION_FAILED', `Ask for at most ${maxSpanDays} days at a time.`, {
            details: [{ path: 'from', code: 'too_big', message: `at most ${maxSpanDays} days before to` }],
          })
        const rates = await repositoriesOf(c.var.platform).fxRates.list({
          from,
          to,
          ...(q.base && { base: q.base }),
          ...(q.quote && { quote: q.quote }),
        })
        const principal = c.var.principal!
        return c.json({ from, to, items: rates.map((r) => rateView(r, principal)) })
      },
    )
    .put('/', requirePlatformCaller('fx-rates:write'), jsonBody(), async (c) => {
      const { rates } = await validJson(c, putRatesInput)
      const principal = c.var.principal!
      const stored = rates.map((r) => ({ ...r, rate: canonicalRate(r.rate)! }))
      const result = await repositoriesOf(c.var.platform).fxRates.upsert(stored, principal.id)
      for (const r of result.created) await audit(c, 'fx_rate.created', r, { rate: r.rate, source: r.source })
      for (const { before, after } of result.updated)
        await audit(c, 'fx_rate.updated', after, {
          rate: after.rate,
          source: after.source,
          before: { rate: before.rate, source: before.source },
        })
      c.var.log.info('fx_rates.written', {
        created: result.created.length,
        updated: result.updated.length,
        unchanged: result.unchanged,
      })
      return c.json({
        created: result.created.length,
        updated: result.updated.length,
        unchanged: result.unchanged,
        items: stored.map((r) => ({
          day: r.day,
          base: r.base,
          quote: r.quote,
          rate: r.rate,
          source: r.source ?? null,
        })),
      })
    })
    .delete('/:day/:base/:quote', requirePlatformCaller('fx-rates:write'), async (c) => {
      const { day, base, quote } = checked(rateParams, c.req.param())
      const removed = await repositoriesOf(c.var.platform).fxRates.remove(day, base, quote)
      if (!removed) throw new GlamError('NOT_FOUND', 'No such rate.')
      await audit(c, 'fx_rate.deleted', removed, { rate: removed.rate, source: removed.source })
      c.var.log.info('fx_rates.deleted', { day, base, quote })
      return c.json(rateView(removed, c.var.principal!))
    })
}
