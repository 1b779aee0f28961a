/**
 * Large inserts for the Node client, encoded a slice at a time with a turn of the event loop
 * between slices and streamed as the request body (`exec` with `values`, the client's API for
 * pre-encoded data). The client's own `insert` encodes the whole array in one go: a 5,000-row
 * batch held the process for tens of milliseconds, which every request in flight then waited
 * for (the redirect's p99, BENCHMARKS.md "Redirect").
 */
import { Readable } from 'node:stream'
import { setImmediate as nextTurn } from 'node:timers/promises'

export const bulkSliceRows = 500

async function* ndjson(rows: readonly Record<string, unknown>[]): AsyncGenerator<string> {
  for (let start = 0; start < rows.length; start += bulkSliceRows) {
    if (start > 0) await nextTurn()
    let chunk = ''
    const end = Math.min(rows.length, start + bulkSliceRows)
    for (let i = start; i < end; i++) chunk += `${JSON.stringify(rows[i])}\n`
    yield chunk
  }
}

export interface ExecClient {
  exec(params: { query: string; values: Readable }): Promise<{ stream: Readable }>
}

/** INSERT … FORMAT JSONEachRow with the rows streamed; resolves once ClickHouse has answered. */
export async function bulkInsert(
  client: ExecClient,
  table: string,
  rows: readonly Record<string, unknown>[],
) {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)?$/.test(table)) throw new Error(`not a table name: ${table}`)
  const result = await client.exec({
    query: `INSERT INTO ${table} FORMAT JSONEachRow`,
    values: Readable.from(ndjson(rows), { objectMode: false }),
  })
  // The answer is empty; it is read to the end so the connection goes back to the pool.
  for await (const _ of result.stream) {
    // nothing to read
  }
}
