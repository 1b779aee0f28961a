/**
 * The names behind the index's integers, held in memory per generation: brands, shops and
 * categories (with their parents and the tokens of their names in both languages, so a query
 * word that names a category can match the category's tag). Small: a label per brand, shop and
 * category, not per product. Counts of active groups per brand and category (for typeahead) are
 * a scan of the documents, loaded apart and only when asked.
 */
import { type Alternative, facetKey, wordTokens } from '../analysis/index.ts'
import type { Dictionary } from './columns.ts'
import type { SqlExecutor } from './sql.ts'

export interface Category {
  id: number
  en: string
  de: string
  parent: number | null
  tokens: ReadonlySet<string>
  wordsEn: string[]
  wordsDe: string[]
}

export interface Labels {
  brands: Map<number, { label: string; words: string[] }>
  shops: Map<number, { shopId: string; label: string }>
  categories: Map<number, Category>
  /** Category ids by name token. */
  byToken: Map<string, number[]>
}

export interface Counts {
  brands: Map<number, number>
  categories: Map<number, number>
}

const tokensOf = (name: string) =>
  new Set(
    facetKey(name)
      .split(' ')
      .filter(Boolean)
      .flatMap((w) => wordTokens(w)),
  )

export async function loadLabels(executor: SqlExecutor): Promise<Labels> {
  const rows = await executor.query('SELECT kind, id, key, label, label_de, parent FROM search_labels')
  const labels: Labels = { brands: new Map(), shops: new Map(), categories: new Map(), byToken: new Map() }
  for (const r of rows) {
    const id = Number(r.id)
    const label = String(r.label)
    if (r.kind === 'brand') labels.brands.set(id, { label, words: facetKey(label).split(' ') })
    else if (r.kind === 'shop') labels.shops.set(id, { shopId: String(r.key), label })
    else if (r.kind === 'category') {
      const de = String(r.label_de ?? label)
      const tokens = new Set([...tokensOf(label), ...tokensOf(de)])
      labels.categories.set(id, {
        id,
        en: label,
        de,
        parent: r.parent === null ? null : Number(r.parent),
        tokens,
        wordsEn: facetKey(label).split(' '),
        wordsDe: facetKey(de).split(' '),
      })
      for (const t of tokens) {
        const list = labels.byToken.get(t)
        if (list) list.push(id)
        else labels.byToken.set(t, [id])
      }
    }
  }
  return labels
}

/** Drops categories whose ancestor is in the set too: its tag already covers them. */
function topmost(labels: Labels, ids: Set<number>): number[] {
  return [...ids].filter((id) => {
    for (
      let p = labels.categories.get(id)?.parent ?? null;
      p !== null;
      p = labels.categories.get(p)?.parent ?? null
    )
      if (ids.has(p)) return false
    return true
  })
}

/**
 * The categories a query word names: every token of one of its alternatives is a token of the
 * category's name (`lippenstift` → Lippenstift; `lippen stift` as parts too), or, for the
 * typeahead word, a name token starts with it. Broad words stop at their topmost category.
 */
export function categoriesNamed(
  labels: Labels,
  alternatives: readonly Alternative[],
  prefix: string | undefined,
): number[] {
  const found = new Set<number>()
  for (const a of alternatives) {
    const [first, ...rest] = a.tokens
    for (const id of labels.byToken.get(first ?? '') ?? []) {
      const tokens = labels.categories.get(id)!.tokens
      if (rest.every((t) => tokens.has(t))) found.add(id)
    }
  }
  if (prefix && prefix.length >= 3)
    for (const c of labels.categories.values())
      for (const t of c.tokens)
        if (t.startsWith(prefix)) {
          found.add(c.id)
          break
        }
  return found.size ? topmost(labels, found) : []
}

export async function loadCounts(executor: SqlExecutor, labels: Labels): Promise<Counts> {
  const [brands = [], categories = []] = await executor.batch(
    [
      {
        sql: 'SELECT brand_id AS k, count(DISTINCT gid) AS n FROM search_docs WHERE active = 1 AND brand_id != 0 GROUP BY brand_id',
      },
      {
        sql: 'SELECT category_id AS k, count(DISTINCT gid) AS n FROM search_docs WHERE active = 1 AND category_id != 0 GROUP BY category_id',
      },
    ],
    'read',
  )
  const counts: Counts = { brands: new Map(), categories: new Map() }
  for (const r of brands) counts.brands.set(Number(r.k), Number(r.n))
  // A category counts what its own products and its descendants' have (a group in two leaves twice).
  for (const r of categories) {
    const n = Number(r.n)
    for (let id: number | null = Number(r.k); id !== null; id = labels.categories.get(id)?.parent ?? null)
      counts.categories.set(id, (counts.categories.get(id) ?? 0) + n)
  }
  return counts
}

const chains = new WeakMap<Labels, { size: number; dense: Map<number, readonly number[]> }>()

/**
 * Each category's ancestors that are some product's category, as dense numbers of `dict` (the
 * columns' categories), for counts that include subcategories. Cached per labels; a dictionary
 * that has grown (a new category arrived) starts afresh.
 */
export function categoryAncestors(labels: Labels, dict: Dictionary): (category: number) => readonly number[] {
  let cache = chains.get(labels)
  if (!cache || cache.size !== dict.size) {
    cache = { size: dict.size, dense: new Map() }
    chains.set(labels, cache)
  }
  const { dense } = cache
  return (category) => {
    let chain = dense.get(category)
    if (chain) return chain
    const found: number[] = []
    const seen = new Set<number>()
    for (
      let p = labels.categories.get(dict.ids[category] ?? -1)?.parent ?? null;
      p !== null && !seen.has(p);
      p = labels.categories.get(p)?.parent ?? null
    ) {
      seen.add(p)
      const d = dict.find(p)
      if (d >= 0) found.push(d)
    }
    chain = found
    dense.set(category, chain)
    return chain
  }
}
