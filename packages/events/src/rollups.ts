/**
 * Keeping the rollups (rollup-tables.ts) equal to the raw tables: `verify` compares every hourly
 * group over a window, `repair` inserts the difference as correction rows, `rebuild` fills them
 * again from the raw tables (`npm run events -- backfill`). All three take whole UTC hours.
 *
 * ```ts
 * const report = await verifyRollups(backend, { from, to }) // [{ rollup, groups, mismatched, … }]
 * await repairRollups(backend, { from, to })                 // the corrections inserted
 * ```
 */
import type { EventBackend } from './backend.ts'
import {
  conversionMeasureNames,
  type RollupName,
  rawAggregates,
  rollupKeys,
  rollupNames,
} from './rollup-tables.ts'

type Backend = Pick<EventBackend, 'database' | 'query' | 'command'>

export interface RollupWindow {
  from: Date
  to: Date
}

export interface RollupCheck {
  rollup: RollupName
  /** Hourly groups in the window (in the raw table, the rollup, or both). */
  groups: number
  /** Groups whose figures differ. */
  mismatched: number
  /** Per measure: the raw table's total and the rollup's. */
  totals: Record<string, { raw: number; rollup: number }>
}

/** The measures of each rollup: the raw aggregate's name and the rollup's column. */
const measures: Record<RollupName, [raw: string, rollup: string][]> = {
  clicks_hourly: [['clicks', 'clicks']],
  clicks_geo_hourly: [['clicks', 'clicks']],
  conversions_hourly: conversionMeasureNames.map((n) => [`m_${n}`, n]),
}
const hasVisitors = (name: RollupName) => name !== 'conversions_hourly'

const hourText = (d: Date) => d.toISOString().slice(0, 13).replace('T', ' ') + ':00:00'

/** The window widened to whole hours. */
export function wholeHours({ from, to }: RollupWindow): { from: string; to: string } {
  const start = new Date(Math.floor(from.getTime() / 3_600_000) * 3_600_000)
  const end = new Date(Math.ceil(to.getTime() / 3_600_000) * 3_600_000)
  if (end <= start) throw new Error('the rollup window is empty: from must be before to')
  return { from: hourText(start), to: hourText(end) }
}

/** Raw aggregates joined with the rollup's sums, group by group. */
function joined(db: string, name: RollupName) {
  const keys = rollupKeys[name].join(', ')
  const sums = measures[name].map(([, col]) => `sum(${col}) AS h_${col}`).join(', ')
  return `(${rawAggregates(db, true)[name]}) AS r
    FULL OUTER JOIN (
      SELECT ${keys}, ${sums} FROM ${db}.${name}
      WHERE hour >= toDateTime({from:String}, 'UTC') AND hour < toDateTime({to:String}, 'UTC')
      GROUP BY ${keys}
    ) AS h USING (${keys})`
}
const differs = (name: RollupName) =>
  measures[name].map(([raw, col]) => `r.${raw} != h.h_${col}`).join(' OR ')

/** Compares each rollup with the raw tables over the window. */
export async function verifyRollups(backend: Backend, window: RollupWindow): Promise<RollupCheck[]> {
  const params = wholeHours(window)
  const checks: RollupCheck[] = []
  for (const name of rollupNames) {
    const totals = measures[name]
      .map(
        ([raw, col]) => `toString(sum(r.${raw})) AS raw_${col}, toString(sum(h.h_${col})) AS rollup_${col}`,
      )
      .join(', ')
    const [row] = await backend.query<Record<string, string>>(
      `SELECT toString(count()) AS groups, toString(countIf(${differs(name)})) AS mismatched, ${totals}
       FROM ${joined(backend.database, name)}
       SETTINGS join_use_nulls = 0`,
      params,
    )
    checks.push({
      rollup: name,
      groups: Number(row?.groups ?? 0),
      mismatched: Number(row?.mismatched ?? 0),
      totals: Object.fromEntries(
        measures[name].map(([, col]) => [
          col,
          { raw: Number(row?.[`raw_${col}`] ?? 0), rollup: Number(row?.[`rollup_${col}`] ?? 0) },
        ]),
      ),
    })
  }
  return checks
}

/**
 * Inserts, for every group that differs, a row with the difference (and the raw visitor hashes,
 * which a `uniq` state may take again), so the rollups equal the raw tables over the window.
 * Returns the groups corrected per rollup.
 */
export async function repairRollups(
  backend: Backend,
  window: RollupWindow,
): Promise<Record<RollupName, number>> {
  const db = backend.database
  const params = wholeHours(window)
  const before = await verifyRollups(backend, window)
  const corrected = {} as Record<RollupName, number>
  for (const check of before) {
    const name = check.rollup
    corrected[name] = check.mismatched
    if (check.mismatched === 0) continue
    const keys = rollupKeys[name]
    const columns = [
      ...keys,
      ...measures[name].map(([, col]) => col),
      ...(hasVisitors(name) ? ['visitors'] : []),
    ]
    const values = [
      ...keys,
      ...measures[name].map(([raw, col]) => `r.${raw} - h.h_${col}`),
      ...(hasVisitors(name) ? ['r.visitors'] : []),
    ]
    await backend.command(
      `INSERT INTO ${db}.${name} (${columns.join(', ')})
       SELECT ${values.join(', ')} FROM ${joined(db, name)}
       WHERE ${differs(name)}
       SETTINGS join_use_nulls = 0`,
      params,
    )
  }
  return corrected
}

/**
 * Empties the rollups and fills them again from the raw tables, a month at a time (memory stays
 * bounded), then repairs the last hours (rows inserted while it ran). For data written before
 * the rollups existed, or after a change to their definitions.
 */
export async function rebuildRollups(
  backend: Backend,
  options: { now?: Date; onMonth?: (month: string) => void } = {},
): Promise<{ months: string[] }> {
  const db = backend.database
  for (const name of rollupNames) await backend.command(`TRUNCATE TABLE IF EXISTS ${db}.${name}`)
  const months = (
    await backend.query<{ month: string }>(
      `SELECT DISTINCT toString(toYYYYMM(time)) AS month FROM
         (SELECT time FROM ${db}.clicks UNION ALL SELECT time FROM ${db}.conversions) ORDER BY month`,
    )
  ).map((r) => r.month)
  for (const month of months) {
    options.onMonth?.(month)
    const start = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(4)) - 1, 1))
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
    const params = { from: hourText(start), to: hourText(end) }
    for (const name of rollupNames)
      await backend.command(`INSERT INTO ${db}.${name} ${rawAggregates(db, true)[name]}`, params)
  }
  const now = options.now ?? new Date()
  await repairRollups(backend, {
    from: new Date(now.getTime() - 3 * 3_600_000),
    to: new Date(now.getTime() + 3_600_000),
  })
  return { months }
}
