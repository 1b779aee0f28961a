/**
 * The search index kept up with the catalogue. Products are read in (updated_at, id) order from
 * where the index got to (its watermark) and written to the engine in pages: a feed run changes
 * `updated_at` of what it creates, changes or deactivates, so an update reads only those. After
 * a run the feeds ask for an update from the run's start; a job repeats it every minute (with a
 * minute's overlap, for writes that committed late); `npm run search -- reindex` writes every
 * product again over the index (which answers throughout) and removes what SQL no longer has;
 * `check` compares the index with SQL product by product.
 *
 * ```ts
 * await syncSearchIndex({ repos, search, logger }) // incremental
 * await syncSearchIndex({ repos, search, logger }, { full: true, onProgress }) // reindex
 * const report = await checkSearchIndex({ repos, search }, { fix: true })
 * ```
 */
import type { Logger, SearchDocument, SearchEngine } from '@glam/core'
import type { Repositories } from '@glam/db/repositories/index'
import type { ProductCursor, SearchSourceRow } from '@glam/db/repositories/products'

export interface SyncDeps {
  repos: Pick<Repositories, 'products' | 'taxonomy'>
  search: SearchEngine
  logger?: Logger
}

export interface SyncOptions {
  /** Read and write every product, then remove the documents SQL no longer has. */
  full?: boolean
  /** Read from this time on (epoch ms) instead of the watermark (a feed run's start). */
  since?: number
  /** Products per page (default 2000). */
  batch?: number
  /** Re-read this much before the watermark (default 60 s): writes that committed after a later one. */
  overlapMs?: number
  onProgress?: (progress: { indexed: number; ms: number }) => void
}

export interface SyncReport {
  indexed: number
  active: number
  inactive: number
  /** Documents a full reindex found without a product in SQL, and removed. */
  removed: number
  ms: number
  watermark: number
}

/** Taxonomy paths by id, and the ids of every path prefix: a product's ancestors. */
export interface TaxonomyIndex {
  path(id: number): { en: string; de: string } | null
  pathIds(id: number): number[]
}

export async function loadTaxonomyIndex(repos: Pick<Repositories, 'taxonomy'>): Promise<TaxonomyIndex> {
  const rows = await repos.taxonomy.paths()
  const byId = new Map<number, { en: string; de: string }>()
  const byPath = new Map<string, number>()
  for (const r of rows) {
    byId.set(r.id, { en: r.pathEn, de: r.pathDe ?? r.pathEn })
    byPath.set(r.pathEn, r.id)
  }
  const ancestors = new Map<number, number[]>()
  return {
    path: (id) => byId.get(id) ?? null,
    pathIds(id) {
      let ids = ancestors.get(id)
      if (ids) return ids
      const levels = byId.get(id)?.en.split(' > ') ?? []
      ids = levels.flatMap((_, i) => byPath.get(levels.slice(0, i + 1).join(' > ')) ?? [])
      if (!ids.includes(id)) ids.push(id)
      ancestors.set(id, ids)
      return ids
    },
  }
}

/** On offer: the product is active and so is its shop (a paused or archived shop offers nothing). */
export const isOffered = (p: Pick<SearchSourceRow, 'status' | 'shopStatus'>) =>
  p.status === 'active' && p.shopStatus === 'active'

/** Variants collapse on the feed's item group (within the shop), else on the GTIN, else not at all. */
export const groupKeyOf = (p: Pick<SearchSourceRow, 'id' | 'shopId' | 'gtin' | 'itemGroupId'>) =>
  p.itemGroupId ? `g:${p.shopId}:${p.itemGroupId}` : p.gtin ? `gtin:${p.gtin}` : `p:${p.id}`

export function searchDocument(p: SearchSourceRow, taxonomy: TaxonomyIndex): SearchDocument {
  const path = p.taxonomyId === null ? null : taxonomy.path(p.taxonomyId)
  return {
    productId: p.id,
    shopId: p.shopId,
    shopName: p.shopName,
    sku: p.sku,
    groupKey: groupKeyOf(p),
    title: p.title,
    brand: p.brand,
    description: p.descriptionText,
    shopCategory: p.productType,
    categoryId: path ? p.taxonomyId : null,
    categoryPath: path,
    categoryPathIds: path && p.taxonomyId !== null ? taxonomy.pathIds(p.taxonomyId) : [],
    priceMinor: p.priceMinor,
    salePriceMinor: p.salePriceMinor,
    currency: p.currency,
    availability: p.availability,
    active: isOffered(p),
    imageUrl: p.imageUrl,
    url: p.url,
    gtin: p.gtin,
    firstSeenAt: (p.firstSeenAt ?? p.createdAt).getTime(),
    updatedAt: p.updatedAt.getTime(),
  }
}

/** One sync at a time per index in this process: a second caller waits for the first, then runs. */
const running = new WeakMap<SearchEngine, Promise<unknown>>()

export async function syncSearchIndex(deps: SyncDeps, options: SyncOptions = {}): Promise<SyncReport> {
  const previous = running.get(deps.search) ?? Promise.resolve()
  const work = previous.catch(() => undefined).then(() => syncOnce(deps, options))
  running.set(deps.search, work)
  try {
    return await work
  } finally {
    if (running.get(deps.search) === work) running.delete(deps.search)
  }
}

async function syncOnce({ repos, search, logger }: SyncDeps, options: SyncOptions): Promise<SyncReport> {
  const started = Date.now()
  const batch = options.batch ?? 2000
  const { watermark } = await search.stats()
  // An index that never synced (watermark 0: new, cleared or rebuilt) reads everything, whatever
  // `since` says: a feed run's start would leave out every product older than the run.
  const from =
    options.full || !watermark
      ? null
      : options.since !== undefined
        ? Math.min(options.since, watermark)
        : watermark - (options.overlapMs ?? 60_000)
  let cursor: ProductCursor | null = from === null ? null : { updatedAt: new Date(from), id: '' }
  const taxonomy = await loadTaxonomyIndex(repos)
  const report: SyncReport = { indexed: 0, active: 0, inactive: 0, removed: 0, ms: 0, watermark }
  // The next page is read while the last one is written (the engine keeps writes in order).
  let writing: Promise<void> = Promise.resolve()
  for (;;) {
    const rows = await repos.products.changedSince(cursor, batch)
    if (!rows.length) break
    const docs = rows.map((r) => searchDocument(r, taxonomy))
    await writing
    options.onProgress?.({ indexed: report.indexed, ms: Date.now() - started })
    writing = search.upsert(docs)
    // Awaited on the next turn; handled now, so a failure meanwhile is not an unhandled rejection.
    writing.catch(() => undefined)
    for (const d of docs) d.active ? report.active++ : report.inactive++
    report.indexed += docs.length
    const last = rows[rows.length - 1]!
    cursor = { updatedAt: last.updatedAt, id: last.id }
    report.watermark = Math.max(report.watermark, last.updatedAt.getTime())
    if (rows.length < batch) break
  }
  await writing
  options.onProgress?.({ indexed: report.indexed, ms: Date.now() - started })
  // A full reindex writes over the index (searches answer throughout, never from an empty one),
  // then removes what SQL no longer has and mends what changed meanwhile: the check's walk.
  if (options.full) report.removed = (await checkSearchIndex({ repos, search }, { fix: true })).extra
  if (report.watermark !== watermark) await search.setWatermark(report.watermark)
  report.ms = Date.now() - started
  if (report.indexed) logger?.info('search.sync', { ...report, full: options.full ?? false })
  return report
}

export interface CheckReport {
  /** Products in SQL. */
  products: number
  /** Documents in the index. */
  documents: number
  /** In SQL, not in the index. */
  missing: number
  /** In both, but the index has an older version (or another status). */
  stale: number
  /** In the index, no longer in SQL. */
  extra: number
  /** Up to 20 product ids of each kind, for the operator. */
  examples: { missing: string[]; stale: string[]; extra: string[] }
  fixed: boolean
}

/**
 * Walks the products in SQL and the index's documents side by side in id order: what is missing,
 * stale or left over. With `fix`, those are indexed again or removed.
 */
export async function checkSearchIndex(
  deps: SyncDeps,
  options: { fix?: boolean; page?: number } = {},
): Promise<CheckReport> {
  const page = options.page ?? 5000
  const { repos, search } = deps
  const report: CheckReport = {
    products: 0,
    documents: 0,
    missing: 0,
    stale: 0,
    extra: 0,
    examples: { missing: [], stale: [], extra: [] },
    fixed: false,
  }
  const reindex: string[] = []
  const remove: string[] = []
  const note = (kind: 'missing' | 'stale' | 'extra', id: string) => {
    report[kind]++
    if (report.examples[kind].length < 20) report.examples[kind].push(id)
    if (kind === 'extra') remove.push(id)
    else reindex.push(id)
  }
  type Sql = Awaited<ReturnType<SyncDeps['repos']['products']['idsAfter']>>[number]
  type Doc = Awaited<ReturnType<SearchEngine['entries']>>[number]
  const stream = <T>(next: (after: string) => Promise<T[]>, idOf: (t: T) => string) => {
    let buffer: T[] = []
    let after = ''
    let done = false
    return async (): Promise<T | undefined> => {
      if (!buffer.length && !done) {
        buffer = await next(after)
        if (buffer.length < page) done = true
        if (buffer.length) after = idOf(buffer[buffer.length - 1]!)
      }
      return buffer.shift()
    }
  }
  const nextSql = stream<Sql>(
    (after) => repos.products.idsAfter(after, page),
    (r) => r.id,
  )
  const nextDoc = stream<Doc>(
    (after) => search.entries(after, page),
    (d) => d.productId,
  )
  let s = await nextSql()
  let d = await nextDoc()
  while (s || d) {
    if (s && (!d || s.id < d.productId)) {
      report.products++
      note('missing', s.id)
      s = await nextSql()
    } else if (d && (!s || d.productId < s.id)) {
      report.documents++
      note('extra', d.productId)
      d = await nextDoc()
    } else if (s && d) {
      report.products++
      report.documents++
      if (d.updatedAt < s.updatedAt.getTime() || d.active !== isOffered(s)) note('stale', s.id)
      s = await nextSql()
      d = await nextDoc()
    }
  }
  if (options.fix && (reindex.length || remove.length)) {
    if (remove.length) await search.remove(remove)
    if (reindex.length) await reindexIds(deps, reindex)
    report.fixed = true
  }
  return report
}

/** Indexes these products again (the check's fix), a page at a time. */
async function reindexIds(deps: SyncDeps, ids: readonly string[]) {
  const taxonomy = await loadTaxonomyIndex(deps.repos)
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await deps.repos.products.searchRowsByIds(ids.slice(i, i + 1000))
    if (rows.length) await deps.search.upsert(rows.map((r) => searchDocument(r, taxonomy)))
  }
}
