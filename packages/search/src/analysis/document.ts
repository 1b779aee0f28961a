/**
 * A document's FTS5 column values. This runs over the whole catalogue (a million products at
 * 50,000+ a second), so each distinct space-separated chunk is analysed once and remembered as
 * its ready-joined token string; the per-document work is a native split, look-ups and a join.
 */
import type { SearchDocument } from '@glam/core'
import { boundedMemo } from './memo.ts'
import { stopWords } from './stop-words.ts'
import { foldedWordTokens } from './tokens.ts'
import { forEachPiece, maxCachedPiece, maxWordLength, pieceWords, words } from './words.ts'

export type AnalysableDocument = Pick<
  SearchDocument,
  'title' | 'brand' | 'description' | 'shopCategory' | 'categoryPath'
>

export interface AnalysedDocument {
  title: string
  brand: string
  category: string
  body: string
}

type ChunkTokens = (chunk: string) => string

const otherSpace = /[\t\n\r\f\v\u00a0]+/g
const hasOtherSpace = /[\t\n\r\f\v\u00a0]/

function isDigits(chunk: string): boolean {
  for (let i = 0; i < chunk.length; i++) {
    const code = chunk.charCodeAt(i)
    if (code < 0x30 || code > 0x39) return false
  }
  return true
}

/**
 * The ready-joined tokens of a space-separated chunk (`haut`, `haut.`, `(50ml)`), remembered.
 * Splitting on spaces is native and fast; the character scan then runs only for a chunk not seen
 * before. The value is the string itself: on a catalogue-sized map every pointer is a cache miss.
 */
function chunkTokens(keepStopWords: boolean): ChunkTokens {
  const analyse = (chunk: string): string => {
    const tokens: string[] = []
    forEachPiece(chunk, (piece) => {
      for (const word of pieceWords(piece)) {
        if (keepStopWords || !stopWords.has(word)) tokens.push(...foldedWordTokens(word))
      }
    })
    return tokens.join(' ')
  }
  const remembered = boundedMemo(analyse)
  return (chunk) => {
    // Numbers (sizes, article numbers) are their own token and would only crowd the memo.
    if (isDigits(chunk)) return chunk.length <= maxWordLength ? chunk : ''
    return chunk.length > maxCachedPiece ? analyse(chunk) : remembered(chunk)
  }
}

/** Titles, brands and categories keep every word. */
const fieldTokens = chunkTokens(true)
/** Descriptions drop stop words: prose is a third stop words, and no query asks for them. */
const bodyTokens = chunkTokens(false)

/** The space-separated chunks of a text, lower-cased (other white space counts as a space). */
function chunks(text: string): string[] {
  const lower = text.toLowerCase()
  return (hasOtherSpace.test(lower) ? lower.replace(otherSpace, ' ') : lower).split(' ')
}

function column(tokensOf: ChunkTokens, text: string | null | undefined): string {
  if (!text) return ''
  const out: string[] = []
  for (const chunk of chunks(text)) {
    if (chunk === '') continue
    const tokens = tokensOf(chunk)
    if (tokens !== '') out.push(tokens)
  }
  return out.join(' ')
}

/**
 * Brands and category paths repeat across thousands of products: their whole column value is
 * remembered by text (one look-up instead of one per word). Titles and descriptions are unique.
 */
const repeatedText = boundedMemo((text: string) => column(fieldTokens, text), 20_000)

function repeated(...texts: (string | null | undefined)[]): string {
  let out = ''
  for (const text of texts) {
    const tokens = text ? repeatedText(text) : ''
    if (tokens !== '') out = out === '' ? tokens : `${out} ${tokens}`
  }
  return out
}

/**
 * Variants are documents too and share their product's description (twenty shades of a
 * lipstick, one text), and feeds list them together: the last descriptions are remembered whole.
 */
const recentDescription = boundedMemo((text: string) => column(bodyTokens, text), 512)

/** The four FTS5 column values of a document: space-separated tokens. */
export function analyseDocument(doc: AnalysableDocument): AnalysedDocument {
  const path = doc.categoryPath
  return {
    title: column(fieldTokens, doc.title),
    brand: repeated(doc.brand),
    category: repeated(doc.shopCategory, path?.en, path?.de),
    body: doc.description ? recentDescription(doc.description) : '',
  }
}

const chunkWords = boundedMemo(words, 50_000)

/** Distinct folded words of title, brand and category: what typo correction may correct towards. */
export function vocabulary(doc: AnalysableDocument): string[] {
  const seen = new Set<string>()
  const path = doc.categoryPath
  for (const text of [doc.title, doc.brand, doc.shopCategory, path?.en, path?.de]) {
    if (!text) continue
    for (const chunk of chunks(text)) {
      if (chunk === '') continue
      for (const word of chunk.length > maxCachedPiece ? words(chunk) : chunkWords(chunk)) seen.add(word)
    }
  }
  return [...seen]
}
