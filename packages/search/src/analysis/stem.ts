/**
 * Snowball stems (through @orama/stemmers), always of the folded word: the German stemmer then
 * sees `hauser` whether the text said `Häuser`, `Haeuser` or `Hauser`, and all three agree.
 */
import type { SearchLocale } from '@glam/core'
import { stemmer as englishStemmer } from '@orama/stemmers/english'
import { stemmer as germanStemmer } from '@orama/stemmers/german'
import { boundedMemo } from './memo.ts'

// Only words not met before reach the stemmers (their tokens are remembered): a small memo will do.
export const germanStem = boundedMemo(germanStemmer, 50_000)
export const englishStem = boundedMemo(englishStemmer, 50_000)

export function stem(word: string, locale: SearchLocale): string {
  return locale === 'de' ? germanStem(word) : englishStem(word)
}
