import type { SearchEngine, SearchHit, SearchQuery } from '@glam/core'
import { describe, expect, it } from 'vitest'
import type { GeneratedProduct } from './catalogue.ts'
import {
  evaluate,
  gradeOf,
  groupGrades,
  ndcgAt,
  precisionAt,
  type RelevanceQuery,
  relevanceCatalogue,
  relevanceCatalogueSize,
  relevanceQueries,
  relevanceSynonyms,
} from './relevance.ts'

const catalogue = relevanceCatalogue()

describe('the relevance set', () => {
  it('has at least 60 queries, 25 in each language, with unique ids', () => {
    expect(relevanceQueries.length).toBeGreaterThanOrEqual(60)
    expect(relevanceQueries.filter((q) => q.locale === 'de').length).toBeGreaterThanOrEqual(25)
    expect(relevanceQueries.filter((q) => q.locale === 'en').length).toBeGreaterThanOrEqual(25)
    expect(new Set(relevanceQueries.map((q) => q.id)).size).toBe(relevanceQueries.length)
  })

  it('gives every query at least 10 groups graded 2+ and 5 graded 3 in the relevance catalogue', () => {
    expect(catalogue).toHaveLength(relevanceCatalogueSize)
    const thin = relevanceQueries.flatMap((query) => {
      const grades = [...groupGrades(query, catalogue).values()]
      const top = grades.filter((g) => g === 3).length
      const good = grades.filter((g) => g >= 2).length
      return top < 5 || good < 10 ? [`${query.id}: ${top} graded 3, ${good} graded 2+`] : []
    })
    expect(thin).toEqual([])
  })

  it('judges with predicates every one of which some product satisfies', () => {
    const unmatched = relevanceQueries.flatMap((query) =>
      query.judgments.flatMap((judgment, i) => {
        const only: RelevanceQuery = { ...query, judgments: [judgment] }
        return catalogue.some((p) => gradeOf(p.truth, only) > 0) ? [] : [`${query.id} judgment ${i}`]
      }),
    )
    expect(unmatched).toEqual([])
  })

  it('has lower-case synonym groups of two phrases or more per locale', () => {
    for (const locale of ['de', 'en'] as const) {
      expect(relevanceSynonyms[locale].length).toBeGreaterThanOrEqual(3)
      for (const group of relevanceSynonyms[locale]) {
        expect(group.length).toBeGreaterThanOrEqual(2)
        for (const phrase of group) expect(phrase).toBe(phrase.toLowerCase())
      }
    }
    expect(relevanceSynonyms.de).toContainEqual(['wimperntusche', 'mascara'])
  })
})

describe('grading', () => {
  const query: RelevanceQuery = {
    id: 't',
    q: 'lippenstift rot',
    locale: 'de',
    note: '',
    judgments: [
      { grade: 1, where: { type: ['lipstick', 'lip_gloss'] } },
      { grade: 3, where: { type: 'lipstick', colour: 'red', language: 'de' } },
      { grade: 2, where: { type: 'lipstick', colour: 'red' } },
    ],
  }
  const truth = { type: 'lipstick', language: 'de', colour: 'red', brand: 'B', line: 'L' } as const

  it('takes the highest grade whose predicate holds, 0 when none does', () => {
    expect(gradeOf(truth, query)).toBe(3)
    expect(gradeOf({ ...truth, language: 'en' }, query)).toBe(2)
    expect(gradeOf({ ...truth, colour: 'pink' }, query)).toBe(1)
    expect(gradeOf({ ...truth, type: 'lip_gloss' }, query)).toBe(1)
    expect(gradeOf({ ...truth, type: 'mascara' }, query)).toBe(0)
  })

  it('grades a group by its best active member', () => {
    const product = (
      productId: string,
      groupKey: string,
      active: boolean,
      colour: string,
    ): GeneratedProduct => ({ productId, groupKey, active, truth: { ...truth, colour } }) as GeneratedProduct
    const grades = groupGrades(query, [
      product('a', 'g1', true, 'pink'),
      product('b', 'g1', true, 'red'),
      product('c', 'g2', false, 'red'),
      product('d', 'g2', true, 'pink'),
      product('e', 'g3', false, 'red'),
    ])
    expect(grades).toEqual(
      new Map([
        ['g1', 3],
        ['g2', 1],
      ]),
    )
  })
})

describe('precisionAt', () => {
  it('counts graded ranks among the first k, dividing by k', () => {
    expect(precisionAt(5, [3, 0, 2, 0, 1])).toBe(3 / 5)
    expect(precisionAt(5, [3, 0, 2, 0, 1], 2)).toBe(2 / 5)
    expect(precisionAt(5, [3])).toBe(1 / 5)
    expect(precisionAt(2, [3, 3, 3])).toBe(1)
    expect(precisionAt(5, [])).toBe(0)
    expect(precisionAt(0, [3])).toBe(0)
  })
})

describe('ndcgAt', () => {
  it('matches a hand-computed example', () => {
    // DCG = (2³−1)/log2(2) + (2²−1)/log2(3) + 0 = 7 + 3/1.58496 = 8.89279
    // IDCG = 7 + 7/1.58496 + 3/log2(4) = 7 + 4.41651 + 1.5 = 12.91651
    expect(ndcgAt(3, [3, 2, 0], [2, 3, 3])).toBeCloseTo(8.89279 / 12.91651, 5)
    expect(ndcgAt(3, [3, 2, 0], [2, 3, 3])).toBeCloseTo(0.68848, 5)
  })

  it('is 1 for the ideal ranking and cuts both lists at k', () => {
    expect(ndcgAt(10, [3, 3, 2, 1], [1, 2, 3, 3])).toBe(1)
    expect(ndcgAt(2, [3, 3, 0, 0], [3, 3, 3, 3])).toBe(1)
    // Rank 2 only: (2¹−1)/log2(3) over the ideal 1/log2(2).
    expect(ndcgAt(2, [0, 1], [1])).toBeCloseTo(1 / Math.log2(3), 10)
  })

  it('is 0 with nothing to find or nothing found', () => {
    expect(ndcgAt(10, [], [])).toBe(0)
    expect(ndcgAt(10, [0, 0], [3])).toBe(0)
  })
})

describe('evaluate', () => {
  /** Returns, per query, one product of each of its best groups: the ideal ranking. */
  function oracle(seen: SearchQuery[], duplicate = false): SearchEngine {
    const hit = (p: GeneratedProduct) => ({ productId: p.productId }) as SearchHit
    return {
      async search(query: SearchQuery) {
        seen.push(query)
        const judged = relevanceQueries.find((q) => q.q === query.q && q.locale === query.locale)!
        const grades = groupGrades(judged, catalogue)
        const best = new Map<string, GeneratedProduct>()
        for (const p of catalogue)
          if (p.active && grades.has(p.groupKey) && !best.has(p.groupKey)) best.set(p.groupKey, p)
        const ranked = [...best.values()].sort((a, b) => grades.get(b.groupKey)! - grades.get(a.groupKey)!)
        const hits = ranked.slice(0, query.limit).map(hit)
        if (duplicate) hits.splice(1, 0, hits[0]!)
        return { total: ranked.length, hits: hits.slice(0, query.limit), facets: {}, nextOffset: null }
      },
    } as unknown as SearchEngine
  }

  it('scores an ideal engine 1 and passes locale, limit and the locale’s synonyms', async () => {
    const seen: SearchQuery[] = []
    const result = await evaluate(oracle(seen), catalogue)
    expect(result.ndcgAt10).toBeCloseTo(1, 10)
    expect(result.precisionAt5).toBe(1)
    expect(result.queries).toHaveLength(relevanceQueries.length)
    expect(result.queries[0]!.hits).toHaveLength(10)
    expect(seen).toHaveLength(relevanceQueries.length)
    for (const query of seen) {
      expect(query.limit).toBe(10)
      expect(query.synonyms).toBe(relevanceSynonyms[query.locale])
    }
  })

  it('scores a repeated group 0 and averages over the queries', async () => {
    const queries = relevanceQueries.slice(0, 2)
    const result = await evaluate(oracle([], true), catalogue, { queries })
    for (const q of result.queries) {
      expect(q.grades[1]).toBe(0)
      expect(q.ndcgAt10).toBeLessThan(1)
    }
    expect(result.ndcgAt10).toBeCloseTo((result.queries[0]!.ndcgAt10 + result.queries[1]!.ndcgAt10) / 2, 10)
  })
})
