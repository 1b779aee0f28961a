/**
 * The index's tables (one SQLite database of its own: it can be deleted and rebuilt from the
 * catalogue at any time, so nothing here is the record of anything).
 *
 * - `search_docs`: one row per product. The columns searches aggregate come first and are
 *   integers (group, brand, shop, category, availability, price, title length), held in memory
 *   too (columns.ts); `seq` is the generation that wrote the row, so that copy stays current.
 *   What a hit shows is one JSON array (`v`: written and read whole, never queried). `rowid` is
 *   the FTS5 row.
 * - `search_fts`: contentless FTS5 (the analysed tokens are not stored twice) with deletes
 *   allowed (`contentless_delete`, SQLite 3.43+) and column-level detail (no phrase queries are
 *   made: multi-word alternatives are ANDs; prefixes are term-range scans, no prefix index).
 *   Columns: title, brand, body, and `tags` — `c<taxonomy id>` for each category on the
 *   product's path, so the category filter and query words that name a category are index
 *   lookups in the same MATCH. Brand, shop and availability filter in memory. Categories are not
 *   indexed per product by name.
 * - `search_labels`: the names behind the integers (brands, shops, categories with their parent).
 * - `search_terms`: the vocabulary of titles and brands, for typo correction.
 * - `search_meta`: the watermark, a generation number bumped by every write, and the index's
 *   random id (a process holding columns of an index made again starts afresh).
 */
import type { Statement } from './sql.ts'

export const schemaVersion = 7

export const schema: readonly Statement[] = [
  {
    sql: `CREATE TABLE IF NOT EXISTS search_docs (
      rowid INTEGER PRIMARY KEY,
      gid INTEGER NOT NULL,
      brand_id INTEGER NOT NULL,
      shop_num INTEGER NOT NULL,
      category_id INTEGER NOT NULL,
      avail INTEGER NOT NULL,
      active INTEGER NOT NULL,
      price INTEGER NOT NULL,
      first_seen INTEGER NOT NULL,
      updated INTEGER NOT NULL,
      tlen INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      product_id TEXT NOT NULL UNIQUE,
      v TEXT NOT NULL
    )`,
  },
  { sql: 'CREATE INDEX IF NOT EXISTS search_docs_seq ON search_docs (seq)' },
  {
    sql: `CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
      title, brand, body, tags,
      content='', contentless_delete=1, detail=column,
      tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    )`,
  },
  {
    sql: `CREATE TABLE IF NOT EXISTS search_labels (
      kind TEXT NOT NULL, id INTEGER NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, label_de TEXT, parent INTEGER,
      PRIMARY KEY (kind, id)) WITHOUT ROWID`,
  },
  { sql: 'CREATE TABLE IF NOT EXISTS search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID' },
  {
    sql: 'CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID',
  },
  {
    // `index`: a random id made with the index, so a process sees when it was made again.
    sql: `INSERT OR IGNORE INTO search_meta (key, value) VALUES ('schema', ${schemaVersion}), ('watermark', 0), ('generation', 0),
      ('index', abs(random() % 9007199254740991))`,
  },
]

/** An index of an older layout is dropped and made again (it is rebuilt from the catalogue). */
export const dropAll: readonly Statement[] = [
  { sql: 'DROP TABLE IF EXISTS search_fts' },
  { sql: 'DROP TABLE IF EXISTS search_docs' },
  { sql: 'DROP TABLE IF EXISTS search_labels' },
  { sql: 'DROP TABLE IF EXISTS search_terms' },
  { sql: 'DROP TABLE IF EXISTS search_meta' },
]

/** Availability as a small integer: in stock sorts first. */
export const availabilityCodes = { in_stock: 0, preorder: 1, backorder: 2, out_of_stock: 3 } as const
export const availabilityOf = ['in_stock', 'preorder', 'backorder', 'out_of_stock'] as const
