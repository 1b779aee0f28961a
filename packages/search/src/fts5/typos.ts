/**
 * Typo tolerance: the index's vocabulary held in memory, bucketed by first letter and length,
 * and the terms within one edit of a query word of 5+ letters (two of 9+). An edit is an
 * insertion, deletion, substitution or a swap of neighbours (optimal string alignment, as
 * Meilisearch and Typesense count them), so `sreum` is one edit from `serum`. The first letter
 * is kept (Elasticsearch's `prefix_length: 1`), except for a swap of the first two.
 */

export class Vocabulary {
  private readonly buckets = new Map<string, Map<number, string[]>>()
  private readonly known = new Set<string>()

  constructor(terms: Iterable<string>) {
    for (const term of terms) this.add(term)
  }

  get size() {
    return this.known.size
  }

  has(term: string) {
    return this.known.has(term)
  }

  add(term: string) {
    if (this.known.has(term) || term.length < 2) return
    this.known.add(term)
    const first = term[0]!
    let byLength = this.buckets.get(first)
    if (!byLength) {
      byLength = new Map()
      this.buckets.set(first, byLength)
    }
    const list = byLength.get(term.length)
    if (list) list.push(term)
    else byLength.set(term.length, [term])
  }

  /** True if a term starts with the prefix (the typeahead word needs no correction then). */
  hasPrefix(prefix: string): boolean {
    const byLength = this.buckets.get(prefix[0] ?? '')
    if (!byLength) return false
    for (const [length, list] of byLength) {
      if (length < prefix.length) continue
      for (const term of list) if (term.startsWith(prefix)) return true
    }
    return false
  }

  /** The terms within `edits` of the word, nearest first, at most `limit`. */
  corrections(word: string, edits: number, limit = 6): string[] {
    if (edits <= 0) return []
    const found: { term: string; d: number }[] = []
    const firsts = new Set([word[0]!, word[1] ?? word[0]!])
    for (const first of firsts) {
      const byLength = this.buckets.get(first)
      if (!byLength) continue
      for (let length = word.length - edits; length <= word.length + edits; length++) {
        for (const term of byLength.get(length) ?? []) {
          if (first !== word[0] && !(term[0] === word[1] && term[1] === word[0])) continue
          const d = osaDistance(word, term, edits)
          if (d > 0 && d <= edits) found.push({ term, d })
        }
      }
    }
    found.sort(
      (a, b) => a.d - b.d || Math.abs(a.term.length - word.length) - Math.abs(b.term.length - word.length),
    )
    return found.slice(0, limit).map((f) => f.term)
  }
}

let previous = new Int32Array(64)
let current = new Int32Array(64)
let beforePrevious = new Int32Array(64)

/**
 * Optimal string alignment distance of a and b, or max + 1 as soon as it must exceed max
 * (each row's minimum only grows).
 */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const n = b.length
  if (previous.length <= n) {
    previous = new Int32Array(n + 1)
    current = new Int32Array(n + 1)
    beforePrevious = new Int32Array(n + 1)
  }
  for (let j = 0; j <= n; j++) previous[j] = j
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    let rowMin = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1)
      let v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ca === cb ? 0 : 1))
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb)
        v = Math.min(v, beforePrevious[j - 2]! + 1)
      current[j] = v
      if (v < rowMin) rowMin = v
    }
    if (rowMin > max) return max + 1
    const t = beforePrevious
    beforePrevious = previous
    previous = current
    current = t
  }
  return previous[n]!
}
