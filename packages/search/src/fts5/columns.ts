/**
 * What searches aggregate, held in memory as typed arrays indexed by rowid: group, brand, shop,
 * category, availability, active, price, first seen and title length (about 50 bytes a
 * product). A search asks SQLite only for the rowids a MATCH finds (one string through
 * group_concat: rows through the driver cost microseconds each, a string does not) and counts
 * facets, collapses variants and ranks here, in one pass. Loaded once, then kept current from
 * `seq` (the generation that wrote each row), so another process's writes arrive too.
 */
import type { SqlExecutor } from './sql.ts'

const fields = [
  'gid',
  'brand_id',
  'shop_num',
  'category_id',
  'avail',
  'active',
  'price',
  'first_seen',
  'tlen',
] as const

/** Big ids (53-bit hashes, taxonomy ids) as small dense numbers: counting indexes typed arrays. */
export class Dictionary {
  private readonly dense = new Map<number, number>()
  /** Dense number → the id. */
  readonly ids: number[] = []
  of(id: number): number {
    let d = this.dense.get(id)
    if (d === undefined) {
      d = this.ids.length
      this.dense.set(id, d)
      this.ids.push(id)
    }
    return d
  }
  get size() {
    return this.ids.length
  }
  /** The dense number of an id, -1 when no row has it. */
  find(id: number): number {
    return this.dense.get(id) ?? -1
  }
}

export class Columns {
  size = 0
  /** Dense group, brand, shop and category numbers (dictionaries below); 0 for "none" where it applies. */
  group = new Int32Array(0)
  brand = new Int32Array(0)
  shop = new Int32Array(0)
  category = new Int32Array(0)
  avail = new Int32Array(0)
  active = new Uint8Array(0)
  price = new Float64Array(0)
  first = new Float64Array(0)
  tlen = new Uint16Array(0)
  readonly groups = new Dictionary()
  readonly brands = new Dictionary()
  readonly shops = new Dictionary()
  readonly categories = new Dictionary()
  /** The highest `seq` loaded, and the highest rowid loaded within it (where the next page starts). */
  seq = -1
  rowid = -1

  constructor() {
    // Dense 0 of brands and categories is "none" (id 0).
    this.brands.of(0)
    this.categories.of(0)
  }

  private grow(rowid: number) {
    if (rowid < this.size) return
    let size = Math.max(1024, this.size)
    while (size <= rowid) size *= 2
    const copy = <T extends Int32Array | Uint8Array | Float64Array | Uint16Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(size)
      b.set(a as never)
      return b
    }
    this.group = copy(this.group, (n) => new Int32Array(n))
    this.brand = copy(this.brand, (n) => new Int32Array(n))
    this.shop = copy(this.shop, (n) => new Int32Array(n))
    this.category = copy(this.category, (n) => new Int32Array(n))
    this.price = copy(this.price, (n) => new Float64Array(n))
    this.first = copy(this.first, (n) => new Float64Array(n))
    this.avail = copy(this.avail, (n) => new Int32Array(n))
    this.active = copy(this.active, (n) => new Uint8Array(n))
    this.tlen = copy(this.tlen, (n) => new Uint16Array(n))
    this.size = size
  }

  /**
   * Reads the rows written since the last load (all of them the first time), a page at a time,
   * in (seq, rowid) order: one generation can write more rows than a page, so a page ends at a
   * row, not at a generation, and the next one starts after it.
   */
  async refresh(executor: SqlExecutor, page = 50_000): Promise<void> {
    for (;;) {
      const [row] = await executor.query(
        `SELECT group_concat(line, ';') AS lines, count(*) AS n FROM (
           SELECT seq || ',' || rowid || ',' || ${fields.join(" || ',' || ")} AS line FROM search_docs
           WHERE (seq, rowid) > (?, ?) ORDER BY seq, rowid LIMIT ?)`,
        [this.seq, this.rowid, page],
      )
      const n = Number(row?.n ?? 0)
      if (!n) return
      let seq = this.seq
      let rowid = this.rowid
      for (const line of String(row!.lines).split(';')) {
        const v = line.split(',')
        const s = Number(v[0])
        const id = Number(v[1])
        if (s > seq || (s === seq && id > rowid)) {
          seq = s
          rowid = id
        }
        this.grow(id)
        this.group[id] = this.groups.of(Number(v[2]))
        this.brand[id] = this.brands.of(Number(v[3]))
        this.shop[id] = this.shops.of(Number(v[4]))
        this.category[id] = this.categories.of(Number(v[5]))
        this.avail[id] = Number(v[6])
        this.active[id] = Number(v[7])
        this.price[id] = Number(v[8])
        this.first[id] = Number(v[9])
        this.tlen[id] = Math.min(65535, Number(v[10]))
      }
      this.seq = seq
      this.rowid = rowid
      if (n < page) return
    }
  }
}

/** The rowids a MATCH finds, as one string (group_concat) read here digit by digit. */
export async function matchedRowids(
  executor: SqlExecutor,
  match: string | null,
  limit?: number,
): Promise<Int32Array> {
  const [row] = await executor.query(
    match === null
      ? 'SELECT group_concat(rowid) AS r, count(*) AS n FROM search_docs'
      : limit
        ? 'SELECT group_concat(rowid) AS r, count(*) AS n FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?)'
        : 'SELECT group_concat(rowid) AS r, count(*) AS n FROM search_fts WHERE search_fts MATCH ?',
    match === null ? [] : limit ? [match, limit] : [match],
  )
  const n = Number(row?.n ?? 0)
  const ids = new Int32Array(n)
  if (!n) return ids
  const text = String(row!.r)
  let k = 0
  let v = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 44) {
      ids[k++] = v
      v = 0
    } else v = v * 10 + (c - 48)
  }
  ids[k] = v
  return ids
}

/** Marks rowids in one bit of a shared array; `clear` takes them back out. */
export function markRows(marks: Uint8Array, ids: ArrayLike<number>, bit: number): void {
  for (let i = 0; i < ids.length; i++) if (ids[i]! < marks.length) marks[ids[i]!]! |= bit
}
export function unmarkRows(marks: Uint8Array, ids: ArrayLike<number>, bit: number): void {
  const keep = ~bit
  for (let i = 0; i < ids.length; i++) if (ids[i]! < marks.length) marks[ids[i]!]! &= keep
}
