/**
 * Snowball stems (through @orama/stemmers), always of the folded word: the German stemmer then
 * sees `hauser` whether the text said `Häuser`, `Haeuser` or `Hauser`, and all three agree.
 */
import type { SearchLocale } from '@glam/core'
import { stemmer as englishStemmer } from '@orama/stemmers/english'
import { stemmer as germanStemmer } from '@orama/stemmers/german'
import { boundedMemo } from './memo.ts'

export const germanStem = boundedMemo(germanStemmer)
export const englishStem = boundedMemo(englishStemmer)

export function stem(word: string, locale: SearchLocale): string {
  return locale === 'de' ? germanStem(word) : englishStem(word)
}
