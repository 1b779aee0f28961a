/** The small seeded tools the catalogue is generated with: cheap enough for a million products. */

/** mulberry32: a 32-bit seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed | 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Picks an index by weight: `pick(random())`, a binary search over the running sums. */
export function weightedPicker(weights: readonly number[]): (r: number) => number {
  const sums = new Float64Array(weights.length)
  let total = 0
  weights.forEach((w, i) => {
    total += w
    sums[i] = total
  })
  return (r) => {
    const target = r * total
    let lo = 0
    let hi = sums.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sums[mid]! > target) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

export const pickFrom = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)]!

const letters: Record<string, string> = { ø: 'o', œ: 'oe', æ: 'ae', ß: 'ss', ł: 'l', đ: 'd' }

/** `Crème de Lune` → `creme-de-lune`, `Sœur Céleste` → `soeur-celeste`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[øœæßłđ]/g, (c) => letters[c]!)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}
