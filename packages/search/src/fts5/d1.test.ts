// The engine on a D1 binding. The whole contract runs on a D1 stand-in (libsql behind D1's
// prepare/bind/all/batch API, refusing more than 100 bound values a statement as D1 does), so
// the edge adapter's statement shapes are proven; then workerd's own D1 (Miniflare) indexes and
// searches, proving its SQLite has what the engine needs (FTS5 with contentless_delete,
// json_each, group_concat).

import { oneAtATime } from '@glam/testing/databases'
import Database from 'libsql'
import { Miniflare } from 'miniflare'
import { describe, expect, it } from 'vitest'
import { contractCatalogue, searchContract } from '../contract.ts'
import { createFts5Search } from './engine.ts'
import { type D1Like, type D1StatementLike, d1Executor } from './sql.ts'

function d1StandIn(): D1Like & { close(): void } {
  const db = new Database(':memory:')
  type Bound = D1StatementLike & { run(): unknown[] }
  const statement = (sql: string, values: unknown[]): Bound => {
    if (values.length > 100) throw new Error('D1_ERROR: too many SQL variables')
    const run = () => {
      const st = db.prepare(sql)
      if (st.reader) return st.all(values as never) as unknown[]
      st.run(values as never)
      return []
    }
    return { run, all: async () => ({ results: run() }) }
  }
  return {
    prepare: (sql) => ({ bind: (...values) => statement(sql, values) }),
    async batch(statements) {
      return db.transaction(() => (statements as Bound[]).map((s) => ({ results: s.run() })))()
    },
    close: () => db.close(),
  }
}

searchContract('fts5 on a D1 binding (stand-in with D1 limits)', async () => {
  const d1 = d1StandIn()
  const engine = await createFts5Search({ executor: d1Executor(d1) })
  return { engine, close: async () => d1.close() }
})

describe("fts5 on workerd's D1 (Miniflare)", () => {
  it('indexes and searches', { timeout: 60_000 }, async () => {
    const mf = new Miniflare({
      modules: true,
      script: 'export default { fetch() { return new Response(null, { status: 404 }) } }',
      compatibilityDate: '2026-04-01',
      cf: false,
      d1Databases: ['SEARCH_DB'],
    })
    try {
      // One call at a time through Miniflare's proxy (see oneAtATime).
      const d1 = oneAtATime((await mf.getD1Database('SEARCH_DB')) as never) as unknown as D1Like
      const engine = await createFts5Search({ executor: d1Executor(d1) })
      await engine.upsert(contractCatalogue())
      const serum = await engine.search({ q: 'serun', locale: 'de' })
      expect(serum.hits.map((h) => h.productId).sort()).toEqual(['serum-glow', 'serum-hyal'])
      const lip = await engine.search({ q: 'lippen stift', locale: 'de' })
      expect(lip.total).toBe(2)
      expect((await engine.suggest({ q: 'glo', locale: 'de' })).products.map((p) => p.productId)).toEqual([
        'serum-glow',
      ])
      await engine.remove(['serum-glow'])
      expect((await engine.search({ q: 'glow', locale: 'de' })).total).toBe(0)
    } finally {
      await mf.dispose()
    }
  })
})
