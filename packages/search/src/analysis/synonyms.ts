/**
 * Synonym groups compiled for look-up. A shop's groups arrive with every query, usually as the
 * same array, so the compiled form is kept per array (a WeakMap: a new array is compiled anew).
 */
import type { SearchLocale } from '@glam/core'
import { stem } from './stem.ts'
import { words } from './words.ts'

/** A phrase as folded words. */
export type Phrase = readonly string[]

/** Query runs longer than this are not looked up as phrases. */
export const maxPhraseWords = 3

interface CompiledSynonyms {
  groups: readonly (readonly Phrase[])[]
  bySurface: Map<string, number[]>
  byStem: Partial<Record<SearchLocale, Map<string, number[]>>>
}

const compiled = new WeakMap<readonly (readonly string[])[], CompiledSynonyms>()

function add(index: Map<string, number[]>, key: string, group: number): void {
  const groups = index.get(key)
  if (groups === undefined) index.set(key, [group])
  else if (!groups.includes(group)) groups.push(group)
}

function compile(groups: readonly (readonly string[])[]): CompiledSynonyms {
  let result = compiled.get(groups)
  if (result !== undefined) return result
  const phrases = groups.map((group) => group.map(words).filter((phrase) => phrase.length > 0))
  const bySurface = new Map<string, number[]>()
  phrases.forEach((group, index) => {
    for (const phrase of group) add(bySurface, phrase.join(' '), index)
  })
  result = { groups: phrases, bySurface, byStem: {} }
  compiled.set(groups, result)
  return result
}

function stemIndex(synonyms: CompiledSynonyms, locale: SearchLocale): Map<string, number[]> {
  let index = synonyms.byStem[locale]
  if (index === undefined) {
    index = new Map()
    const built = index
    synonyms.groups.forEach((group, i) => {
      for (const phrase of group) add(built, phrase.map((word) => stem(word, locale)).join(' '), i)
    })
    synonyms.byStem[locale] = index
  }
  return index
}

/**
 * The phrases meaning the same as a run of query words: matched on the folded words, else on
 * their stems in the query's locale (`sunscreens` finds the group of `sunscreen`). Undefined when
 * no group has the run.
 */
export function synonymsOf(
  groups: readonly (readonly string[])[],
  run: readonly string[],
  locale: SearchLocale,
): Phrase[] | undefined {
  const synonyms = compile(groups)
  const found =
    synonyms.bySurface.get(run.join(' ')) ??
    stemIndex(synonyms, locale).get(run.map((word) => stem(word, locale)).join(' '))
  if (found === undefined) return undefined
  const key = run.join(' ')
  const phrases = found.flatMap((group) =>
    synonyms.groups[group]!.filter((phrase) => phrase.join(' ') !== key),
  )
  return phrases.length > 0 ? phrases : undefined
}
