/**
 * The SQLite FTS5 search engine (the embedded default): documents analysed in TypeScript
 * (@glam/search/analysis) and indexed as tokens; one MATCH per search finds the products, a
 * materialised CTE over it gives the collapsed hits, the total and the facet counts in one
 * statement; a facet whose own filter is set gets its counts from a MATCH without that filter
 * (pick several brands), in the same read transaction.
 *
 * ```ts
 * const search = await createFts5Search({ executor: await openLibsql('file:.data/search.db') })
 * await search.upsert(docs)
 * const { total, hits, facets } = await search.search({ q: 'lippenstift rot', locale: 'de' })
 * ```
 */
import {
  type FacetCount,
  type FacetValuesQuery,
  type PortHealth,
  type PriceRangeCount,
  type SearchDocument,
  type SearchEngine,
  type SearchFacetCounts,
  type SearchFilters,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type Suggestions,
  type SuggestQuery,
  searchLimits,
} from '@glam/core'
import {
  analyseDocument,
  analyseQuery,
  facetKey,
  highlight,
  type QueryPlan,
  type QueryWord,
} from '../analysis/index.ts'
import { filterExpressions, matchExpression, type WordMatch, wordExpression } from './match.ts'
import { schema, weights } from './schema.ts'
import type { SqlExecutor, SqlRow, SqlValue, Statement } from './sql.ts'
import { tag } from './tags.ts'
import { Vocabulary } from './typos.ts'

/** The price facet's ranges, in minor units: [from, to). */
export const priceRanges: readonly (readonly [number | null, number | null])[] = [
  [null, 1000],
  [1000, 2500],
  [2500, 5000],
  [5000, 10000],
  [10000, null],
]

export interface Fts5Options {
  executor: SqlExecutor
  /** Values per facet in a search answer (default 20). */
  facetLimit?: number
  /** How often another process's writes are looked for (default 1 s). */
  generationCheckMs?: number
  now?: () => number
}

const docColumns = [
  'product_id',
  'shop_id',
  'shop_name',
  'sku',
  'group_key',
  'title',
  'brand',
  'brand_key',
  'category_id',
  'category_en',
  'category_de',
  'price',
  'price_minor',
  'sale_price_minor',
  'currency',
  'availability',
  'active',
  'image_url',
  'url',
  'gtin',
  'first_seen',
  'updated',
] as const

const upsertDocs = `INSERT INTO search_docs (${docColumns.join(', ')})
  SELECT ${docColumns.map((_, i) => `j.value ->> ${i}`).join(', ')} FROM json_each(?) j WHERE true
  ON CONFLICT (product_id) DO UPDATE SET ${docColumns
    .slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`

const deleteFtsOf = `DELETE FROM search_fts WHERE rowid IN (
  SELECT d.rowid FROM search_docs d JOIN json_each(?) j ON d.product_id = j.value)`

const insertFts = `INSERT INTO search_fts (rowid, title, brand, category, body, tags)
  SELECT d.rowid, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5
  FROM json_each(?) j JOIN search_docs d ON d.product_id = j.value ->> 0`

const bumpGeneration = `UPDATE search_meta SET value = value + 1 WHERE key = 'generation'`

const leaf = (path: string | undefined) => path?.split('>').at(-1)?.trim() ?? null

const tagsOf = (d: SearchDocument) => {
  const tags = [
    tag.all,
    d.active ? tag.active : tag.inactive,
    tag.availability(d.availability),
    tag.shop(d.shopId),
  ]
  if (d.brand) tags.push(tag.brand(d.brand))
  for (const id of d.categoryPathIds) tags.push(tag.category(id))
  if (d.categoryId !== null && !d.categoryPathIds.includes(d.categoryId))
    tags.push(tag.category(d.categoryId))
  return tags.join(' ')
}

const num = (v: SqlValue | undefined) => Number(v ?? 0)
const str = (v: SqlValue | undefined) => (v === null || v === undefined ? null : String(v))

interface Names {
  generation: number
  brands: { key: string; label: string; count: number; words: string[] }[]
  categories: { id: number; en: string; de: string; count: number; wordsEn: string[]; wordsDe: string[] }[]
}

export async function createFts5Search(
  options: Fts5Options,
): Promise<SearchEngine & { readonly executor: SqlExecutor }> {
  const { executor } = options
  const facetLimit = options.facetLimit ?? 20
  const checkMs = options.generationCheckMs ?? 1000
  const now = options.now ?? Date.now
  await executor.batch(schema, 'write')

  let generation = -1
  let checkedAt = 0
  let vocabulary: { generation: number; words: Vocabulary } | undefined
  let vocabularyLoad: Promise<Vocabulary> | undefined
  let names: Names | undefined
  let namesLoad: Promise<Names> | undefined

  /** The index's generation, read again at most every `checkMs` (another process may write). */
  async function currentGeneration(): Promise<number> {
    if (generation >= 0 && now() - checkedAt < checkMs) return generation
    const rows = await executor.query(`SELECT value FROM search_meta WHERE key = 'generation'`)
    generation = num(rows[0]?.value)
    checkedAt = now()
    return generation
  }
  const wrote = () => {
    generation = -1
  }

  async function words(): Promise<Vocabulary> {
    const g = await currentGeneration()
    if (vocabulary?.generation === g) return vocabulary.words
    if (!vocabularyLoad) {
      vocabularyLoad = executor
        .query('SELECT term FROM search_terms')
        .then((rows) => {
          const v = new Vocabulary(rows.map((r) => String(r.term)))
          vocabulary = { generation: g, words: v }
          return v
        })
        .finally(() => {
          vocabularyLoad = undefined
        })
    }
    // A stale vocabulary answers while the new one loads.
    return vocabulary?.words ?? vocabularyLoad
  }

  /** Each query word as MATCH alternatives, with typo corrections where the word is unknown. */
  async function wordMatches(plan: QueryPlan): Promise<{ matches: WordMatch[]; corrected: string[] }> {
    const corrected: string[] = []
    const needsWords = plan.words.some((w) => w.typo > 0)
    const v = needsWords ? await words() : undefined
    const matches = plan.words.map((w: QueryWord): WordMatch => {
      const prefix = w.prefix && w.surface.length >= 2 ? w.surface : undefined
      if (!v || w.typo === 0) return { alternatives: w.alternatives, ...(prefix && { prefix }) }
      const known =
        w.alternatives.some((a) => a.tokens.length === 1 && v.has(a.tokens[0]!)) ||
        (prefix !== undefined && v.hasPrefix(prefix))
      if (known) return { alternatives: w.alternatives, ...(prefix && { prefix }) }
      const corrections = v.corrections(w.surface, w.typo)
      corrected.push(...corrections)
      return { alternatives: w.alternatives, ...(prefix && { prefix }), corrections }
    })
    return { matches, corrected }
  }

  const priceWhere = (f: SearchFilters) => {
    const parts: string[] = []
    const args: SqlValue[] = []
    if (f.priceMin !== undefined) {
      parts.push('price >= ?')
      args.push(f.priceMin)
    }
    if (f.priceMax !== undefined) {
      parts.push('price <= ?')
      args.push(f.priceMax)
    }
    return { sql: parts.length ? parts.join(' AND ') : '1', args }
  }

  /** The matched documents, scored: bm25 with out-of-stock products a step down. */
  const matched = (match: string, hasWords: boolean) => ({
    sql: `m AS MATERIALIZED (
      SELECT d.rowid AS id, d.group_key AS g, d.brand_key, d.brand, d.category_id, d.category_en, d.category_de,
        d.price, d.availability, d.shop_id, d.shop_name, d.first_seen,
        ${hasWords ? `bm25(search_fts, ${weights}) * (CASE d.availability WHEN 'in_stock' THEN 1.0 ELSE 0.6 END)` : `(CASE d.availability WHEN 'in_stock' THEN 0 ELSE 1e13 END) - d.first_seen`} AS score
      FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid
      WHERE search_fts MATCH ?)`,
    args: [match] as SqlValue[],
  })

  const cols = (kind: string, k: string, label: string, label2: string, c: string) =>
    `'${kind}' AS kind, ${k} AS k, ${label} AS label, ${label2} AS label2, ${c} AS c, 0 AS ord`
  const facetSelect = (
    facet: 'brand' | 'category' | 'availability' | 'shop',
    where: string,
    limit: number | null,
  ) => {
    const lim = limit === null ? '' : ` LIMIT ${limit}`
    switch (facet) {
      case 'brand':
        return `SELECT * FROM (SELECT ${cols('brand', 'brand_key', 'max(brand)', 'NULL', 'count(DISTINCT g)')}
          FROM m WHERE ${where} AND brand_key IS NOT NULL GROUP BY brand_key ORDER BY c DESC, k${lim})`
      case 'category':
        return `SELECT * FROM (SELECT ${cols('category', 'CAST(category_id AS TEXT)', 'max(category_en)', 'max(category_de)', 'count(DISTINCT g)')}
          FROM m WHERE ${where} AND category_id IS NOT NULL GROUP BY category_id ORDER BY c DESC, category_id${lim})`
      case 'availability':
        return `SELECT ${cols('availability', 'availability', 'NULL', 'NULL', 'count(DISTINCT g)')} FROM m WHERE ${where} GROUP BY availability`
      case 'shop':
        return `SELECT * FROM (SELECT ${cols('shop', 'shop_id', 'max(shop_name)', 'NULL', 'count(DISTINCT g)')}
          FROM m WHERE ${where} GROUP BY shop_id ORDER BY c DESC, k${lim})`
    }
  }

  const priceSelect = `SELECT ${cols('price', 'CAST(bucket AS TEXT)', 'NULL', 'NULL', 'count(DISTINCT g)')} FROM (
    SELECT g, CASE ${priceRanges
      .map(([, to], i) => (to === null ? `ELSE ${i}` : `WHEN price < ${to} THEN ${i}`))
      .join(' ')} END AS bucket FROM m) GROUP BY bucket`

  /**
   * The collapsed hits' order: each group by its best member (the one aggregate, so SQLite's bare
   * `id` is that member's row), ties by that member's row. Browsing without words scores in-stock
   * first, newest next.
   */
  const orderOf = (sort: SearchQuery['sort']) => {
    switch (sort ?? 'relevance') {
      case 'price_asc':
        return { best: 'min(price)', dir: 'ASC' }
      case 'price_desc':
        return { best: 'max(price)', dir: 'DESC' }
      case 'newest':
        return { best: 'max(first_seen)', dir: 'DESC' }
      default:
        return { best: 'min(score)', dir: 'ASC' }
    }
  }

  const emptyFacets = (): SearchFacetCounts => ({
    brand: [],
    category: [],
    price: [],
    availability: [],
    shop: [],
  })

  interface Run {
    total: number
    hitIds: { id: number; variants: number; ord: number }[]
    facets: SearchFacetCounts
  }

  async function run(
    matches: WordMatch[],
    query: SearchQuery,
    withFacets: boolean,
    offset: number,
    limit: number,
  ): Promise<Run> {
    const filters = query.filters ?? {}
    const words = matches.map(wordExpression)
    const hasWords = words.length > 0
    const price = priceWhere(filters)
    const base = matched(matchExpression(words, filterExpressions(filters)), hasWords)
    const sort = orderOf(query.sort)
    const parts = [
      `SELECT ${cols('total', 'NULL', 'NULL', 'NULL', 'count(DISTINCT g)')} FROM m WHERE ${price.sql}`,
      `SELECT 'hit', CAST(id AS TEXT), NULL, NULL, n, row_number() OVER (ORDER BY best ${sort.dir}, id) FROM (
        SELECT g, id, ${sort.best} AS best, count(*) AS n FROM m WHERE ${price.sql}
        GROUP BY g ORDER BY best ${sort.dir}, id LIMIT ${limit} OFFSET ${offset})`,
    ]
    const args: SqlValue[] = [...base.args, ...price.args, ...price.args]
    const own: {
      facet: 'brand' | 'category' | 'availability' | 'shop' | 'price'
      filter: keyof SearchFilters
    }[] = []
    if (withFacets) {
      for (const facet of ['brand', 'category', 'availability', 'shop'] as const) {
        const selected = (filters[facet]?.length ?? 0) > 0
        if (selected) own.push({ facet, filter: facet })
        else {
          parts.push(facetSelect(facet, price.sql, facet === 'availability' ? null : facetLimit))
          args.push(...price.args)
        }
      }
      if (filters.priceMin !== undefined || filters.priceMax !== undefined)
        own.push({ facet: 'price', filter: 'priceMin' })
      else parts.push(priceSelect)
    }
    const statements: Statement[] = [{ sql: `WITH ${base.sql} ${parts.join(' UNION ALL ')}`, args }]
    // A facet with its own filter set counts over the other filters only.
    for (const { facet, filter } of own) {
      const others: SearchFilters = { ...filters, [filter]: undefined }
      if (facet === 'price') {
        delete others.priceMin
        delete others.priceMax
      }
      const m = matched(
        matchExpression(words, filterExpressions(others, facet === 'price' ? undefined : filter)),
        hasWords,
      )
      const p = priceWhere(facet === 'price' ? {} : filters)
      const select =
        facet === 'price'
          ? priceSelect
          : facetSelect(facet, p.sql, facet === 'availability' ? null : facetLimit)
      statements.push({
        sql: `WITH ${m.sql} ${select}`,
        args: [...m.args, ...(facet === 'price' ? [] : p.args)],
      })
    }
    const results = await executor.batch(statements, 'read')
    const facets = emptyFacets()
    let total = 0
    const hitIds: Run['hitIds'] = []
    const locale = query.locale
    const priceCounts = new Map<number, number>()
    for (const rows of results) {
      for (const row of rows) {
        const { k, label, label2, c } = row
        switch (row.kind) {
          case 'total':
            total = num(c)
            break
          case 'hit':
            hitIds.push({ id: Number(k), variants: num(c), ord: num(row.ord) })
            break
          case 'brand':
            facets.brand.push({ value: String(label ?? k), count: num(c) })
            break
          case 'category':
            facets.category.push({
              value: String((locale === 'de' ? label2 : label) ?? label ?? ''),
              count: num(c),
              id: String(k),
            })
            break
          case 'availability':
            facets.availability.push({ value: String(k), count: num(c) })
            break
          case 'shop':
            facets.shop.push({ value: String(label ?? k), count: num(c), id: String(k) })
            break
          case 'price':
            priceCounts.set(Number(k), num(c))
            break
        }
      }
    }
    if (withFacets)
      facets.price = priceRanges.map(
        ([from, to], i): PriceRangeCount => ({ from, to, count: priceCounts.get(i) ?? 0 }),
      )
    facets.availability.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    hitIds.sort((a, b) => a.ord - b.ord)
    return { total, hitIds, facets }
  }

  async function hitsOf(ids: Run['hitIds'], plan: QueryPlan, extra: readonly string[]): Promise<SearchHit[]> {
    if (!ids.length) return []
    const rows = await executor.query(
      `SELECT d.rowid AS id, product_id, shop_id, title, brand, price_minor, sale_price_minor, currency, availability, image_url, url
       FROM search_docs d JOIN json_each(?) j ON d.rowid = j.value`,
      [JSON.stringify(ids.map((i) => i.id))],
    )
    const byId = new Map(rows.map((r) => [num(r.id), r]))
    return ids.flatMap(({ id, variants }) => {
      const r = byId.get(id)
      if (!r) return []
      const title = String(r.title)
      return [
        {
          productId: String(r.product_id),
          shopId: String(r.shop_id),
          title,
          brand: str(r.brand),
          priceMinor: num(r.price_minor),
          salePriceMinor: r.sale_price_minor === null ? null : num(r.sale_price_minor),
          currency: String(r.currency),
          availability: String(r.availability) as SearchHit['availability'],
          imageUrl: str(r.image_url),
          url: String(r.url),
          variants,
          highlight: highlight(title, plan, extra),
        },
      ]
    })
  }

  const bounded = (query: { offset?: number; limit?: number }) => {
    const limit = Math.max(0, Math.min(query.limit ?? searchLimits.defaultLimit, searchLimits.maxLimit))
    const offset = Math.max(0, Math.min(query.offset ?? 0, searchLimits.maxOffset))
    return { offset, limit: Math.min(limit, searchLimits.maxOffset - offset) }
  }

  const planOf = (
    q: { q: string; locale: SearchQuery['locale']; synonyms?: SearchQuery['synonyms'] },
    prefix: boolean,
  ) =>
    analyseQuery(q.q.slice(0, searchLimits.maxQueryLength), q.locale, {
      ...(q.synonyms && { synonyms: q.synonyms }),
      prefix,
      maxWords: searchLimits.maxWords,
    })

  /** Whether any document has this word at all (filters aside). */
  const anyMatch = async (m: WordMatch) =>
    (
      await executor.query('SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT 1', [
        matchExpression([wordExpression(m)], []),
      ])
    ).length > 0

  async function search(query: SearchQuery, withFacets = true): Promise<SearchResult> {
    const plan = planOf(query, query.prefix ?? true)
    const { offset, limit } = bounded(query)
    let { matches, corrected } = await wordMatches(plan)
    let result = await run(matches, query, withFacets, offset, limit)
    // Nothing for all the words: leave out the words nothing has, then drop words from the end
    // (Meilisearch's `last` strategy), so `xyz serum` still finds the serums.
    if (result.total === 0 && matches.length > 1) {
      const found = await Promise.all(matches.map((m) => anyMatch(m)))
      const kept = matches.filter((_, i) => found[i])
      if (kept.length && kept.length < matches.length) {
        matches = kept
        result = await run(matches, query, withFacets, offset, limit)
      }
    }
    while (result.total === 0 && matches.length > 1) {
      matches = matches.slice(0, -1)
      result = await run(matches, query, withFacets, offset, limit)
    }
    if (result.total === 0) corrected = []
    const hits = await hitsOf(result.hitIds, plan, corrected)
    const next = offset + hits.length
    return {
      total: result.total,
      hits,
      facets: result.facets,
      nextOffset:
        hits.length === limit && next < Math.min(result.total, searchLimits.maxOffset) ? next : null,
      ...(corrected.length && { corrected }),
    }
  }

  /** Brand and category names with their active groups, per generation; a stale list answers while a new one loads. */
  async function namesNow(): Promise<Names> {
    const g = await currentGeneration()
    if (names?.generation === g) return names
    if (!namesLoad) {
      namesLoad = executor
        .batch(
          [
            {
              sql: `SELECT brand_key AS k, max(brand) AS label, count(DISTINCT group_key) AS c FROM search_docs
                WHERE active = 1 AND brand_key IS NOT NULL GROUP BY brand_key`,
            },
            {
              sql: `SELECT category_id AS k, max(category_en) AS en, max(category_de) AS de, count(DISTINCT group_key) AS c
                FROM search_docs WHERE active = 1 AND category_id IS NOT NULL GROUP BY category_id`,
            },
          ],
          'read',
        )
        .then(([brands = [], categories = []]) => {
          names = {
            generation: g,
            brands: brands.map((r) => ({
              key: String(r.k),
              label: String(r.label),
              count: num(r.c),
              words: facetKey(String(r.label)).split(' '),
            })),
            categories: categories.map((r) => ({
              id: num(r.k),
              en: String(r.en ?? ''),
              de: String(r.de ?? r.en ?? ''),
              count: num(r.c),
              wordsEn: facetKey(String(r.en ?? '')).split(' '),
              wordsDe: facetKey(String(r.de ?? r.en ?? '')).split(' '),
            })),
          }
          return names
        })
        .finally(() => {
          namesLoad = undefined
        })
    }
    // A fresh list if it comes quickly (a small index, or just written here); else the stale one answers.
    if (!names) return namesLoad
    const stale = names
    return Promise.race([namesLoad, new Promise<Names>((resolve) => setTimeout(() => resolve(stale), 100))])
  }

  /** Every word of the typed text starts a word of the name (in order of the name's words or not). */
  const namePrefixMatch = (typed: string[], nameWords: readonly string[]) =>
    typed.length > 0 && typed.every((t) => nameWords.some((w) => w.startsWith(t)))

  return {
    adapter: executor.adapter,
    executor,

    async upsert(docs) {
      const chunk = 500
      for (let i = 0; i < docs.length; i += chunk) {
        const part = docs.slice(i, i + chunk)
        const rows: unknown[] = []
        const fts: unknown[] = []
        const terms = new Set<string>()
        for (const d of part) {
          const cols = analyseDocument(d)
          const brandKey = d.brand ? facetKey(d.brand) : null
          rows.push([
            d.productId,
            d.shopId,
            d.shopName,
            d.sku,
            d.groupKey,
            d.title,
            d.brand,
            brandKey,
            d.categoryId,
            leaf(d.categoryPath?.en),
            leaf(d.categoryPath?.de) ?? leaf(d.categoryPath?.en),
            d.salePriceMinor ?? d.priceMinor,
            d.priceMinor,
            d.salePriceMinor,
            d.currency,
            d.availability,
            d.active ? 1 : 0,
            d.imageUrl,
            d.url,
            d.gtin,
            d.firstSeenAt,
            d.updatedAt,
          ])
          fts.push([d.productId, cols.title, cols.brand, cols.category, cols.body, tagsOf(d)])
          for (const text of [cols.title, cols.brand, cols.category])
            for (const t of text.split(' ')) if (t.length >= 2 && t.length <= 40) terms.add(t)
        }
        const ids = JSON.stringify(part.map((d) => d.productId))
        await executor.batch(
          [
            { sql: deleteFtsOf, args: [ids] },
            { sql: upsertDocs, args: [JSON.stringify(rows)] },
            { sql: insertFts, args: [JSON.stringify(fts)] },
            {
              sql: 'INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(?)',
              args: [JSON.stringify([...terms])],
            },
            { sql: bumpGeneration },
          ],
          'write',
        )
        if (vocabulary) for (const t of terms) vocabulary.words.add(t)
      }
      wrote()
    },

    async remove(productIds) {
      for (let i = 0; i < productIds.length; i += 1000) {
        const ids = JSON.stringify(productIds.slice(i, i + 1000))
        await executor.batch(
          [
            { sql: deleteFtsOf, args: [ids] },
            {
              sql: 'DELETE FROM search_docs WHERE product_id IN (SELECT value FROM json_each(?))',
              args: [ids],
            },
            { sql: bumpGeneration },
          ],
          'write',
        )
      }
      wrote()
    },

    search: (query) => search(query, true),

    async facetValues(query: FacetValuesQuery): Promise<FacetCount[]> {
      const plan = planOf(query, true)
      const { matches } = await wordMatches(plan)
      const words = matches.map(wordExpression)
      const filters = query.filters ?? {}
      const m = matched(matchExpression(words, filterExpressions(filters, query.facet)), words.length > 0)
      const p = priceWhere(filters)
      const rows = await executor.query(`WITH ${m.sql} ${facetSelect(query.facet, p.sql, null)}`, [
        ...m.args,
        ...p.args,
      ])
      const prefix = query.prefix ? facetKey(query.prefix) : ''
      const typed = prefix ? prefix.split(' ') : []
      const limit = Math.max(1, Math.min(query.limit ?? 20, 100))
      const out: FacetCount[] = []
      for (const row of rows) {
        const { k, label, label2, c } = row
        const value =
          query.facet === 'category'
            ? String((query.locale === 'de' ? label2 : label) ?? label ?? '')
            : String(label ?? k)
        if (typed.length && !namePrefixMatch(typed, facetKey(value).split(' '))) continue
        out.push({
          value,
          count: num(c),
          ...((query.facet === 'category' || query.facet === 'shop') && { id: String(k) }),
        })
      }
      out.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
      return out.slice(0, limit)
    },

    async suggest(query: SuggestQuery): Promise<Suggestions> {
      const limit = Math.max(1, Math.min(query.limit ?? 5, 20))
      const typed = facetKey(query.q.slice(0, searchLimits.maxQueryLength)).split(' ').filter(Boolean)
      if (!typed.length) return { products: [], brands: [], categories: [] }
      const [result, n] = await Promise.all([
        search(
          { q: query.q, locale: query.locale, limit, ...(query.synonyms && { synonyms: query.synonyms }) },
          false,
        ),
        namesNow(),
      ])
      const brands = n.brands
        .filter((b) => namePrefixMatch(typed, b.words))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
        .slice(0, limit)
        .map((b) => ({ value: b.label, count: b.count }))
      const categories = n.categories
        .filter((c) => namePrefixMatch(typed, query.locale === 'de' ? c.wordsDe : c.wordsEn))
        .sort((a, b) => b.count - a.count || a.id - b.id)
        .slice(0, limit)
        .map((c) => ({ value: query.locale === 'de' ? c.de : c.en, count: c.count, id: String(c.id) }))
      return {
        products: result.hits.map(({ productId, title, brand, imageUrl, highlight }) => ({
          productId,
          title,
          brand,
          imageUrl,
          highlight,
        })),
        brands,
        categories,
      }
    },

    async stats() {
      const [counts = [], meta = []] = await executor.batch(
        [
          { sql: 'SELECT count(*) AS n, coalesce(sum(active), 0) AS a FROM search_docs' },
          { sql: `SELECT value FROM search_meta WHERE key = 'watermark'` },
        ],
        'read',
      )
      return { documents: num(counts[0]?.n), active: num(counts[0]?.a), watermark: num(meta[0]?.value) }
    },

    async setWatermark(ms) {
      await executor.query(`UPDATE search_meta SET value = ? WHERE key = 'watermark'`, [ms])
    },

    async entries(after, limit) {
      const rows = await executor.query(
        'SELECT product_id, updated, active FROM search_docs WHERE product_id > ? ORDER BY product_id LIMIT ?',
        [after, limit],
      )
      return rows.map((r: SqlRow) => ({
        productId: String(r.product_id),
        updatedAt: num(r.updated),
        active: num(r.active) === 1,
      }))
    },

    async clear() {
      await executor.batch(
        [
          { sql: `INSERT INTO search_fts (search_fts) VALUES ('delete-all')` },
          { sql: 'DELETE FROM search_docs' },
          { sql: 'DELETE FROM search_terms' },
          { sql: `UPDATE search_meta SET value = 0 WHERE key = 'watermark'` },
          { sql: bumpGeneration },
        ],
        'write',
      )
      vocabulary = undefined
      names = undefined
      wrote()
    },

    async health(): Promise<PortHealth> {
      const started = Date.now()
      await executor.query('SELECT 1')
      return { status: 'ok', latencyMs: Date.now() - started }
    },

    close: () => executor.close(),
  }
}
