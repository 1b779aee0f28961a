/**
 * A query plan (@glam/search/analysis) and filters as one FTS5 MATCH expression: the words
 * AND-ed, each word's alternatives OR-ed (an alternative of several tokens — compound parts,
 * a synonym phrase — AND-ed) in the text columns, the typeahead word as a prefix, typo
 * corrections, and the categories the word names as their tags; the filters as `tags` tokens.
 * Every token is quoted, so no query text can become FTS5 syntax.
 */
import type { SearchFilters } from '@glam/core'
import type { Alternative } from '../analysis/index.ts'
import { tag } from './tags.ts'

const quote = (token: string) => `"${token.replaceAll('"', '""')}"`

const alternative = (a: Alternative) =>
  a.tokens.length === 1 ? quote(a.tokens[0]!) : `(${a.tokens.map(quote).join(' AND ')})`

export interface WordMatch {
  alternatives: Alternative[]
  /** A prefix token (`surface*`), for the typeahead word. */
  prefix?: string
  /** Typo corrections: index terms. */
  corrections?: readonly string[]
  /** Taxonomy ids of the categories the word names (their tag matches). */
  categories?: readonly number[]
}

export interface ExpressionOptions {
  /** The columns the words may match in (default title, brand and body). */
  columns?: string
  /** Typo corrections count (default true). */
  corrections?: boolean
  /** The categories the word names count (default true). */
  categories?: boolean
}

export function wordExpression(w: WordMatch, options: ExpressionOptions = {}): string {
  const parts = w.alternatives.map(alternative)
  if (w.prefix) parts.push(`${quote(w.prefix)}*`)
  if (options.corrections !== false) for (const c of w.corrections ?? []) parts.push(quote(c))
  const unique = [...new Set(parts)]
  const words = `${options.columns ?? '{title brand body}'}: ${unique.length === 1 ? unique[0]! : `(${unique.join(' OR ')})`}`
  if (!w.categories?.length || options.categories === false) return words
  return `(${words} OR tags: (${w.categories.map((c) => quote(tag.category(c))).join(' OR ')}))`
}

/** The category filter as `tags` tokens (a filter of several values OR-s them). */
export function filterExpressions(filters: SearchFilters, except?: keyof SearchFilters): string[] {
  const out: string[] = []
  const any = (values: readonly string[]) =>
    `tags: ${values.length === 1 ? quote(values[0]!) : `(${values.map(quote).join(' OR ')})`}`
  // Brand, shop and availability are checked in memory (aggregate.ts): no tokens for them.
  if (except !== 'category' && filters.category?.length)
    out.push(any(filters.category.map((c) => tag.category(c))))
  return out
}

/** The whole expression; null when there is nothing to match (a browse of everything). */
export function matchExpression(words: readonly string[], filters: readonly string[]): string | null {
  const all = [...words, ...filters]
  return all.length ? all.join(' AND ') : null
}
