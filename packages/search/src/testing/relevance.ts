/**
 * Relevance evaluation of a search engine on the generated catalogue: the judged queries of
 * packages/search/relevance/queries.json, run with the synonyms of relevance/synonyms.json,
 * scored by precision@5 and nDCG@10.
 *
 * ```ts
 * const catalogue = relevanceCatalogue()
 * await engine.upsert(catalogue)
 * const { precisionAt5, ndcgAt10, queries } = await evaluate(engine, catalogue)
 * ```
 *
 * Judging is per group, as the engine collapses variants: a group's (groupKey's) grade is the
 * highest grade of its active members, a hit's grade is its group's grade, and the ideal ranking
 * for nDCG is every graded group of the catalogue, best first. Inactive products are left out
 * (the engine does not return them by default); a second hit of a group already seen scores 0.
 */
import type { SearchEngine, SearchLocale } from '@glam/core'
import queriesFile from '../../relevance/queries.json' with { type: 'json' }
import synonymsFile from '../../relevance/synonyms.json' with { type: 'json' }
import { type GeneratedProduct, generateCatalogue, type ProductTruth } from './catalogue.ts'

export type Grade = 0 | 1 | 2 | 3

/** Truth field → the value it must equal, or the values it may take. */
export type TruthPredicate = { [K in keyof ProductTruth]?: string | number | readonly (string | number)[] }

export interface RelevanceQuery {
  id: string
  q: string
  locale: SearchLocale
  /** What the query tests. */
  note: string
  judgments: readonly { grade: 1 | 2 | 3; where: TruthPredicate }[]
}

export type RelevanceSynonyms = Record<SearchLocale, readonly (readonly string[])[]>

/**
 * Big enough that every query has at least 10 groups graded 2 or 3 (a full ideal top 10) and 5
 * graded 3; relevance.test.ts checks. At 5,000 the thinnest brand + type queries had 6 and 5.
 */
export const relevanceCatalogueSize = 10_000
export const relevanceCatalogueSeed = 1

export function relevanceCatalogue(): GeneratedProduct[] {
  return [...generateCatalogue({ size: relevanceCatalogueSize, seed: relevanceCatalogueSeed })]
}

const truthKeys = new Set([
  'type',
  'language',
  'colour',
  'ingredient',
  'brand',
  'line',
  'variantOf',
  'finish',
  'spf',
  'shade',
  'size',
])

function parseQueries(raw: unknown): RelevanceQuery[] {
  const list = (raw as { queries?: unknown }).queries
  if (!Array.isArray(list)) throw new Error('relevance/queries.json: no `queries` list')
  const ids = new Set<string>()
  for (const query of list as RelevanceQuery[]) {
    const where = `relevance/queries.json ${query.id}`
    if (typeof query.id !== 'string' || ids.has(query.id)) throw new Error(`${where}: missing or repeated id`)
    ids.add(query.id)
    if (typeof query.q !== 'string' || (query.locale !== 'de' && query.locale !== 'en'))
      throw new Error(`${where}: needs q and locale de|en`)
    if (!Array.isArray(query.judgments) || query.judgments.length === 0)
      throw new Error(`${where}: no judgments`)
    for (const judgment of query.judgments) {
      if (![1, 2, 3].includes(judgment.grade))
        throw new Error(`${where}: grade ${judgment.grade} is not 1, 2 or 3`)
      const keys = Object.keys(judgment.where ?? {})
      const unknown = keys.find((key) => !truthKeys.has(key))
      if (!keys.length || unknown)
        throw new Error(`${where}: predicate key ${unknown ?? '(none)'} is not a truth field`)
    }
  }
  return list as RelevanceQuery[]
}

export const relevanceQueries: readonly RelevanceQuery[] = parseQueries(queriesFile)
export const relevanceSynonyms: RelevanceSynonyms = { de: synonymsFile.de, en: synonymsFile.en }

function satisfies(truth: ProductTruth, where: TruthPredicate): boolean {
  for (const key in where) {
    const wanted = where[key as keyof ProductTruth]
    const value = truth[key as keyof ProductTruth]
    if (Array.isArray(wanted) ? !wanted.includes(value as string) : wanted !== value) return false
  }
  return true
}

/** The highest grade whose predicate the product satisfies; 0 when none does. */
export function gradeOf(truth: ProductTruth, query: RelevanceQuery): Grade {
  let grade: Grade = 0
  for (const judgment of query.judgments)
    if (judgment.grade > grade && satisfies(truth, judgment.where)) grade = judgment.grade
  return grade
}

/** groupKey → grade for the catalogue's active products (graded groups only). */
export function groupGrades(
  query: RelevanceQuery,
  catalogue: readonly GeneratedProduct[],
): Map<string, Grade> {
  const grades = new Map<string, Grade>()
  for (const product of catalogue) {
    if (!product.active) continue
    const grade = gradeOf(product.truth, query)
    if (grade > (grades.get(product.groupKey) ?? 0)) grades.set(product.groupKey, grade)
  }
  return grades
}

/** The share of the first k ranks (k, not the hits returned) with a grade ≥ minGrade. */
export function precisionAt(k: number, rankedGrades: readonly number[], minGrade = 1): number {
  if (k <= 0) return 0
  let relevant = 0
  for (let i = 0; i < k && i < rankedGrades.length; i++) if (rankedGrades[i]! >= minGrade) relevant++
  return relevant / k
}

function dcgAt(k: number, grades: readonly number[]): number {
  let dcg = 0
  for (let i = 0; i < k && i < grades.length; i++) dcg += (2 ** grades[i]! - 1) / Math.log2(i + 2)
  return dcg
}

/**
 * nDCG@k with gain 2^grade − 1 and discount log2(rank + 1); the ideal is idealGrades sorted best
 * first (in any order is fine). 0 when there is nothing to find.
 */
export function ndcgAt(k: number, rankedGrades: readonly number[], idealGrades: readonly number[]): number {
  const ideal = dcgAt(
    k,
    [...idealGrades].sort((a, b) => b - a),
  )
  return ideal === 0 ? 0 : dcgAt(k, rankedGrades) / ideal
}

export interface QueryEvaluation {
  id: string
  q: string
  locale: SearchLocale
  precisionAt5: number
  ndcgAt10: number
  /** The productIds the engine returned, in order. */
  hits: string[]
  /** Their grades (a repeated group 0). */
  grades: Grade[]
  /** Groups graded ≥ 1 in the catalogue. */
  relevantGroups: number
}

export interface EvaluateOptions {
  /** The ranks precision and nDCG are taken at (the result's names keep 5 and 10). */
  k?: { precision?: number; ndcg?: number }
  /** The grade precision counts as relevant; default 1. */
  minGrade?: number
  queries?: readonly RelevanceQuery[]
  synonyms?: RelevanceSynonyms
}

export async function evaluate(
  engine: SearchEngine,
  catalogue: readonly GeneratedProduct[],
  options: EvaluateOptions = {},
): Promise<{ precisionAt5: number; ndcgAt10: number; queries: QueryEvaluation[] }> {
  const kPrecision = options.k?.precision ?? 5
  const kNdcg = options.k?.ndcg ?? 10
  const queries = options.queries ?? relevanceQueries
  const synonyms = options.synonyms ?? relevanceSynonyms
  const groupOf = new Map(catalogue.map((p) => [p.productId, p.groupKey]))
  const results: QueryEvaluation[] = []
  for (const query of queries) {
    const judged = groupGrades(query, catalogue)
    const { hits } = await engine.search({
      q: query.q,
      locale: query.locale,
      limit: Math.max(10, kPrecision, kNdcg),
      synonyms: synonyms[query.locale],
    })
    const seen = new Set<string>()
    const grades = hits.map((hit): Grade => {
      const group = groupOf.get(hit.productId)
      if (group === undefined || seen.has(group)) return 0
      seen.add(group)
      return judged.get(group) ?? 0
    })
    results.push({
      id: query.id,
      q: query.q,
      locale: query.locale,
      precisionAt5: precisionAt(kPrecision, grades, options.minGrade),
      ndcgAt10: ndcgAt(kNdcg, grades, [...judged.values()]),
      hits: hits.map((hit) => hit.productId),
      grades,
      relevantGroups: judged.size,
    })
  }
  const mean = (pick: (r: QueryEvaluation) => number) =>
    results.length ? results.reduce((sum, r) => sum + pick(r), 0) / results.length : 0
  return { precisionAt5: mean((r) => r.precisionAt5), ndcgAt10: mean((r) => r.ndcgAt10), queries: results }
}
