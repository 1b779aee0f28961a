/**
 * The index tokens of a word. Both stems go in because the catalogue mixes languages (a German
 * shop sells `Serum` and `Primer`): a query then needs only its own locale's stem to meet any
 * document. Compound parts go in with their stems and their linked spelling (`lippen`), so the
 * query `lippen stift` finds `Lippenstift` in either locale.
 */
import { splitCompound } from './compound.ts'
import { boundedMemo } from './memo.ts'
import { englishStem, germanStem } from './stem.ts'
import { isNumber, words } from './words.ts'

/** Tokens of an already folded word, surface first, deduplicated. Numbers are only themselves. */
export const foldedWordTokens = boundedMemo((word: string): readonly string[] => {
  if (isNumber(word)) return [word]
  const tokens = new Set([word, germanStem(word), englishStem(word)])
  for (const part of splitCompound(word) ?? []) {
    for (const form of part.base === part.surface ? [part.base] : [part.base, part.surface]) {
      tokens.add(form)
      tokens.add(germanStem(form))
      tokens.add(englishStem(form))
    }
  }
  return [...tokens]
})

/** Index tokens for one word (folded here; a text that folds to several words gives all their tokens). */
export function wordTokens(word: string): string[] {
  const folded = words(word)
  if (folded.length === 1) return [...foldedWordTokens(folded[0]!)]
  return [...new Set(folded.flatMap((w) => foldedWordTokens(w)))]
}
