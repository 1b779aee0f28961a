// The relevance test set (packages/search/relevance) on the FTS5 engine: 100+ German and English
// queries over the generated beauty catalogue, judged by the products' ground truth. precision@5
// and nDCG@10 must not fall below the committed baseline (relevance/baseline.json); the README
// reports them. `RELEVANCE_REPORT=1` prints every query's figures.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { evaluate, relevanceCatalogue } from '../testing/relevance.ts'
import { createFts5Search } from './engine.ts'
import { openLibsql } from './libsql.ts'

const baseline = JSON.parse(
  readFileSync(new URL('../../relevance/baseline.json', import.meta.url), 'utf8'),
) as {
  precisionAt5: number
  ndcgAt10: number
}

describe('relevance on fts5', () => {
  it('keeps precision@5 and nDCG@10 at or above the committed baseline', { timeout: 120_000 }, async () => {
    const engine = await createFts5Search({ executor: await openLibsql(':memory:') })
    const catalogue = relevanceCatalogue()
    await engine.upsert(catalogue)
    const result = await evaluate(engine, catalogue)
    if (process.env.RELEVANCE_REPORT)
      for (const q of [...result.queries].sort((a, b) => a.ndcgAt10 - b.ndcgAt10))
        console.log(`${q.ndcgAt10.toFixed(3)} ${q.precisionAt5.toFixed(2)} ${q.locale} ${q.q}`)
    console.log(
      `relevance: precision@5 ${result.precisionAt5.toFixed(4)}, nDCG@10 ${result.ndcgAt10.toFixed(4)} over ${result.queries.length} queries`,
    )
    expect(result.queries.length).toBeGreaterThanOrEqual(50)
    // Rounded in the file to 4 places: a figure equal to it passes.
    expect(result.precisionAt5).toBeGreaterThanOrEqual(baseline.precisionAt5 - 5e-5)
    expect(result.ndcgAt10).toBeGreaterThanOrEqual(baseline.ndcgAt10 - 5e-5)
    await engine.close!()
  })
})
