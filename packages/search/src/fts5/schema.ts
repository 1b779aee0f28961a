/**
 * The index's tables (one SQLite database of its own: it can be deleted and rebuilt from the
 * catalogue at any time, so nothing here is the record of anything).
 *
 * - `search_docs`: one row per product with what hits, filters and facets read; `rowid` is the
 *   FTS5 row.
 * - `search_fts`: contentless FTS5 (the analysed tokens are not stored twice) with deletes
 *   allowed (`contentless_delete`, SQLite 3.43+), column-level detail (no phrase queries are
 *   made: multi-word alternatives are ANDs) and prefix indexes for typeahead. Columns: title,
 *   brand, category, body, and `tags` — filter tokens (`b_<brand>`, `c_<taxonomy id>` for the
 *   whole path, `s_<shop>`, `a_<availability>`, `x_active`) so that filters are index lookups in
 *   the same MATCH; bm25 weighs `tags` 0.
 * - `search_terms`: the vocabulary of titles, brands and categories, for typo correction.
 * - `search_meta`: the watermark and a generation number bumped by every write.
 */
import type { Statement } from './sql.ts'

export const schemaVersion = 1

export const schema: readonly Statement[] = [
  {
    sql: `CREATE TABLE IF NOT EXISTS search_docs (
      rowid INTEGER PRIMARY KEY,
      product_id TEXT NOT NULL UNIQUE,
      shop_id TEXT NOT NULL,
      shop_name TEXT NOT NULL,
      sku TEXT NOT NULL,
      group_key TEXT NOT NULL,
      title TEXT NOT NULL,
      brand TEXT,
      brand_key TEXT,
      category_id INTEGER,
      category_en TEXT,
      category_de TEXT,
      price INTEGER NOT NULL,
      price_minor INTEGER NOT NULL,
      sale_price_minor INTEGER,
      currency TEXT NOT NULL,
      availability TEXT NOT NULL,
      active INTEGER NOT NULL,
      image_url TEXT,
      url TEXT NOT NULL,
      gtin TEXT,
      first_seen INTEGER NOT NULL,
      updated INTEGER NOT NULL
    )`,
  },
  { sql: 'CREATE INDEX IF NOT EXISTS search_docs_active_first_seen ON search_docs (active, first_seen)' },
  { sql: 'CREATE INDEX IF NOT EXISTS search_docs_active_price ON search_docs (active, price)' },
  {
    sql: `CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
      title, brand, category, body, tags,
      content='', contentless_delete=1, detail=column, prefix='2 3 4',
      tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    )`,
  },
  { sql: 'CREATE TABLE IF NOT EXISTS search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID' },
  {
    sql: 'CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID',
  },
  {
    sql: `INSERT OR IGNORE INTO search_meta (key, value) VALUES ('schema', ${schemaVersion}), ('watermark', 0), ('generation', 0)`,
  },
]

/** Column weights for bm25 (title, brand, category, body, tags). */
export const weights = '10.0, 6.0, 3.0, 1.0, 0.0'
