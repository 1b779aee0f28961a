import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contractCatalogue, searchContract } from '../contract.ts'
import { Columns } from './columns.ts'
import { createFts5Search, perGeneration } from './engine.ts'
import { openLibsql } from './libsql.ts'
import type { SqlValue } from './sql.ts'
import { osaDistance, Vocabulary } from './typos.ts'

searchContract('fts5 on libsql in memory', async () => {
  const engine = await createFts5Search({ executor: await openLibsql(':memory:') })
  return { engine, close: async () => engine.close!() }
})

searchContract('fts5 on a libsql file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'search-'))
  const engine = await createFts5Search({ executor: await openLibsql(`file:${join(dir, 'search.db')}`) })
  return {
    engine,
    close: async () => {
      await engine.close!()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

describe('fts5 engine', () => {
  it('sees what another process wrote to the same file (within its generation check)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'search-'))
    const url = `file:${join(dir, 'search.db')}`
    const writer = await createFts5Search({ executor: await openLibsql(url) })
    const reader = await createFts5Search({ executor: await openLibsql(url), generationCheckMs: 0 })
    expect((await reader.suggest({ q: 'glo', locale: 'de' })).products).toEqual([])
    await writer.upsert(contractCatalogue())
    expect((await reader.suggest({ q: 'glo', locale: 'de' })).products.map((p) => p.productId)).toEqual([
      'serum-glow',
    ])
    expect((await reader.search({ q: 'serun', locale: 'de' })).total).toBe(2)
    await writer.close!()
    await reader.close!()
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts afresh when another process made the index again (its generations restart)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'search-'))
    const url = `file:${join(dir, 'search.db')}`
    const writer = await createFts5Search({ executor: await openLibsql(url) })
    const reader = await createFts5Search({ executor: await openLibsql(url), generationCheckMs: 0 })
    const catalogue = contractCatalogue()
    for (const d of catalogue) await writer.upsert([d])
    expect((await reader.search({ q: 'serum', locale: 'de' })).total).toBe(2)
    await writer.close!()
    // A newer release finds an older layout: the index is dropped and made again, then filled.
    const raw = await openLibsql(url)
    await raw.query(`UPDATE search_meta SET value = 1 WHERE key = 'schema'`)
    await raw.close!()
    const again = await createFts5Search({ executor: await openLibsql(url) })
    const lipstick = catalogue.find((d) => d.productId === 'lipstick-en')!
    await again.upsert([{ ...lipstick, title: 'Velvet Lipstick Serum Red' }])
    const found = await reader.search({ q: 'serum', locale: 'de' })
    expect(found.hits.map((h) => [h.productId, h.title])).toEqual([
      ['lipstick-en', 'Velvet Lipstick Serum Red'],
    ])
    expect(found.total).toBe(1)
    expect(found.facets.brand).toEqual([{ value: lipstick.brand, count: 1 }])
    expect(found.facets.category.map((c) => c.id)).toContain(String(lipstick.categoryId))
    expect((await reader.search({ q: '', locale: 'de' })).total).toBe(1)
    await again.close!()
    await reader.close!()
    rmSync(dir, { recursive: true, force: true })
  })

  it('loads every row of a generation when a page ends inside it', async () => {
    const executor = await openLibsql(':memory:')
    const engine = await createFts5Search({ executor })
    await engine.upsert(contractCatalogue())
    const rows = await executor.query('SELECT rowid, gid, seq FROM search_docs ORDER BY rowid')
    expect(rows.length).toBeGreaterThan(3)
    expect(new Set(rows.map((r) => r.seq)).size).toBe(1)
    const columns = new Columns()
    await columns.refresh(executor, 2)
    for (const r of rows) expect(columns.groups.ids[columns.group[Number(r.rowid)]!]).toBe(Number(r.gid))
    expect(columns.seq).toBe(Number(rows[0]!.seq))
    await engine.close!()
  })

  it('fails the writes a dead writer thread held, and writes on a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'search-'))
    const executor = await openLibsql(`file:${join(dir, 'search.db')}`)
    const engine = await createFts5Search({ executor })
    await engine.upsert(contractCatalogue().slice(0, 2))
    const thread = executor.writer!.thread!
    const held = engine.upsert(contractCatalogue().slice(2))
    await thread.terminate()
    await expect(held).rejects.toThrow(/writer stopped/)
    await engine.upsert(contractCatalogue())
    expect(executor.writer!.thread).not.toBe(thread)
    expect((await engine.search({ q: 'serum', locale: 'de' })).total).toBe(2)
    await engine.close!()
    await expect(engine.upsert(contractCatalogue())).rejects.toThrow()
    rmSync(dir, { recursive: true, force: true })
  })

  it('relaxes a query nothing matches with one probe per dropped word, not a whole search each', async () => {
    const executor = await openLibsql(':memory:')
    const engine = await createFts5Search({ executor })
    await engine.upsert(contractCatalogue())
    let matches = 0
    const counting = {
      ...executor,
      query: (sql: string, args?: SqlValue[]) => {
        if (sql.includes('MATCH')) matches++
        return executor.query(sql, args)
      },
    }
    const counted = await createFts5Search({ executor: counting })
    // Every word is in the index, no product has them all: the serum is found once the rest is dropped.
    const q = 'serum shampoo lippenstift sonnenschutz wimperntusche haaröl tagescreme argan volumen spray'
    await counted.search({ q: 'serum', locale: 'de' })
    matches = 0
    const result = await counted.search({ q, locale: 'de' })
    expect(result.total).toBe(2)
    expect(matches).toBeLessThanOrEqual(20)
    await counted.close!()
    await engine.close!()
  })

  it('fails an upsert whose next page cannot be built while the last write fails too, leaving nothing unhandled', async () => {
    const executor = await openLibsql(':memory:')
    const engine = await createFts5Search({ executor, pageSize: 1 })
    let failWrites = false
    executor.batch = (
      (batch) => (statements, mode) =>
        failWrites && mode === 'write'
          ? new Promise((_, reject) => setTimeout(() => reject(new Error('disk I/O error')), 20))
          : batch(statements, mode)
    )(executor.batch.bind(executor))
    const [good] = contractCatalogue()
    const broken = { ...good!, productId: 'broken', title: null as unknown as string }
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    failWrites = true
    await expect(engine.upsert([good!, broken])).rejects.toThrow(TypeError)
    await new Promise((resolve) => setTimeout(resolve, 50))
    process.off('unhandledRejection', onUnhandled)
    expect(unhandled).toEqual([])
    failWrites = false
    await engine.upsert([good!])
    expect((await engine.search({ q: 'glow', locale: 'de' })).total).toBe(1)
    await engine.close!()
  })

  it('keeps its index when reopened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'search-'))
    const url = `file:${join(dir, 'search.db')}`
    const first = await createFts5Search({ executor: await openLibsql(url) })
    await first.upsert(contractCatalogue())
    await first.close!()
    const again = await createFts5Search({ executor: await openLibsql(url) })
    expect((await again.search({ q: 'serum', locale: 'de' })).total).toBe(2)
    await again.close!()
    rmSync(dir, { recursive: true, force: true })
  })
})

describe('values per generation', () => {
  it('reloads a costly value for later generations at most a tenth of the time, a cheap one every time', async () => {
    let t = 0
    let loads = 0
    const costly = perGeneration(
      async () => {
        t += 300
        return ++loads
      },
      100,
      { minCostMs: 20, now: () => t },
    )
    expect(await costly.get(1)).toBe(1)
    t += 1000
    expect(await costly.get(2)).toBe(1)
    expect(await costly.get(3)).toBe(1)
    t += 2000
    expect(await costly.get(4)).toBe(2)
    expect(await costly.get(4)).toBe(2)
    let cheapLoads = 0
    const cheap = perGeneration(async () => ++cheapLoads, 100, { minCostMs: 20, now: () => t })
    for (let g = 1; g <= 3; g++) expect(await cheap.get(g)).toBe(g)
  })
})

describe('typo distance', () => {
  it('counts a swap of neighbours as one edit and stops early past the budget', () => {
    expect(osaDistance('sreum', 'serum', 2)).toBe(1)
    expect(osaDistance('serun', 'serum', 2)).toBe(1)
    expect(osaDistance('serum', 'serum', 2)).toBe(0)
    expect(osaDistance('abcdef', 'uvwxyz', 2)).toBe(3)
    expect(osaDistance('wimperntsuhce', 'wimperntusche', 2)).toBe(2)
  })

  it('finds corrections with the first letter kept, or the first two swapped', () => {
    const v = new Vocabulary(['serum', 'seren', 'sorum', 'creme', 'esrum'])
    expect(v.corrections('serun', 1)).toEqual(['serum', 'seren'])
    expect(v.corrections('esrum', 1)).toContain('serum')
    expect(v.corrections('aerum', 1)).toEqual([])
  })
})
