/**
 * The deduplicating gate in front of `clicks` and `conversions`: delivery is at least once (a
 * batch whose answer was lost is sent again, a spilled batch is replayed, a queue redelivers
 * messages in other batches), and the rollup views count by sums (rollup-tables.ts), so a row
 * the table holds already must not be inserted again. Before an insert the gate asks the table
 * which of the batch's ids (with their version, for conversions) it has, by the table's own key
 * (customer, campaign, day, id: a few granules), and drops those rows and repeats within the
 * batch.
 *
 * The ids, days and versions are written into the query as literals: there are thousands of them
 * and bound parameters travel in the URL. Only values that match the UUID, date and integer
 * patterns are written; a row with any other value is passed on untouched, and ClickHouse
 * refuses it as it would have anyway.
 */
import { nilUuid } from '@glam/core'

const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const day = /^\d{4}-\d{2}-\d{2}$/
const integer = /^\d{1,20}$/
const nil = nilUuid

/** The tables the gate watches, and whether a row is an id or an id at a version. */
export const deduplicated: Record<string, { versioned: boolean }> = {
  clicks: { versioned: false },
  conversions: { versioned: true },
}

/** Ids looked up per query (about 400 kB of SQL at most, sent in the request body). */
const chunkSize = 10_000

type Row = Readonly<Record<string, unknown>>
type Query = (sql: string) => Promise<{ id: string; version?: string }[]>

const keyOf = (row: Row, versioned: boolean) =>
  versioned ? `${String(row.id)}@${String(row.version ?? '')}` : String(row.id)

const list = (values: Iterable<string>) => [...values].map((v) => `'${v}'`).join(',')

/**
 * The rows of `rows` that `table` does not hold yet, each key once. `table` is the bare name;
 * tables the gate does not watch come back as they are.
 */
export async function withoutDuplicates(
  query: Query,
  database: string,
  table: string,
  rows: readonly Row[],
): Promise<readonly Row[]> {
  const spec = deduplicated[table]
  if (!spec) return rows
  const seen = new Set<string>()
  const unique: Row[] = []
  const checkable: Row[] = []
  for (const row of rows) {
    const key = keyOf(row, spec.versioned)
    if (seen.has(key)) continue
    seen.add(key)
    unique.push(row)
    const time = typeof row.time === 'string' ? row.time.slice(0, 10) : ''
    const ok =
      typeof row.id === 'string' &&
      uuid.test(row.id) &&
      day.test(time) &&
      uuid.test(String(row.customer_id ?? nil)) &&
      uuid.test(String(row.campaign_id ?? nil)) &&
      (!spec.versioned || integer.test(String(row.version ?? '')))
    if (ok) checkable.push(row)
  }
  const held = new Set<string>()
  for (let start = 0; start < checkable.length; start += chunkSize) {
    const chunk = checkable.slice(start, start + chunkSize)
    const ids = new Set(chunk.map((r) => String(r.id).toLowerCase()))
    const customers = new Set(chunk.map((r) => String(r.customer_id ?? nil).toLowerCase()))
    const campaigns = new Set(chunk.map((r) => String(r.campaign_id ?? nil).toLowerCase()))
    const days = new Set(chunk.map((r) => String(r.time).slice(0, 10)))
    const found = await query(
      `SELECT toString(id) AS id${spec.versioned ? ', toString(version) AS version' : ''}
       FROM ${database}.${table}
       WHERE customer_id IN (${list(customers)}) AND campaign_id IN (${list(campaigns)})
         AND toDate(time) IN (${list(days)}) AND id IN (${list(ids)})`,
    )
    for (const r of found) held.add(spec.versioned ? `${r.id}@${r.version}` : r.id)
  }
  if (held.size === 0) return unique
  return unique.filter((row) => {
    const id = String(row.id).toLowerCase()
    return !held.has(spec.versioned ? `${id}@${String(row.version ?? '')}` : id)
  })
}
