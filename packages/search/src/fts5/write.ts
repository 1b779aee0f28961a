/**
 * Documents into the index, a page at a time in one transaction: their old FTS rows deleted,
 * the rows upserted (a product keeps its rowid; an older version than the row's is left out),
 * the analysed tokens inserted, the labels and
 * the vocabulary added to. Each is a row statement (sql.ts): prepared once, run per row.
 */
import type { SearchDocument } from '@glam/core'
import { analyseDocument, facetKey } from '../analysis/index.ts'
import { numericId } from './ids.ts'
import { availabilityCodes } from './schema.ts'
import type { SqlValue, Statement } from './sql.ts'
import { brandId, shopNum, tag } from './tags.ts'

const docColumns = [
  'product_id',
  'gid',
  'brand_id',
  'shop_num',
  'category_id',
  'avail',
  'active',
  'price',
  'first_seen',
  'updated',
  'tlen',
  'seq',
  'v',
] as const

const placeholders = docColumns.map((c) =>
  c === 'seq' ? `(SELECT value + 1 FROM search_meta WHERE key = 'generation')` : '?',
)

/**
 * One product's row; `seq` is the generation this write makes (bumped at the end of the page).
 * A row is never replaced by an older version (`updated`): two syncs that read the catalogue
 * at different moments may write in either order. The same version is written again (a reindex).
 */
const upsertDoc = `INSERT INTO search_docs (${docColumns.join(', ')}) VALUES (${placeholders.join(', ')})
  ON CONFLICT (product_id) DO UPDATE SET ${docColumns
    .slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')} WHERE excluded.updated >= search_docs.updated`

/** Their FTS rows out (a removal). */
export const deleteFtsOf = `DELETE FROM search_fts WHERE rowid IN (
  SELECT d.rowid FROM search_docs d JOIN json_each(?) j ON d.product_id = j.value)`

/** The FTS rows of the products this page replaces (`[id, updated]` pairs): not of newer ones. */
const deleteReplacedFts = `DELETE FROM search_fts WHERE rowid IN (
  SELECT d.rowid FROM search_docs d JOIN json_each(?) j ON d.product_id = j.value ->> 0
  WHERE d.updated <= j.value ->> 1)`

/**
 * The tokens of a row this page wrote. Where the row kept a newer version they go to the
 * negated rowid instead (no product's), and out again at the end of the page (dropNegated):
 * `INSERT … SELECT` into FTS5 would skip them but costs a temporary table per row (half the
 * indexing rate), and this happens only when two syncs cross.
 */
const insertFts = `INSERT INTO search_fts (rowid, title, brand, body, tags) VALUES (
  coalesce((SELECT rowid FROM search_docs WHERE product_id = ?1 AND updated = ?2),
    -(SELECT rowid FROM search_docs WHERE product_id = ?1)), ?3, ?4, ?5, ?6)`

const dropNegated = 'DELETE FROM search_fts WHERE rowid < 0'

const upsertLabel = `INSERT INTO search_labels (kind, id, key, label, label_de, parent) VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (kind, id) DO UPDATE SET label = excluded.label, label_de = excluded.label_de, parent = excluded.parent`

export const bumpGeneration = `UPDATE search_meta SET value = value + 1 WHERE key = 'generation'`

/** What a hit shows, in the order `hitOf` reads it. */
const displayOf = (d: SearchDocument) => [
  d.title,
  d.brand,
  d.priceMinor,
  d.salePriceMinor,
  d.currency,
  d.imageUrl,
  d.url,
  d.shopId,
  d.sku,
  d.gtin,
  d.groupKey,
]

/** A hit's display fields from `v`. */
export function displayFields(v: string) {
  const [title, brand, priceMinor, salePriceMinor, currency, imageUrl, url, shopId] = JSON.parse(v) as [
    string,
    string | null,
    number,
    number | null,
    string,
    string | null,
    string,
    string,
  ]
  return { title, brand, priceMinor, salePriceMinor, currency, imageUrl, url, shopId }
}

const levels = (path: string | undefined) => path?.split(' > ').map((s) => s.trim()) ?? []

/** The statements that write a page of documents, and the title and brand terms it brings. */
export function writePage(page: readonly SearchDocument[]): { statements: Statement[]; terms: Set<string> } {
  // A product twice in a page: its newest version (the last of equals), written once.
  const newest = new Map<string, SearchDocument>()
  for (const d of page) {
    const seen = newest.get(d.productId)
    if (!seen || d.updatedAt >= seen.updatedAt) newest.set(d.productId, d)
  }
  const docs = newest.size === page.length ? page : [...newest.values()]
  const rows: SqlValue[][] = []
  const fts: SqlValue[][] = []
  const labels = new Map<string, SqlValue[]>()
  const terms = new Set<string>()
  for (const d of docs) {
    // Categories are matched through their tags (labels.ts), not indexed per product.
    const cols = analyseDocument({ ...d, categoryPath: null })
    const brand = d.brand ? brandId(d.brand) : 0
    const shop = shopNum(d.shopId)
    rows.push([
      d.productId,
      numericId(`g:${d.groupKey}`),
      brand,
      shop,
      d.categoryId ?? 0,
      availabilityCodes[d.availability],
      d.active ? 1 : 0,
      d.salePriceMinor ?? d.priceMinor,
      d.firstSeenAt,
      d.updatedAt,
      d.title.split(' ').length,
      JSON.stringify(displayOf(d)),
    ])
    // Brand, shop and availability filter in memory (columns.ts); categories through their tags.
    const tags: string[] = []
    for (const id of d.categoryPathIds) tags.push(tag.category(id))
    if (d.categoryId !== null && !d.categoryPathIds.includes(d.categoryId))
      tags.push(tag.category(d.categoryId))
    fts.push([d.productId, d.updatedAt, cols.title, cols.brand, cols.body, tags.join(' ')])
    for (const text of [cols.title, cols.brand])
      for (const t of text.split(' ')) if (t.length >= 2 && t.length <= 40) terms.add(t)
    if (d.brand && !labels.has(`b${brand}`))
      labels.set(`b${brand}`, ['brand', brand, facetKey(d.brand), d.brand, null, null])
    if (!labels.has(`s${shop}`)) labels.set(`s${shop}`, ['shop', shop, d.shopId, d.shopName, null, null])
    if (d.categoryPath && d.categoryPathIds.length) {
      const en = levels(d.categoryPath.en)
      const de = levels(d.categoryPath.de)
      // The path's ids and names line up level by level when every level is known.
      if (en.length === d.categoryPathIds.length)
        d.categoryPathIds.forEach((id, i) => {
          if (!labels.has(`c${id}`))
            labels.set(`c${id}`, [
              'category',
              id,
              String(id),
              en[i]!,
              de[i] ?? en[i]!,
              i ? d.categoryPathIds[i - 1]! : null,
            ])
        })
    }
  }
  return {
    statements: [
      { sql: deleteReplacedFts, args: [JSON.stringify(docs.map((d) => [d.productId, d.updatedAt]))] },
      { sql: upsertDoc, rows },
      { sql: insertFts, rows: fts },
      { sql: dropNegated },
      { sql: upsertLabel, rows: [...labels.values()] },
      {
        sql: 'INSERT OR IGNORE INTO search_terms (term) SELECT value FROM json_each(?)',
        args: [JSON.stringify([...terms])],
      },
      { sql: bumpGeneration },
    ],
    terms,
  }
}
