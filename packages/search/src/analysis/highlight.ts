/**
 * Highlighting: a text word is marked when the index would have matched it, i.e. when one of its
 * tokens is a token the plan asked for, or starts with a prefix word (a prefix matches any token,
 * a compound's parts included). Words are judged on the original text so the marks wrap what the
 * shopper sees; a letter/digit boundary is a word boundary there too (`SPF<mark>50</mark>`).
 */
import type { QueryPlan } from './query.ts'
import { foldedWordTokens } from './tokens.ts'
import { isWordChar, pieceWords, words } from './words.ts'

const htmlEscapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
const htmlSpecial = /[&<>"']/g
const digitsOrNot = /\p{N}+|\P{N}+/gu

function escapeHtml(text: string): string {
  return text.replace(htmlSpecial, (c) => htmlEscapes[c] ?? c)
}

/** The text HTML-escaped, with the words the plan matched (or any of `extraTokens`) in `<mark>…</mark>`. */
export function highlight(text: string, plan: QueryPlan, extraTokens: readonly string[] = []): string {
  const wanted = new Set<string>()
  for (const word of plan.words) {
    for (const alternative of word.alternatives) for (const token of alternative.tokens) wanted.add(token)
  }
  for (const token of extraTokens) for (const word of words(token)) wanted.add(word)
  const prefixes = plan.words.filter((word) => word.prefix).map((word) => word.surface)
  const matches = (segment: string) =>
    pieceWords(segment.toLowerCase()).some((word) =>
      foldedWordTokens(word).some(
        (token) => wanted.has(token) || prefixes.some((prefix) => token.startsWith(prefix)),
      ),
    )

  let out = ''
  let from = 0
  let i = 0
  while (i < text.length) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++
      continue
    }
    let end = i + 1
    while (end < text.length && isWordChar(text.charCodeAt(end))) end++
    out += escapeHtml(text.slice(from, i))
    let marked = ''
    for (const segment of text.slice(i, end).match(digitsOrNot) ?? []) {
      if (matches(segment)) {
        marked += segment
        continue
      }
      if (marked !== '') out += `<mark>${escapeHtml(marked)}</mark>`
      marked = ''
      out += escapeHtml(segment)
    }
    if (marked !== '') out += `<mark>${escapeHtml(marked)}</mark>`
    from = i = end
  }
  return out + escapeHtml(text.slice(from))
}
