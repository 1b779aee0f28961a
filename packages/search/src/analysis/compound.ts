/**
 * German compound splitting in the manner of Lucene's DictionaryCompoundWordTokenFilter, but
 * stricter: a word splits only when it decomposes wholly, so `lippenstift` gives `lippen` and
 * `stift` while `spiegel` stays whole although it ends in `gel`.
 *
 * The rules: parts come from the lexicon and have 3+ letters (`öl` too, as the last part:
 * Haaröl, Arganöl); at most 3 parts; a linking element (s, es, n, en, e, er, ens) may sit
 * between two parts; a part may drop its final e (Dusche → Duschgel); the last part may be an
 * inflected lexicon word (its stem is one: Lippenstifte); the longest first part wins. When no
 * full decomposition exists, a known head of 5+ letters (or two known parts) after an unknown
 * modifier of 4+ letters still splits (Mizellenwasser, Salicylsäure): German compounds put the
 * product in the head, so `wasser` finds it; shorter heads guess wrong too often (Contouring).
 */

import { stemmer as englishStemmer } from '@orama/stemmers/english'
import { stemmer as germanStemmer } from '@orama/stemmers/german'
import { fold } from './fold.ts'
import { lexicon } from './lexicon.ts'

export interface CompoundPart {
  /** The lexicon's form: `lippe`, `dusche`, `tag`. */
  base: string
  /** As the compound spells it, linking element included: `lippen`, `dusch`, `tages`. */
  surface: string
}

const minPart = 3
const maxParts = 3
const minUnknownModifier = 4
const minGuessedHead = 5
const shortHead = 'ol'
const linkingElements = ['', 's', 'es', 'n', 'en', 'e', 'er', 'ens'] as const

const known = new Set(lexicon.map(fold).filter((word) => word.length >= minPart || word === shortHead))
const knownStems = new Set<string>()
for (const word of known) {
  for (const stem of [germanStemmer(word), englishStemmer(word)])
    if (stem.length >= minPart) knownStems.add(stem)
}
/** Every prefix of a lexicon word: a part's search stops as soon as no entry starts like it. */
const prefixes = new Set<string>()
for (const word of known) for (let end = 1; end <= word.length; end++) prefixes.add(word.slice(0, end))
const inflectionEnding = /[ensr]$/

/** Inflections add at most this many letters to a stem (`-ern`, `-ens`). */
const maxInflection = 4

/** Whether the piece starts with a known stem and an inflection's length is left: cheap, before stemming. */
function mayBeInflected(piece: string): boolean {
  for (let cut = 1; cut <= maxInflection && piece.length - cut >= minPart; cut++) {
    if (knownStems.has(piece.slice(0, piece.length - cut))) return true
  }
  return false
}

/** An inflected form of a lexicon word (`stifte`, `sticks`), not a stem that merely equals one. */
function isInflected(piece: string): boolean {
  if (piece.length < 4 || !inflectionEnding.test(piece) || !mayBeInflected(piece)) return false
  // The stemmers themselves, not their memo: these pieces are guesses, not words worth keeping.
  const german = germanStemmer(piece)
  if (german !== piece && knownStems.has(german)) return true
  const english = englishStemmer(piece)
  return english !== piece && knownStems.has(english)
}

function isHead(piece: string): boolean {
  return (piece.length >= minPart && known.has(piece)) || piece === shortHead || isInflected(piece)
}

/** Where a non-final part starting at `start` may end, longest first, with its lexicon form. */
function modifierEnds(word: string, start: number): { end: number; base: string }[] {
  const ends: { end: number; base: string }[] = []
  for (let end = start + 1; end <= word.length - shortHead.length; end++) {
    const piece = word.slice(start, end)
    if (!prefixes.has(piece)) break
    if (end - start < minPart) continue
    if (known.has(piece)) ends.push({ end, base: piece })
    else if (known.has(`${piece}e`)) ends.push({ end, base: `${piece}e` })
  }
  return ends.reverse()
}

function decompose(word: string, start: number, partsLeft: number): CompoundPart[] | null {
  if (start > 0) {
    const rest = word.slice(start)
    if (isHead(rest)) return [{ base: rest, surface: rest }]
  }
  if (partsLeft < 2) return null
  for (const { end, base } of modifierEnds(word, start)) {
    for (const link of linkingElements) {
      if (!word.startsWith(link, end)) continue
      const next = end + link.length
      if (word.length - next < shortHead.length) continue
      const tail = decompose(word, next, partsLeft - 1)
      if (tail !== null) return [{ base, surface: word.slice(start, end) + link }, ...tail]
    }
  }
  return null
}

/** The parts of a folded compound word, or null when it is not one the lexicon can explain. */
export function splitCompound(word: string): CompoundPart[] | null {
  if (word.length < minPart + shortHead.length || known.has(word)) return null
  const parts = decompose(word, 0, maxParts)
  if (parts !== null) return parts
  for (let start = minUnknownModifier; start <= word.length - minGuessedHead; start++) {
    const head = decompose(word, start, maxParts - 1)
    if (head === null) continue
    const modifier = word.slice(0, start)
    return [{ base: modifier, surface: modifier }, ...head]
  }
  return null
}
