/**
 * @module
 * Text analysis for product search in German and English: folding, Snowball stems, German
 * compound splitting, synonyms and stop words, done in TypeScript so every engine (FTS5 with
 * `unicode61 remove_diacritics 0`) indexes and matches the same space-separated tokens.
 *
 * ```ts
 * import { analyseDocument, analyseQuery, highlight } from '@glam/search/analysis'
 *
 * const columns = analyseDocument(doc) // { title, brand, category, body }: FTS5 column values
 * const plan = analyseQuery('lippen stift', 'de', { synonyms: [['lippenstift', 'lipstick']] })
 * highlight(doc.title, plan) // 'Matte <mark>Lippenstift</mark>'
 * ```
 */
export { type AnalysableDocument, type AnalysedDocument, analyseDocument, vocabulary } from './document.ts'
export { facetKey, fold } from './fold.ts'
export { highlight } from './highlight.ts'
export {
  type Alternative,
  analyseQuery,
  type QueryOptions,
  type QueryPlan,
  type QueryWord,
  wordAlternatives,
} from './query.ts'
export { stopWords } from './stop-words.ts'
export { wordTokens } from './tokens.ts'
export { words } from './words.ts'
