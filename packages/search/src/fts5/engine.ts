/**
 * The SQLite FTS5 search engine (the embedded default): documents analysed in TypeScript
 * (@glam/search/analysis) and indexed as tokens. SQLite answers which rowids a MATCH finds (and
 * the relevance tiers' MATCHes); collapsing, ranking and facet counts are one pass over the
 * in-memory columns (aggregate.ts, columns.ts). A facet whose own filter is set counts without
 * that filter (pick several brands).
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
  type SearchEngine,
  type SearchFacetCounts,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type Suggestions,
  type SuggestQuery,
  searchLimits,
} from '@glam/core'
import { analyseQuery, facetKey, highlight, type QueryPlan } from '../analysis/index.ts'
import { aggregate, type CountedFacet, priceRanges, RowMarks, type TierSets, topValues } from './aggregate.ts'
import { Columns, markRows, matchedRowids, unmarkRows } from './columns.ts'
import {
  type Counts,
  categoriesNamed,
  categoryAncestors,
  type Labels,
  loadCounts,
  loadLabels,
} from './labels.ts'
import {
  type ExpressionOptions,
  filterExpressions,
  matchExpression,
  type WordMatch,
  wordExpression,
} from './match.ts'
import { availabilityOf, dropAll, schema, schemaVersion } from './schema.ts'
import type { SqlExecutor, SqlRow, SqlValue } from './sql.ts'
import { Vocabulary } from './typos.ts'
import { bumpGeneration, deleteFtsOf, displayFields, writePage } from './write.ts'

export interface Fts5Options {
  executor: SqlExecutor
  /** Values per facet in a search answer (default 20). */
  facetLimit?: number
  /** How often another process's writes are looked for (default 1 s). */
  generationCheckMs?: number
  /** Documents per write transaction (default 2000). */
  pageSize?: number
  /**
   * The vocabulary and typeahead's counts, when a load costs this long or more (default 20 ms),
   * are reloaded for at most a tenth of the time (perGeneration).
   */
  reloadThrottleMs?: number
  now?: () => number
}

const num = (v: SqlValue | undefined) => Number(v ?? 0)

/** Title matches typeahead ranks at most (a prefix of two letters may match half the catalogue). */
const suggestScan = 5000

/**
 * A value made per generation of the index; a stale one answers while a new one loads slowly.
 * A load that costs (`throttle.minCostMs`, default off) is not made again for a later
 * generation until `cost / throttle.share` has passed since it finished: a feed run bumps the
 * generation every page, and a scan of every document per page would be most of the work. Cheap
 * loads (a small index) follow every generation.
 */
export function perGeneration<T>(
  load: () => Promise<T>,
  patienceMs: number,
  throttle: { minCostMs?: number; share?: number; now?: () => number } = {},
) {
  const minCostMs = throttle.minCostMs ?? Infinity
  const share = throttle.share ?? 0.1
  const now = throttle.now ?? Date.now
  let current: { generation: number; value: T; at: number; cost: number } | undefined
  let loading: { generation: number; promise: Promise<T> } | undefined
  return {
    get(generation: number): Promise<T> {
      if (current?.generation === generation) return Promise.resolve(current.value)
      if (
        current &&
        current.generation < generation &&
        current.cost >= minCostMs &&
        now() - current.at < current.cost / share
      )
        return Promise.resolve(current.value)
      if (loading?.generation !== generation) {
        const started = now()
        const promise = load().then((value) => {
          const at = now()
          if (!current || current.generation <= generation)
            current = { generation, value, at, cost: at - started }
          return value
        })
        promise
          .catch(() => undefined)
          .finally(() => {
            if (loading?.promise === promise) loading = undefined
          })
        loading = { generation, promise }
      }
      const fresh = loading.promise
      if (!current) return fresh
      const stale = current.value
      return Promise.race([fresh, new Promise<T>((resolve) => setTimeout(() => resolve(stale), patienceMs))])
    },
    peek: () => current?.value,
    reset() {
      current = undefined
      loading = undefined
    },
  }
}

interface Run {
  total: number
  hitIds: { id: number; variants: number; ord: number }[]
  facets: SearchFacetCounts
}

export async function createFts5Search(
  options: Fts5Options,
): Promise<SearchEngine & { readonly executor: SqlExecutor }> {
  const { executor } = options
  const facetLimit = options.facetLimit ?? 20
  const checkMs = options.generationCheckMs ?? 1000
  const pageSize = options.pageSize ?? 2000
  const now = options.now ?? Date.now
  await executor.batch(schema, 'write')
  const [version] = await executor.query(`SELECT value FROM search_meta WHERE key = 'schema'`)
  if (num(version?.value) !== schemaVersion) {
    // An index of an older layout: made again, empty (the next sync fills it from the catalogue:
    // its watermark is 0). Two processes doing so at once drop it twice, which ends the same way;
    // processes holding the old index see its new id and start afresh (currentGeneration).
    await executor.batch([...dropAll, ...schema], 'write')
  }

  let generation = -1
  let checkedAt = 0
  let indexId: number | undefined
  /**
   * The index's generation, read again at most every `checkMs` (another process may write). An
   * index made again (another release dropped an older layout, or the file was replaced) has
   * another id and generations from 0: what is held in memory is dropped and loaded afresh.
   */
  async function currentGeneration(): Promise<number> {
    if (generation >= 0 && now() - checkedAt < checkMs) return generation
    const rows = await executor.query(
      `SELECT key, value FROM search_meta WHERE key IN ('generation', 'index')`,
    )
    const meta = new Map(rows.map((r) => [String(r.key), num(r.value)]))
    const id = meta.get('index') ?? 0
    if (indexId !== undefined && id !== indexId) forget()
    indexId = id
    generation = meta.get('generation') ?? 0
    checkedAt = now()
    return generation
  }

  // Labels are small (a row per brand, shop and category): every generation. The vocabulary (every
  // title term) and typeahead's counts (a scan of every document) of a big index are reloaded
  // for at most a tenth of the time while it is being written (a 300 ms scan every 3 s); this
  // process's own terms are added to the vocabulary as it writes.
  const labelsCache = perGeneration(() => loadLabels(executor), 100)
  const vocabularyCache = perGeneration(
    async () => {
      const [rows, labels] = await Promise.all([executor.query('SELECT term FROM search_terms'), labelsNow()])
      const v = new Vocabulary(rows.map((r) => String(r.term)))
      for (const c of labels.categories.values()) for (const t of c.tokens) v.add(t)
      return v
    },
    100,
    { minCostMs: options.reloadThrottleMs ?? 20, now },
  )
  const countsCache = perGeneration(async () => loadCounts(executor, await labelsNow()), 100, {
    minCostMs: options.reloadThrottleMs ?? 20,
    now,
  })
  const labelsNow = async (): Promise<Labels> => labelsCache.get(await currentGeneration())
  const countsNow = async (): Promise<Counts> => countsCache.get(await currentGeneration())

  /** Each query word as MATCH alternatives: typo corrections where the word is unknown, the categories it names. */
  async function wordMatches(plan: QueryPlan): Promise<{ matches: WordMatch[]; corrected: string[] }> {
    const corrected: string[] = []
    const generationNow = await currentGeneration()
    const labels = await labelsCache.get(generationNow)
    const v = plan.words.some((w) => w.typo > 0) ? await vocabularyCache.get(generationNow) : undefined
    const matches = plan.words.map((w): WordMatch => {
      const prefix = w.prefix && w.surface.length >= 2 ? w.surface : undefined
      const base: WordMatch = { alternatives: w.alternatives, ...(prefix && { prefix }) }
      let corrections: string[] = []
      if (v && w.typo > 0) {
        const known =
          w.alternatives.some((a) => a.tokens.length === 1 && v.has(a.tokens[0]!)) ||
          (prefix !== undefined && v.hasPrefix(prefix))
        if (!known) corrections = v.corrections(w.surface, w.typo)
      }
      corrected.push(...corrections)
      const categories = categoriesNamed(
        labels,
        [...w.alternatives, ...corrections.map((c) => ({ tokens: [c] }))],
        prefix,
      )
      return { ...base, ...(corrections.length && { corrections }), ...(categories.length && { categories }) }
    })
    return { matches, corrected }
  }

  let columns = new Columns()
  let columnsLoad: Promise<void> | undefined
  /** Drops what is held of an index that is no longer there (searches under way keep theirs). */
  function forget() {
    columns = new Columns()
    columnsLoad = undefined
    for (const cache of [labelsCache, vocabularyCache, countsCache, allRowids]) cache.reset()
  }
  /** The in-memory columns brought up to the index's generation (one load at a time). */
  async function columnsNow(): Promise<Columns> {
    const g = await currentGeneration()
    while (columns.seq < g) {
      if (!columnsLoad) {
        const load: Promise<void> = columns.refresh(executor).finally(() => {
          if (columnsLoad === load) columnsLoad = undefined
        })
        columnsLoad = load
      }
      await columnsLoad
      if (
        columns.seq < g &&
        !(await executor.query('SELECT 1 FROM search_docs WHERE seq > ? LIMIT 1', [columns.seq])).length
      )
        break
    }
    return columns
  }

  /** Every document's rowid (a browse without words or filters), per generation. */
  const allRowids = perGeneration(() => matchedRowids(executor, null), 100)
  const rowidsOf = async (match: string | null) =>
    match === null ? allRowids.get(await currentGeneration()) : matchedRowids(executor, match)
  /** The relevance tiers' rowids (aggregate.ts), null without words. */
  async function tierRows(matches: WordMatch[]) {
    if (!matches.length) return null
    const all = (options: ExpressionOptions) => matches.map((m) => wordExpression(m, options)).join(' AND ')
    const corrected = matches.some((m) => m.corrections?.length)
    const [title, names, exact] = await Promise.all([
      matchedRowids(executor, all({ columns: '{title}', categories: false })),
      matchedRowids(executor, all({ columns: '{title brand}', categories: false })),
      corrected ? matchedRowids(executor, all({ corrections: false })) : null,
    ])
    return { title, names, exact }
  }

  let marks = new Uint8Array(0)
  /**
   * The tiers as marks in one array indexed by rowid, for the (synchronous) aggregation only:
   * set, used and cleared without an await between, so concurrent searches never see each other's.
   */
  function withTiers<T>(
    cols: Columns,
    rows: Awaited<ReturnType<typeof tierRows>>,
    work: (tiers: TierSets | null) => T,
  ): T {
    if (!rows) return work(null)
    if (marks.length < cols.size) marks = new Uint8Array(cols.size)
    markRows(marks, rows.title, 1)
    markRows(marks, rows.names, 2)
    if (rows.exact) markRows(marks, rows.exact, 4)
    try {
      return work({
        title: new RowMarks(marks, 1),
        names: new RowMarks(marks, 2),
        exact: rows.exact ? new RowMarks(marks, 4) : null,
      })
    } finally {
      unmarkRows(marks, rows.title, 1)
      unmarkRows(marks, rows.names, 2)
      if (rows.exact) unmarkRows(marks, rows.exact, 4)
    }
  }

  const emptyFacets = (): SearchFacetCounts => ({
    brand: [],
    category: [],
    price: [],
    availability: [],
    shop: [],
  })

  function facetCounts(
    facet: CountedFacet,
    counts: Map<number, number>,
    labels: Labels,
    locale: string,
    limit: number | null,
  ): FacetCount[] {
    return topValues(counts, limit).map(([k, n]): FacetCount => {
      switch (facet) {
        case 'brand':
          return { value: labels.brands.get(k)?.label ?? String(k), count: n }
        case 'category': {
          const c = labels.categories.get(k)
          return { value: (locale === 'de' ? c?.de : c?.en) ?? String(k), count: n, id: String(k) }
        }
        case 'shop': {
          const s = labels.shops.get(k)
          return { value: s?.label ?? String(k), count: n, id: s?.shopId ?? String(k) }
        }
        default:
          return { value: availabilityOf[k] ?? String(k), count: n }
      }
    })
  }

  /**
   * One search: the MATCH of the words and every filter (rowids), the tiers' sets, and for each
   * facet whose own filter is set a MATCH without it; then one pass here (aggregate.ts).
   */
  async function run(
    matches: WordMatch[],
    query: SearchQuery,
    mode: 'full' | 'hits',
    offset: number,
    limit: number,
  ): Promise<Run> {
    const filters = query.filters ?? {}
    const words = matches.map((m) => wordExpression(m))
    const own =
      mode === 'full'
        ? (['brand', 'category', 'availability', 'shop'] as const).filter(
            (f) => (filters[f]?.length ?? 0) > 0,
          )
        : []
    const counted =
      mode === 'full'
        ? (['brand', 'category', 'availability', 'shop'] as const).filter((f) => !own.includes(f))
        : []
    const [cols, labels, ids, tiers, ...ownIds] = await Promise.all([
      columnsNow(),
      labelsNow(),
      rowidsOf(matchExpression(words, filterExpressions(filters))),
      query.sort === undefined || query.sort === 'relevance' ? tierRows(matches) : null,
      // Only the category filter is in the MATCH: the others are left out in memory.
      ...own.map((f) =>
        f === 'category' ? rowidsOf(matchExpression(words, filterExpressions(filters, 'category'))) : null,
      ),
    ])
    const main = withTiers(cols, tiers, (t) =>
      aggregate(cols, ids, {
        filters,
        sort: query.sort,
        tiers: t,
        facets: counted,
        price: mode === 'full',
        offset,
        limit,
        ancestors: categoryAncestors(labels, cols.categories),
      }),
    )
    const facets = emptyFacets()
    for (const facet of counted)
      facets[facet] = facetCounts(
        facet,
        main.counts[facet]!,
        labels,
        query.locale,
        facet === 'availability' ? null : facetLimit,
      )
    own.forEach((facet, i) => {
      const { [facet]: _own, ...others } = filters
      const counts = aggregate(cols, ownIds[i] ?? ids, {
        filters: others,
        sort: query.sort,
        tiers: null,
        facets: [facet],
        price: false,
        offset: 0,
        limit: 0,
        countsOnly: true,
        ancestors: categoryAncestors(labels, cols.categories),
      })
      facets[facet] = facetCounts(
        facet,
        counts.counts[facet]!,
        labels,
        query.locale,
        facet === 'availability' ? null : facetLimit,
      )
    })
    if (main.price)
      facets.price = priceRanges.map(
        ([from, to], i): PriceRangeCount => ({ from, to, count: main.price![i] ?? 0 }),
      )
    return { total: main.total, hitIds: main.hits.map((h, ord) => ({ ...h, ord })), facets }
  }

  async function hitsOf(ids: Run['hitIds'], plan: QueryPlan, extra: readonly string[]): Promise<SearchHit[]> {
    if (!ids.length) return []
    const rows = await executor.query(
      'SELECT d.rowid AS id, product_id, avail, v FROM search_docs d JOIN json_each(?) j ON d.rowid = j.value',
      [JSON.stringify(ids.map((i) => i.id))],
    )
    const byId = new Map(rows.map((r) => [num(r.id), r]))
    return ids.flatMap(({ id, variants }) => {
      const r = byId.get(id)
      if (!r) return []
      const shown = displayFields(String(r.v))
      return [
        {
          productId: String(r.product_id),
          ...shown,
          availability: availabilityOf[num(r.avail)] ?? 'in_stock',
          variants,
          highlight: highlight(shown.title, plan, extra),
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

  /** Whether any document matches this expression (a probe of one row). */
  const anyMatch = async (expression: string) =>
    (await executor.query('SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT 1', [expression]))
      .length > 0

  async function search(query: SearchQuery, mode: 'full' | 'hits'): Promise<SearchResult> {
    const plan = planOf(query, query.prefix ?? true)
    const { offset, limit } = bounded(query)
    let { matches, corrected } = await wordMatches(plan)
    let result = await run(matches, query, mode, offset, limit)
    // Nothing for all the words: leave out the words nothing has, then drop words from the end
    // (Meilisearch's `last` strategy), so `xyz serum` still finds the serums.
    if (result.total === 0 && matches.length > 1) {
      const found = await Promise.all(matches.map((m) => anyMatch(wordExpression(m))))
      const kept = matches.filter((_, i) => found[i])
      if (kept.length && kept.length < matches.length) {
        matches = kept
        result = await run(matches, query, mode, offset, limit)
      }
    }
    if (result.total === 0 && matches.length > 1) {
      // The longest prefix of the words any document has (the words and the category filter, a
      // probe of one row each, halving), then a whole search from there: a few more at most when
      // the filters checked in memory leave nothing.
      const filtersMatch = filterExpressions(query.filters ?? {})
      const probe = (n: number) =>
        anyMatch(
          matchExpression(
            matches.slice(0, n).map((m) => wordExpression(m)),
            filtersMatch,
          )!,
        )
      let [lo, hi] = [0, matches.length - 1]
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2)
        if (await probe(mid)) lo = mid
        else hi = mid - 1
      }
      for (let n = lo, runs = 0; result.total === 0 && n >= 1 && runs < 3; n--, runs++) {
        matches = matches.slice(0, n)
        result = await run(matches, query, mode, offset, limit)
      }
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

  /** Everything counts as in the title (typeahead ranks its title matches by length alone). */
  const titleMatched: TierSets = { title: { has: () => true }, names: { has: () => true }, exact: null }

  /**
   * Typeahead's products: the first few thousand whose title or brand has every word (the last
   * one as typed so far), in stock and shortest titles first, so a two-letter prefix costs what
   * a rare word does; fewer than asked, and the full search (descriptions, categories, dropped
   * words) answers instead.
   */
  async function suggestedProducts(query: SuggestQuery, limit: number): Promise<{ hits: SearchHit[] }> {
    const plan = planOf(query, true)
    const { matches, corrected } = await wordMatches(plan)
    if (matches.length) {
      const expression = matches
        .map((m) => wordExpression(m, { columns: '{title brand}', categories: false }))
        .join(' AND ')
      const [cols, ids] = await Promise.all([columnsNow(), matchedRowids(executor, expression, suggestScan)])
      const found = aggregate(cols, ids, {
        filters: {},
        sort: 'relevance',
        tiers: titleMatched,
        facets: [],
        price: false,
        offset: 0,
        limit,
      })
      if (found.hits.length >= limit)
        return {
          hits: await hitsOf(
            found.hits.map((h, ord) => ({ ...h, ord })),
            plan,
            corrected,
          ),
        }
    }
    return search(
      { q: query.q, locale: query.locale, limit, ...(query.synonyms && { synonyms: query.synonyms }) },
      'hits',
    )
  }

  /** Every word typed starts a word of the name (in any order). */
  const namePrefixMatch = (typed: string[], nameWords: readonly string[]) =>
    typed.length > 0 && typed.every((t) => nameWords.some((w) => w.startsWith(t)))

  const wrote = () => {
    generation = -1
  }

  return {
    adapter: executor.adapter,
    executor,

    async upsert(docs) {
      // One page written while the next is analysed (a writer thread takes them in order).
      let writing: Promise<unknown> = Promise.resolve()
      try {
        for (let i = 0; i < docs.length; i += pageSize) {
          const { statements: page, terms } = writePage(docs.slice(i, i + pageSize))
          await writing
          writing = executor.batch(page, 'write')
          // Awaited on the next turn or below; if building the next page throws meanwhile, this
          // write's own failure must not become an unhandled rejection.
          writing.catch(() => undefined)
          const v = vocabularyCache.peek()
          if (v) for (const t of terms) v.add(t)
        }
        await writing
      } finally {
        // A page that failed to build leaves the last write to finish before the error goes up.
        await writing.catch(() => undefined)
        wrote()
      }
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

    search: (query) => search(query, 'full'),

    async facetValues(query: FacetValuesQuery): Promise<FacetCount[]> {
      const plan = planOf(query, true)
      const { matches } = await wordMatches(plan)
      const words = matches.map((m) => wordExpression(m))
      const { [query.facet]: _own, ...filters } = query.filters ?? {}
      const [cols, labels, ids] = await Promise.all([
        columnsNow(),
        labelsNow(),
        rowidsOf(matchExpression(words, filterExpressions(filters))),
      ])
      const { counts } = aggregate(cols, ids, {
        filters,
        sort: undefined,
        tiers: null,
        facets: [query.facet],
        price: false,
        offset: 0,
        limit: 0,
        countsOnly: true,
        ancestors: categoryAncestors(labels, cols.categories),
      })
      const typed = query.prefix ? facetKey(query.prefix).split(' ').filter(Boolean) : []
      const limit = Math.max(1, Math.min(query.limit ?? 20, 100))
      const values = facetCounts(query.facet, counts[query.facet]!, labels, query.locale, null)
      return values
        .filter((v) => !typed.length || namePrefixMatch(typed, facetKey(v.value).split(' ')))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
        .slice(0, limit)
    },

    async suggest(query: SuggestQuery): Promise<Suggestions> {
      const limit = Math.max(1, Math.min(query.limit ?? 5, 20))
      const typed = facetKey(query.q.slice(0, searchLimits.maxQueryLength)).split(' ').filter(Boolean)
      if (!typed.length) return { products: [], brands: [], categories: [] }
      const [result, labels, counts] = await Promise.all([
        suggestedProducts(query, limit),
        labelsNow(),
        countsNow(),
      ])
      const brands: FacetCount[] = []
      for (const [id, b] of labels.brands) {
        const count = counts.brands.get(id) ?? 0
        if (count > 0 && namePrefixMatch(typed, b.words)) brands.push({ value: b.label, count })
      }
      const categories: FacetCount[] = []
      for (const c of labels.categories.values()) {
        const count = counts.categories.get(c.id) ?? 0
        if (count > 0 && namePrefixMatch(typed, query.locale === 'de' ? c.wordsDe : c.wordsEn))
          categories.push({ value: query.locale === 'de' ? c.de : c.en, count, id: String(c.id) })
      }
      const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || a.value.localeCompare(b.value)
      return {
        products: result.hits.map(({ productId, title, brand, imageUrl, highlight }) => ({
          productId,
          title,
          brand,
          imageUrl,
          highlight,
        })),
        brands: brands.sort(byCount).slice(0, limit),
        categories: categories.sort(byCount).slice(0, limit),
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
          { sql: 'DELETE FROM search_labels' },
          { sql: 'DELETE FROM search_terms' },
          { sql: `UPDATE search_meta SET value = 0 WHERE key = 'watermark'` },
          { sql: bumpGeneration },
        ],
        'write',
      )
      labelsCache.reset()
      vocabularyCache.reset()
      countsCache.reset()
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
