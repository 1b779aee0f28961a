/**
 * Query plans. The engine ANDs a plan's words and ORs each word's alternatives (an alternative
 * ANDs its tokens), so everything that may stand in for a word lives in its alternatives: its
 * surface, its stem in the query's locale, its compound parts and its synonyms. Documents index
 * both stems of every word and part, so one locale's stem always meets them.
 */
import { type SearchLocale, searchLimits } from '@glam/core'
import { splitCompound } from './compound.ts'
import { stem } from './stem.ts'
import { stopWords } from './stop-words.ts'
import { maxPhraseWords, type Phrase, synonymsOf } from './synonyms.ts'
import { isNumber, isWordChar, words } from './words.ts'

export interface Alternative {
  /** All required (AND); one token is a single term. */
  tokens: string[]
}

export interface QueryWord {
  /**
   * Folded, unstemmed. A multi-word synonym run is one word whose surface is its words joined
   * by a space (`sun cream`): its alternatives are the run itself and the group's other phrases,
   * and it is never a prefix nor corrected for typos.
   */
  surface: string
  /** Ways this word matches (OR). */
  alternatives: Alternative[]
  /** The last word as the user is still typing it: the engine adds `surface*`. */
  prefix: boolean
  /** Edits the engine may try: 1 from 5 letters, 2 from 9; none for shorter words and numbers. */
  typo: 0 | 1 | 2
}

export interface QueryPlan {
  words: QueryWord[]
  locale: SearchLocale
}

export interface QueryOptions {
  /** Groups of phrases that mean the same. */
  synonyms?: readonly (readonly string[])[]
  /** Treat the last word as a prefix (default true). */
  prefix?: boolean
  /** Words kept, in order (default 12). */
  maxWords?: number
}

function typoBudget(word: string): 0 | 1 | 2 {
  if (isNumber(word)) return 0
  return word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0
}

class Alternatives {
  readonly list: Alternative[] = []
  private readonly seen = new Set<string>()

  add(tokens: readonly string[]): void {
    const unique = [...new Set(tokens)]
    const key = unique.join(' ')
    if (unique.length === 0 || this.seen.has(key)) return
    this.seen.add(key)
    this.list.push({ tokens: unique })
  }

  addWord(word: string, locale: SearchLocale): void {
    this.add([word])
    if (isNumber(word)) return
    this.add([stem(word, locale)])
    const parts = splitCompound(word)
    if (parts !== null) this.add(parts.map((part) => stem(part.base, locale)))
  }

  addPhrase(phrase: Phrase, locale: SearchLocale): void {
    if (phrase.length === 1) this.addWord(phrase[0]!, locale)
    else this.add(phrase.map((word) => stem(word, locale)))
  }
}

/** Alternatives for one (corrected) word, as analyseQuery gives them: the engine's typo corrections. */
export function wordAlternatives(word: string, locale: SearchLocale): Alternative[] {
  const folded = words(word)
  const alternatives = new Alternatives()
  if (folded.length === 1) alternatives.addWord(folded[0]!, locale)
  else alternatives.addPhrase(folded, locale)
  return alternatives.list
}

interface Candidate {
  word: QueryWord
  /** The index of the query's last word it covers. */
  end: number
  stop: boolean
  merged: boolean
}

/** The run of 2–3 words starting at `start` that is a synonym phrase, longest first. */
function synonymRun(
  folded: readonly string[],
  start: number,
  locale: SearchLocale,
  groups: readonly (readonly string[])[],
): Candidate | undefined {
  for (let length = Math.min(maxPhraseWords, folded.length - start); length >= 2; length--) {
    const run = folded.slice(start, start + length)
    const phrases = synonymsOf(groups, run, locale)
    if (phrases === undefined) continue
    const alternatives = new Alternatives()
    alternatives.add(run.map((word) => stem(word, locale)))
    for (const phrase of phrases) alternatives.addPhrase(phrase, locale)
    const word: QueryWord = {
      surface: run.join(' '),
      alternatives: alternatives.list,
      prefix: false,
      typo: 0,
    }
    return { word, end: start + length - 1, stop: false, merged: true }
  }
  return undefined
}

/**
 * The plan for a query: folded words; runs of up to 3 words that are a synonym phrase merged
 * into one word; stop words dropped unless the query is nothing else; at most `maxWords` words.
 * The last word is a prefix only when the query ends in it: after a trailing space the user
 * has finished typing it (as in Meilisearch).
 */
export function analyseQuery(q: string, locale: SearchLocale, options: QueryOptions = {}): QueryPlan {
  const folded = words(q)
  const groups = options.synonyms !== undefined && options.synonyms.length > 0 ? options.synonyms : undefined
  const candidates: Candidate[] = []
  for (let i = 0; i < folded.length; i++) {
    const run = groups && synonymRun(folded, i, locale, groups)
    if (run) {
      candidates.push(run)
      i = run.end
      continue
    }
    const surface = folded[i]!
    const alternatives = new Alternatives()
    alternatives.addWord(surface, locale)
    const phrases = groups && synonymsOf(groups, [surface], locale)
    for (const phrase of phrases ?? []) alternatives.addPhrase(phrase, locale)
    const word: QueryWord = {
      surface,
      alternatives: alternatives.list,
      prefix: false,
      typo: typoBudget(surface),
    }
    candidates.push({ word, end: i, stop: phrases === undefined && stopWords.has(surface), merged: false })
  }
  const meaningful = candidates.filter((candidate) => !candidate.stop)
  const kept = (meaningful.length > 0 ? meaningful : candidates).slice(
    0,
    options.maxWords ?? searchLimits.maxWords,
  )
  const last = kept.at(-1)
  const typing = q.length > 0 && isWordChar(q.charCodeAt(q.length - 1))
  if ((options.prefix ?? true) && typing && last && !last.merged && last.end === folded.length - 1) {
    last.word.prefix = true
  }
  return { words: kept.map((candidate) => candidate.word), locale }
}
