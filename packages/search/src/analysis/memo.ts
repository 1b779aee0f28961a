/**
 * A bounded memo for per-word work: catalogues repeat the same few hundred thousand words, so
 * each word is folded, stemmed and split once. Two generations of half the bound each: when the
 * current one fills up it becomes the previous one and the older is dropped, so a word still in
 * use survives (it is copied forward on its next hit) without LRU bookkeeping on every hit.
 */
export function boundedMemo<V>(compute: (key: string) => V, limit = 200_000): (key: string) => V {
  const generationSize = Math.max(1, Math.floor(limit / 2))
  let current = new Map<string, V>()
  let previous = new Map<string, V>()
  return (key) => {
    let value = current.get(key)
    if (value === undefined) {
      value = previous.get(key)
      if (value === undefined) value = compute(key)
      if (current.size >= generationSize) {
        previous = current
        current = new Map()
      }
      current.set(key, value)
    }
    return value
  }
}
