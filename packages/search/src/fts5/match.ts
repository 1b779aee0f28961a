/**
 * A query plan (@glam/search/analysis) and filters as one FTS5 MATCH expression: the words
 * AND-ed, each word's alternatives OR-ed (an alternative of several tokens — compound parts,
 * a synonym phrase — AND-ed), the typeahead word as a prefix, the filters as `tags` tokens.
 * Every token is quoted, so no query text can become FTS5 syntax.
 */
import type { SearchFilters } from '@glam/core'
import type { Alternative, QueryPlan } from '../analysis/index.ts'
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
}

export function wordExpression(w: WordMatch): string {
  const parts = w.alternatives.map(alternative)
  if (w.prefix) parts.push(`${quote(w.prefix)}*`)
  for (const c of w.corrections ?? []) parts.push(quote(c))
  const unique = [...new Set(parts)]
  return unique.length === 1 ? unique[0]! : `(${unique.join(' OR ')})`
}

/** The filter tokens, all in the `tags` column; a filter of several values OR-s them. */
export function filterExpressions(filters: SearchFilters, except?: keyof SearchFilters): string[] {
  const out: string[] = []
  const any = (values: readonly string[]) =>
    values.length === 1 ? quote(values[0]!) : `(${values.map(quote).join(' OR ')})`
  if (except !== 'brand' && filters.brand?.length) out.push(any(filters.brand.map((b) => tag.brand(b))))
  if (except !== 'category' && filters.category?.length)
    out.push(any(filters.category.map((c) => tag.category(c))))
  if (except !== 'availability' && filters.availability?.length)
    out.push(any(filters.availability.map((a) => tag.availability(a))))
  if (except !== 'shop' && filters.shop?.length) out.push(any(filters.shop.map((s) => tag.shop(s))))
  if (!filters.includeInactive) out.push(quote(tag.active))
  return out
}

/** `{tags}: (…)` keeps filter tokens to their column, words to the others. */
export function matchExpression(words: readonly string[], filters: readonly string[]): string {
  const text = words.length ? `{title brand category body}: (${words.join(' AND ')})` : ''
  const tags = filters.length ? `tags: (${filters.join(' AND ')})` : ''
  return [text, tags].filter(Boolean).join(' AND ') || `tags: ${quote(tag.all)}`
}

export type { QueryPlan }
