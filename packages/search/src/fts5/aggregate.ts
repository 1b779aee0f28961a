/**
 * One pass over the rowids a MATCH found (columns.ts holds their integers): inactive and
 * out-of-price-range ones left out, variants collapsed into their group (the best member
 * stands for it), the total, and each facet's counts of groups (a group once per value: a
 * lipstick in stock in one shade and sold out in another counts under both).
 *
 * Relevance is bucketed, as Meilisearch ranks, not bm25: all words as typed before corrected
 * ones, all in the title before title-or-brand before anywhere else (description, the
 * category's name), in stock before not, shorter titles (more specific) first.
 */
import type { SearchFilters, SearchQuery } from '@glam/core'
import type { Columns } from './columns.ts'
import { availabilityCodes } from './schema.ts'
import { brandId, shopNum } from './tags.ts'

/** The price facet's ranges, in minor units: [from, to). */
export const priceRanges: readonly (readonly [number | null, number | null])[] = [
  [null, 1000],
  [1000, 2500],
  [2500, 5000],
  [5000, 10000],
  [10000, null],
]
const priceBucket = (p: number) => (p < 1000 ? 0 : p < 2500 ? 1 : p < 5000 ? 2 : p < 10000 ? 3 : 4)

export type CountedFacet = 'brand' | 'category' | 'availability' | 'shop'

/** A set of rowids as marks in an array indexed by rowid (O(1) membership, no hashing). */
export interface RowSet {
  has(id: number): boolean
}

export class RowMarks implements RowSet {
  constructor(
    private readonly marks: Uint8Array,
    private readonly bit: number,
  ) {}
  has(id: number) {
    return (this.marks[id]! & this.bit) !== 0
  }
}

/** Rowid sets of the relevance tiers (null: no words, or the tier is not asked). */
export interface TierSets {
  title: RowSet
  names: RowSet
  exact: RowSet | null
}

export interface Aggregation {
  total: number
  /** The page's hits: the standing member's rowid and how many members the group has. */
  hits: { id: number; variants: number }[]
  counts: Partial<Record<CountedFacet, Map<number, number>>>
  price?: number[]
}

export interface AggregateOptions {
  filters: SearchFilters
  sort: SearchQuery['sort']
  tiers: TierSets | null
  /** Facets counted here (their own filter not set); the others come from their own MATCH. */
  facets: readonly CountedFacet[]
  /** Count the price ranges (ignoring the price filter). */
  price: boolean
  offset: number
  limit: number
  /** Only counts: no hits to rank. */
  countsOnly?: boolean
  /**
   * A category's ancestors that are some product's category (dense numbers): a category counts
   * its subcategories' groups too, as its filter finds them (once a group, however many paths).
   */
  ancestors?: (category: number) => readonly number[]
}

/** Scratch space reused by every aggregation of one index (grown as the dictionaries grow). */
class Scratch {
  stamp = new Int32Array(0)
  priceStamp = new Int32Array(0)
  priceBits = new Uint8Array(0)
  head = new Int32Array(0)
  next = new Int32Array(0)
  round = 0
  ensure(groups: number, rows: number) {
    if (this.stamp.length < groups) {
      this.stamp = new Int32Array(Math.max(groups, this.stamp.length * 2))
      this.priceStamp = new Int32Array(this.stamp.length)
      this.priceBits = new Uint8Array(this.stamp.length)
      this.head = new Int32Array(this.stamp.length)
    }
    if (this.next.length < rows) this.next = new Int32Array(Math.max(rows, this.next.length * 2))
    this.round++
    if (this.round > 2 ** 30) {
      this.stamp.fill(0)
      this.priceStamp.fill(0)
      this.round = 1
    }
  }
}
const scratches = new WeakMap<Columns, Scratch>()

/** A facet's values of one row (dense numbers). */
const valuesOf = (columns: Columns, facet: CountedFacet | 'price'): Int32Array =>
  facet === 'brand'
    ? columns.brand
    : facet === 'shop'
      ? columns.shop
      : facet === 'category'
        ? columns.category
        : columns.avail

/** The dense values a filter allows (null: no filter on it). */
function allowed(
  dict: { find(id: number): number } | null,
  values: readonly number[] | undefined,
): Set<number> | null {
  if (!values?.length) return null
  return new Set(values.map((v) => (dict ? dict.find(v) : v)))
}

export function aggregate(columns: Columns, ids: ArrayLike<number>, o: AggregateOptions): Aggregation {
  const { group, active, price, avail, first, tlen, brand, shop } = columns
  const brands = allowed(columns.brands, o.filters.brand?.map(brandId))
  const shops = allowed(columns.shops, o.filters.shop?.map(shopNum))
  const avails = allowed(
    null,
    o.filters.availability?.map((a) => availabilityCodes[a]),
  )
  const inactive = o.filters.includeInactive ?? false
  const min = o.filters.priceMin ?? -Infinity
  const max = o.filters.priceMax ?? Infinity
  const sort = o.sort ?? 'relevance'
  const tiers = o.tiers
  let scratch = scratches.get(columns)
  if (!scratch) {
    scratch = new Scratch()
    scratches.set(columns, scratch)
  }
  scratch.ensure(columns.groups.size, ids.length)
  const { stamp, head, next, priceStamp, priceBits } = scratch
  const round = scratch.round
  // Pass 1: the rows that count, linked per group (head[g] → next[i] → …, as positions in `kept`).
  const kept = new Int32Array(ids.length)
  let keptCount = 0
  const groupList: number[] = []
  const priceCounts = o.price ? [0, 0, 0, 0, 0] : null
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!
    if (id >= columns.size || (!inactive && active[id] !== 1)) continue
    if (brands && !brands.has(brand[id]!)) continue
    if (shops && !shops.has(shop[id]!)) continue
    if (avails && !avails.has(avail[id]!)) continue
    const g = group[id]!
    const p = price[id]!
    if (priceCounts) {
      // A group once per range: its bit per range.
      const bucket = priceBucket(p)
      const bit = 1 << bucket
      if (priceStamp[g] !== round) {
        priceStamp[g] = round
        priceBits[g] = 0
      }
      if (!(priceBits[g]! & bit)) {
        priceBits[g]! |= bit
        priceCounts[bucket]!++
      }
    }
    if (p < min || p > max) continue
    const at = keptCount++
    kept[at] = id
    if (stamp[g] !== round) {
      stamp[g] = round
      head[g] = at
      next[at] = -1
      groupList.push(g)
    } else {
      next[at] = head[g]!
      head[g] = at
    }
  }
  // Pass 2: per group, each facet value once, and the member that stands for it.
  const counts: Aggregation['counts'] = {}
  const facetValues = o.facets.map((f) => valuesOf(columns, f))
  const facetCounts = o.facets.map(
    (f) =>
      new Int32Array(
        f === 'brand'
          ? columns.brands.size
          : f === 'shop'
            ? columns.shops.size
            : f === 'category'
              ? columns.categories.size
              : 4,
      ),
  )
  const categoryFacet = o.ancestors ? o.facets.indexOf('category') : -1
  const ancestors = o.ancestors
  // The group that last counted each category (gi + 1): a group counts a category once.
  const categoryMark = categoryFacet >= 0 ? new Int32Array(columns.categories.size) : null
  const best = new Float64Array(groupList.length)
  const standing = new Int32Array(groupList.length)
  const members = new Int32Array(groupList.length)
  for (let gi = 0; gi < groupList.length; gi++) {
    const g = groupList[gi]!
    let n = 0
    let bestScore = Infinity
    let bestId = -1
    const single = next[head[g]!] === -1
    for (let at = head[g]!; at !== -1; at = next[at]!) {
      const id = kept[at]!
      n++
      for (let f = 0; f < facetValues.length; f++) {
        const values = facetValues[f]!
        const v = values[id]!
        if (f === categoryFacet && categoryMark && ancestors) {
          const c = facetCounts[f]!
          const mark = gi + 1
          if (categoryMark[v] !== mark) {
            categoryMark[v] = mark
            c[v]!++
          }
          for (const a of ancestors(v))
            if (categoryMark[a] !== mark) {
              categoryMark[a] = mark
              c[a]!++
            }
          continue
        }
        // Counted before for this group? (groups are small: look at the members before this one)
        let dup = false
        if (!single)
          for (let other = head[g]!; other !== at; other = next[other]!)
            if (values[kept[other]!] === v) {
              dup = true
              break
            }
        if (!dup) facetCounts[f]![v]!++
      }
      if (o.countsOnly) continue
      let score: number
      switch (sort) {
        case 'price_asc':
          score = price[id]!
          break
        case 'price_desc':
          score = -price[id]!
          break
        case 'newest':
          score = -first[id]!
          break
        default:
          score = tiers
            ? (tiers.exact && !tiers.exact.has(id) ? 8 : 0) +
              (tiers.title.has(id) ? 0 : 4) +
              (tiers.names.has(id) ? 0 : 2) +
              (avail[id] === 0 ? 0 : 1) +
              tlen[id]! / 1000
            : (avail[id] === 0 ? 0 : 1e13) - first[id]!
      }
      if (score < bestScore || (score === bestScore && id < bestId)) {
        bestScore = score
        bestId = id
      }
    }
    best[gi] = bestScore
    standing[gi] = bestId
    members[gi] = n
  }
  o.facets.forEach((facet, f) => {
    const out = new Map<number, number>()
    const dict =
      facet === 'brand'
        ? columns.brands
        : facet === 'shop'
          ? columns.shops
          : facet === 'category'
            ? columns.categories
            : null
    const c = facetCounts[f]!
    for (let v = 0; v < c.length; v++) {
      const n = c[v]!
      if (!n) continue
      const id = dict ? dict.ids[v]! : v
      if (id === 0 && facet !== 'availability') continue
      out.set(id, n)
    }
    counts[facet] = out
  })
  const result: Aggregation = { total: groupList.length, hits: [], counts }
  if (priceCounts) result.price = priceCounts
  if (o.countsOnly || o.limit === 0 || !groupList.length) return result
  // The page: the groups at or under the score of the last one wanted, then those in order.
  const want = Math.min(groupList.length, o.offset + o.limit)
  const sorted = best.slice().sort()
  const cut = sorted[want - 1]!
  const page: number[] = []
  for (let gi = 0; gi < groupList.length; gi++) if (best[gi]! <= cut) page.push(gi)
  page.sort((a, b) => best[a]! - best[b]! || standing[a]! - standing[b]!)
  result.hits = page.slice(o.offset, want).map((gi) => ({ id: standing[gi]!, variants: members[gi]! }))
  return result
}

/** The top values of a facet's counts, most groups first (ties by value id). */
export const topValues = (counts: Map<number, number>, limit: number | null) =>
  [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit ?? undefined)
