/**
 * A bounded memo for per-word work: catalogues repeat the same few hundred thousand words, so
 * each word is folded, stemmed and split once. The map is dropped whole when it outgrows its
 * bound (cheaper than LRU bookkeeping on every hit, and a rebuilt entry costs microseconds).
 */
export function boundedMemo<V>(compute: (key: string) => V, limit = 200_000): (key: string) => V {
  let cache = new Map<string, V>()
  return (key) => {
    let value = cache.get(key)
    if (value === undefined) {
      value = compute(key)
      if (cache.size >= limit) cache = new Map()
      cache.set(key, value)
    }
    return value
  }
}
