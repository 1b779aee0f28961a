/**
 * Typed ClickHouse queries with bound parameters. The SQL names its tables as
 * `{db:Identifier}.clicks`; every other value is a `{name:Type}` placeholder bound by
 * ClickHouse itself, so nothing from input is ever spliced into SQL.
 *
 * ```ts
 * const clicksPerDay = defineQuery<{ campaign: string }, { day: string; clicks: string }>(
 *   'SELECT toDate(time) AS day, uniqExact(id) AS clicks FROM {db:Identifier}.clicks WHERE campaign_id = {campaign:UUID} GROUP BY day',
 * )
 * await clicksPerDay(backend, { campaign })
 * ```
 */
import type { Analytics } from '@glam/core'

export function defineQuery<Params extends Record<string, unknown>, Row>(sql: string) {
  const placeholders = new Set([...sql.matchAll(/\{(\w+):[^}]+\}/g)].map((m) => m[1]!))
  placeholders.delete('db')
  return (backend: Analytics, params: Params): Promise<Row[]> => {
    for (const name of placeholders) {
      if (params[name] === undefined) throw new Error(`query parameter ${name} is missing`)
    }
    for (const name of Object.keys(params)) {
      if (!placeholders.has(name)) throw new Error(`query has no parameter ${name}`)
    }
    return backend.query<Row>(sql, { ...params, db: backend.database })
  }
}
