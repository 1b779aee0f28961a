/**
 * Character folding shared by documents and queries: whatever fold does to one side it does to
 * the other, so `Crème`/`creme`, `ß`/`ss` and `ä`/`ae`/`a` meet in the same token.
 */

const nonAscii = /[\u0080-\uffff]/
const marks = /\p{M}+/gu
const nonWord = /[^\p{L}\p{N}]+/gu
/** Letters NFKD leaves alone but a German or English shopper types without the stroke or ligature. */
const specialLetters: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ĸ: 'k',
}
const special = /[ßæœøłđðþıħŧŋĸ]/g
const transliterated = /[aou]e/

const consonant = 0
const vowel = 1
const umlautBase = 2

/**
 * Lucene's GermanNormalizationFilter rule: `ae`, `oe`, `ue` → `a`, `o`, `u`, but not `ue` after a
 * vowel or `q` (neue, Queen). One change from Lucene: after a dropped `e` the state stays, so
 * `aee` becomes `a` rather than `ae` and folding a folded text changes nothing (typo corrections
 * come back folded and are analysed again). Only ASCII letters take part: other scripts are untouched.
 */
function untransliterate(text: string): string {
  if (!transliterated.test(text)) return text
  let out = ''
  let from = 0
  let state = consonant
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 0x61: // a
      case 0x6f: // o
        state = umlautBase
        break
      case 0x75: // u
        state = state === consonant ? umlautBase : vowel
        break
      case 0x65: // e
        if (state === umlautBase) {
          out += text.slice(from, i)
          from = i + 1
        } else state = vowel
        break
      case 0x69: // i
      case 0x71: // q
      case 0x79: // y
        state = vowel
        break
      default:
        state = consonant
    }
  }
  return out + text.slice(from)
}

/** The folded characters of a lower-cased text, separators left in place. */
export function foldChars(lower: string): string {
  if (!nonAscii.test(lower)) return untransliterate(lower)
  const decomposed = lower.normalize('NFKD').replace(marks, '').toLowerCase()
  return untransliterate(decomposed.replace(special, (c) => specialLetters[c] ?? c))
}

/** Lower-case, diacritics and German transliterations folded, only letter/digit runs left, one space apart. */
export function fold(text: string): string {
  return foldChars(text.toLowerCase()).replace(nonWord, ' ').trim()
}

/** A brand or facet value's comparison key: `L'Oréal Paris` → `l oreal paris`. */
export function facetKey(name: string): string {
  return fold(name)
}
