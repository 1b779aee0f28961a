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
import { fold } from './fold.ts'
import { lexicon } from './lexicon.ts'
import { englishStem, germanStem } from './stem.ts'

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
  for (const stem of [germanStem(word), englishStem(word)]) if (stem.length >= minPart) knownStems.add(stem)
}
const inflectionEnding = /[ensr]$/

/** An inflected form of a lexicon word (`stifte`, `sticks`), not a stem that merely equals one. */
function isInflected(piece: string): boolean {
  if (piece.length < 4 || !inflectionEnding.test(piece)) return false
  const german = germanStem(piece)
  if (german !== piece && knownStems.has(german)) return true
  const english = englishStem(piece)
  return english !== piece && knownStems.has(english)
}

function isHead(piece: string): boolean {
  return (piece.length >= minPart && known.has(piece)) || piece === shortHead || isInflected(piece)
}

/** The lexicon form of a non-final part, when it is one. */
function modifierBase(piece: string): string | undefined {
  if (known.has(piece)) return piece
  const withE = `${piece}e`
  return known.has(withE) ? withE : undefined
}

function decompose(word: string, start: number, partsLeft: number): CompoundPart[] | null {
  if (start > 0) {
    const rest = word.slice(start)
    if (isHead(rest)) return [{ base: rest, surface: rest }]
  }
  if (partsLeft < 2) return null
  for (let end = word.length - shortHead.length; end >= start + minPart; end--) {
    const piece = word.slice(start, end)
    const base = modifierBase(piece)
    if (base === undefined) continue
    for (const link of linkingElements) {
      if (!word.startsWith(link, end)) continue
      const next = end + link.length
      if (word.length - next < shortHead.length) continue
      const tail = decompose(word, next, partsLeft - 1)
      if (tail !== null) return [{ base, surface: piece + link }, ...tail]
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
