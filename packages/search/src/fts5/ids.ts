/**
 * Integer ids for the strings searches group by (group keys, brands, shops): 53 bits from two
 * 32-bit FNV-1a hashes with different offsets, safe as JavaScript numbers and SQLite integers.
 * Not a security measure: two keys colliding (about 1 in 10^10 for a million groups) would only
 * count as one in a facet.
 */
const fnv = (s: string, seed: number) => {
  let h = seed
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export const numericId = (s: string): number =>
  (fnv(s, 0x811c9dc5) & 0x1fffff) * 0x100000000 + fnv(s, 0x2166136) + 1
