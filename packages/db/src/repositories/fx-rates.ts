/**
 * Exchange rates staff keep per day: 1 `base` = `rate` `quote`, the rate as decimal text (never a
 * float). A day without a rate of its own takes the latest one before it (`ratesFor`).
 *
 * ```ts
 * await repos.fxRates.upsert([{ day: '2026-06-01', base: 'EUR', quote: 'USD', rate: '1.0834' }], userId)
 * const byBase = await repos.fxRates.ratesFor('EUR', ['USD', 'GBP'], '2026-06-01', '2026-06-30')
 * ```
 */
import { and, asc, eq, gte, inArray, lte, max, or, type SQL } from 'drizzle-orm'
import type { RepoContext } from './context.ts'

export type FxRate = RepoContext['database']['t']['fxRates']['$inferSelect']

export interface FxRateInput {
  /** `YYYY-MM-DD`. */
  day: string
  base: string
  quote: string
  /** Decimal text; stored as given (the API canonicalises it first). */
  rate: string
  source?: string | null
}

/** One day's rate of a base to the quote. `inverse`: only quote→base is stored that day, so use 1/rate. */
export interface FxRatePoint {
  day: string
  rate: string
  inverse?: true
}

export interface FxUpsertResult {
  created: FxRate[]
  updated: { before: FxRate; after: FxRate }[]
  unchanged: number
}

const keyOf = (r: { day: string; base: string; quote: string }) => `${r.day}/${r.base}/${r.quote}`

export function fxRatesRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const fx = t.fxRates
  // D1 binds at most 100 parameters a statement (7 columns a row; a few per currency in ratesFor).
  const rowsPerInsert = database.dialect === 'd1' ? 14 : 1_000
  const currenciesPerQuery = database.dialect === 'd1' ? 40 : 500

  return {
    /** Rates by day, then base, then quote; every filter optional, days inclusive. */
    async list(
      filter: { from?: string; to?: string; base?: string; quote?: string } = {},
    ): Promise<FxRate[]> {
      return db
        .select()
        .from(fx)
        .where(
          and(
            filter.from ? gte(fx.day, filter.from) : undefined,
            filter.to ? lte(fx.day, filter.to) : undefined,
            filter.base ? eq(fx.base, filter.base) : undefined,
            filter.quote ? eq(fx.quote, filter.quote) : undefined,
          ),
        )
        .orderBy(asc(fx.day), asc(fx.base), asc(fx.quote))
    },

    /** One rate, or null. */
    async get(day: string, base: string, quote: string): Promise<FxRate | null> {
      const [row] = await db
        .select()
        .from(fx)
        .where(and(eq(fx.day, day), eq(fx.base, base), eq(fx.quote, quote)))
        .limit(1)
      return row ?? null
    },

    /**
     * Writes a batch all or nothing. Idempotent: a rate sent again with the same value and source
     * is left as it is (its `updatedAt` and `updatedBy` too). Within a batch the last of a key wins.
     */
    async upsert(rates: readonly FxRateInput[], updatedBy: string | null): Promise<FxUpsertResult> {
      const wanted = new Map(rates.map((r) => [keyOf(r), r]))
      if (wanted.size === 0) return { created: [], updated: [], unchanged: 0 }
      const list = [...wanted.values()]
      const days = list.map((r) => r.day).sort()
      const existing = new Map(
        (
          await db
            .select()
            .from(fx)
            .where(
              and(
                gte(fx.day, days[0]!),
                lte(fx.day, days[days.length - 1]!),
                inArray(fx.base, [...new Set(list.map((r) => r.base))]),
                inArray(fx.quote, [...new Set(list.map((r) => r.quote))]),
              ),
            )
        ).map((row) => [keyOf(row), row]),
      )
      const at = now()
      const result: FxUpsertResult = { created: [], updated: [], unchanged: 0 }
      const writes: FxRate[] = []
      for (const r of list) {
        const before = existing.get(keyOf(r))
        const source = r.source ?? null
        if (before && before.rate === r.rate && before.source === source) {
          result.unchanged++
          continue
        }
        const after: FxRate = {
          day: r.day,
          base: r.base,
          quote: r.quote,
          rate: r.rate,
          source,
          updatedBy,
          updatedAt: at,
        }
        writes.push(after)
        if (before) result.updated.push({ before, after })
        else result.created.push(after)
      }
      await ops.atomic((on) => {
        const statements = []
        for (let i = 0; i < writes.length; i += rowsPerInsert)
          statements.push(
            ops.upsert(
              fx,
              writes.slice(i, i + rowsPerInsert),
              {
                target: [fx.day, fx.base, fx.quote],
                update: [fx.rate, fx.source, fx.updatedBy, fx.updatedAt],
              },
              on,
            ),
          )
        return statements
      })
      return result
    },

    /** Inserts the rates that do not exist yet, leaving every stored one as it is (demo data). */
    async addMissing(rates: readonly FxRateInput[]): Promise<void> {
      const rows = rates.map((r) => ({ ...r, source: r.source ?? null, updatedBy: null, updatedAt: now() }))
      for (let i = 0; i < rows.length; i += rowsPerInsert)
        await ops.insertIgnore(fx, rows.slice(i, i + rowsPerInsert))
    },

    /** Deletes one rate; answers what was deleted, or null when there was none. */
    async remove(day: string, base: string, quote: string): Promise<FxRate | null> {
      const [row] = await db
        .select()
        .from(fx)
        .where(and(eq(fx.day, day), eq(fx.base, base), eq(fx.quote, quote)))
        .limit(1)
      if (!row) return null
      await db.delete(fx).where(and(eq(fx.day, day), eq(fx.base, base), eq(fx.quote, quote)))
      return row
    },

    /**
     * For each base currency, its rates to `quote` by day over [fromDay, toDay], starting with the
     * latest one on or before `fromDay` (rates carry forward to days without one). Where a day has
     * only the opposite pair (quote→base) stored, that one is given with `inverse: true`; a direct
     * rate wins on the same day. Every base asked for is in the map (an empty list: no rate).
     */
    async ratesFor(
      quote: string,
      bases: string[],
      fromDay: string,
      toDay: string,
    ): Promise<Map<string, { day: string; rate: string }[]>> {
      const wanted = [...new Set(bases)].filter((b) => b !== quote)
      const byBase = new Map<string, FxRatePoint[]>(bases.map((b) => [b, []]))
      for (let i = 0; i < wanted.length; i += currenciesPerQuery) {
        const chunk = wanted.slice(i, i + currenciesPerQuery)
        // Both directions of every pair: X→quote, and quote→X for the inverse.
        const pairs: SQL = or(
          and(eq(fx.quote, quote), inArray(fx.base, chunk)),
          and(eq(fx.base, quote), inArray(fx.quote, chunk)),
        )!
        const currencyOf = (row: { base: string; quote: string }) =>
          row.quote === quote ? row.base : row.quote
        // The latest day on or before fromDay, per currency (either direction).
        const anchors = new Map<string, string>()
        for (const row of await db
          .select({ base: fx.base, quote: fx.quote, day: max(fx.day) })
          .from(fx)
          .where(and(pairs, lte(fx.day, fromDay)))
          .groupBy(fx.base, fx.quote)) {
          const currency = currencyOf(row)
          const held = anchors.get(currency)
          if (row.day && (!held || row.day > held)) anchors.set(currency, row.day)
        }
        const lowest = [...anchors.values(), fromDay].sort()[0]!
        const rows = await db
          .select({ day: fx.day, base: fx.base, quote: fx.quote, rate: fx.rate })
          .from(fx)
          .where(and(pairs, gte(fx.day, lowest), lte(fx.day, toDay)))
          .orderBy(asc(fx.day))
        const perDay = new Map<string, Map<string, FxRatePoint>>()
        for (const row of rows) {
          const currency = currencyOf(row)
          if (row.day < (anchors.get(currency) ?? fromDay)) continue
          const days = perDay.get(currency) ?? new Map<string, FxRatePoint>()
          perDay.set(currency, days)
          const direct = row.quote === quote
          if (direct) days.set(row.day, { day: row.day, rate: row.rate })
          else if (!days.has(row.day)) days.set(row.day, { day: row.day, rate: row.rate, inverse: true })
        }
        for (const [currency, days] of perDay) byBase.set(currency, [...days.values()])
      }
      return byBase
    },

    /** The repository clock's UTC day (`YYYY-MM-DD`): what "today" means for the demo rates. */
    today: () => now().toISOString().slice(0, 10),
  }
}
