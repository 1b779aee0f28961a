/**
 * The platform taxonomy (Google's product taxonomy, loaded from the files @glam/catalog ships) and
 * each shop's own category names mapped onto it. Category texts are compared as `categoryKey`
 * has them (trimmed, ` > ` between levels, case folded), on every engine: a shop holds one
 * mapping per key, whatever the case its feed writes.
 *
 * ```ts
 * await repos.taxonomy.load(rows, '2021-09-21') // nothing to do when that version is loaded
 * await repos.taxonomy.setMapping(shopId, 'Lippen > Lippenstift', 2683)
 * const changed = await repos.taxonomy.remap(shopId, 'Lippen > Lippenstift', resolve)
 * ```
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  isNull,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { RepoContext } from './context.ts'

type T = RepoContext['database']['t']
export type TaxonomyCategory = T['taxonomyCategories']['$inferSelect']
/** A category as the taxonomy file has it (the version is the file's). */
export type TaxonomyRow = Omit<TaxonomyCategory, 'version'>
export type TaxonomyLanguage = 'en' | 'de'

export interface CategoryMapping {
  category: string
  taxonomyId: number
  pathEn: string | null
  pathDe: string | null
  updatedAt: Date
}

/** A category text of a shop's active products that resolves to no taxonomy id. */
export interface UnmappedCategory {
  category: string
  /** The column it is in: the shop's own `product_type`, or its `google_product_category`. */
  field: 'productType' | 'category'
  products: number
}

/** Resolves a product's category and product type to a taxonomy id (see @glam/catalog/taxonomy). */
export type ResolveCategory = (category: string | null, productType: string | null) => number | null

/** A category text as stored: trimmed, single spaces, ` > ` between levels. */
export const normaliseCategory = (text: string) =>
  text
    .trim()
    .split(/\s*>\s*/)
    .map((level) => level.replace(/\s+/g, ' '))
    .join(' > ')

/** What two category texts are matched by: normalised and case folded. */
export const categoryKey = (text: string) => normaliseCategory(text).toLowerCase()

/** `LIKE` with `!` as the escape character (a backslash reads differently in MySQL and SQLite literals). */
const likeLower = (column: SQLiteColumn, pattern: string): SQL =>
  sql`lower(${column}) like lower(${pattern}) escape '!'`
const contains = (text: string) => `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`
const nullSafeEq = (column: SQLiteColumn, value: string | null) =>
  value === null ? isNull(column) : eq(column, value)

export function taxonomyRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const tc = t.taxonomyCategories
  const sc = t.shopCategories
  const p = t.products
  // D1 binds at most 100 parameters a statement; the others take far more.
  const maxParams = database.dialect === 'd1' ? 100 : 30_000
  const rowsPer = Math.floor(maxParams / Object.keys(getTableColumns(tc)).length)
  const sameKey = (shopId: string, category: string) =>
    and(eq(sc.shopId, shopId), sql`lower(${sc.category}) = lower(${normaliseCategory(category)})`)

  async function version(): Promise<string | null> {
    const [row] = await db.select({ version: tc.version }).from(tc).limit(1)
    return row?.version ?? null
  }

  async function get(id: number): Promise<TaxonomyCategory | null> {
    const [row] = await db.select().from(tc).where(eq(tc.id, id))
    return row ?? null
  }

  return {
    version,
    get,

    /**
     * The taxonomy of `version`, unless it is loaded already: every row upserted and the ids the
     * version no longer has deleted, in one atomic batch (readers never see half of it).
     */
    async load(rows: readonly TaxonomyRow[], taxonomyVersion: string): Promise<{ loaded: boolean }> {
      if ((await version()) === taxonomyVersion) return { loaded: false }
      const update = [tc.parentId, tc.depth, tc.nameEn, tc.pathEn, tc.nameDe, tc.pathDe, tc.version]
      await ops.atomic((on) => {
        const statements = []
        for (let i = 0; i < rows.length; i += rowsPer) {
          const chunk = rows.slice(i, i + rowsPer).map((row) => ({ ...row, version: taxonomyVersion }))
          statements.push(ops.upsert(tc, chunk, { target: [tc.id], update }, on))
        }
        statements.push(on.delete(tc).where(ne(tc.version, taxonomyVersion)))
        return statements
      })
      return { loaded: true }
    },

    /** Every category's id and paths (what a resolver indexes). */
    async paths(): Promise<Pick<TaxonomyCategory, 'id' | 'pathEn' | 'pathDe'>[]> {
      return db.select({ id: tc.id, pathEn: tc.pathEn, pathDe: tc.pathDe }).from(tc)
    },

    /** The categories right below this one (null: the top level). */
    async children(id: number | null): Promise<TaxonomyCategory[]> {
      return db
        .select()
        .from(tc)
        .where(id === null ? isNull(tc.parentId) : eq(tc.parentId, id))
        .orderBy(asc(tc.nameEn))
    },

    /** The categories above this one, the top level first. */
    async ancestors(id: number): Promise<TaxonomyCategory[]> {
      const row = await get(id)
      const levels = row?.pathEn.split(' > ') ?? []
      const above = levels.slice(0, -1).map((_, i) => levels.slice(0, i + 1).join(' > '))
      if (above.length === 0) return []
      return db.select().from(tc).where(inArray(tc.pathEn, above)).orderBy(asc(tc.depth))
    },

    /** Categories whose path (in `lang`) contains `q`, case-insensitively: name matches first, then shallower ones. */
    async search(q: string, lang: TaxonomyLanguage, limit: number): Promise<TaxonomyCategory[]> {
      const [name, path] = lang === 'de' ? [tc.nameDe, tc.pathDe] : [tc.nameEn, tc.pathEn]
      const pattern = contains(normaliseCategory(q))
      const byId = /^\d{1,9}$/.test(q.trim()) ? eq(tc.id, Number(q)) : undefined
      return db
        .select()
        .from(tc)
        .where(or(likeLower(path, pattern), byId))
        .orderBy(sql`case when ${likeLower(name, pattern)} then 0 else 1 end`, asc(tc.depth), asc(path))
        .limit(limit)
    },

    /** The category with this full path, English or German, case-insensitively. */
    async byPath(path: string): Promise<TaxonomyCategory | null> {
      const wanted = normaliseCategory(path)
      const [row] = await db
        .select()
        .from(tc)
        .where(or(sql`lower(${tc.pathEn}) = lower(${wanted})`, sql`lower(${tc.pathDe}) = lower(${wanted})`))
        .limit(1)
      return row ?? null
    },

    /** The shop's mappings, by category, with the paths they point at. */
    async mappings(shopId: string): Promise<CategoryMapping[]> {
      return db
        .select({
          category: sc.category,
          taxonomyId: sc.taxonomyId,
          pathEn: tc.pathEn,
          pathDe: tc.pathDe,
          updatedAt: sc.updatedAt,
        })
        .from(sc)
        .leftJoin(tc, eq(tc.id, sc.taxonomyId))
        .where(eq(sc.shopId, shopId))
        .orderBy(asc(sc.category))
    },

    /** Maps a shop's category (stored normalised; one spelled in another case is replaced). */
    async setMapping(shopId: string, category: string, taxonomyId: number): Promise<void> {
      const at = now()
      const normalised = normaliseCategory(category)
      await ops.atomic((on) => [
        on.delete(sc).where(and(sameKey(shopId, normalised), ne(sc.category, normalised))),
        ops.upsert(
          sc,
          [{ shopId, category: normalised, taxonomyId, createdAt: at, updatedAt: at }],
          // The category too: MySQL's collation finds the row in another case, which this spelling replaces.
          { target: [sc.shopId, sc.category], update: [sc.category, sc.taxonomyId, sc.updatedAt] },
          on,
        ),
      ])
    },

    /** Removes a shop's mapping; false when it had none. */
    async deleteMapping(shopId: string, category: string): Promise<boolean> {
      return ops.affectedRows(await db.delete(sc).where(sameKey(shopId, category))) > 0
    },

    /** The category texts of the shop's active products without a taxonomy id, most products first. */
    async unmapped(shopId: string, limit: number): Promise<UnmappedCategory[]> {
      const of = async (field: UnmappedCategory['field']) => {
        const column = field === 'productType' ? p.productType : p.category
        const rows = await db
          .select({ category: column, products: count() })
          .from(p)
          .where(
            and(
              eq(p.shopId, shopId),
              eq(p.status, 'active'),
              isNull(p.taxonomyId),
              isNotNull(column),
              ne(column, ''),
            ),
          )
          .groupBy(column)
          .orderBy(desc(count()), asc(column))
          .limit(limit)
        return rows.map((r) => ({ category: r.category!, field, products: Number(r.products) }))
      }
      const both = [...(await of('productType')), ...(await of('category'))]
      return both
        .sort((a, b) => b.products - a.products || a.category.localeCompare(b.category))
        .slice(0, limit)
    },

    /**
     * Resolves again the shop's products whose category or product type is `category` (any
     * spelling with the same key), writing only the ids that change; answers how many changed.
     */
    async remap(shopId: string, category: string, resolve: ResolveCategory): Promise<number> {
      const key = categoryKey(category)
      const pairs = await db
        .selectDistinct({ category: p.category, productType: p.productType })
        .from(p)
        .where(eq(p.shopId, shopId))
      let changed = 0
      for (const pair of pairs) {
        const keys = [pair.category, pair.productType].map((text) =>
          text === null ? null : categoryKey(text),
        )
        if (!keys.includes(key)) continue
        const taxonomyId = resolve(pair.category, pair.productType)
        const differs =
          taxonomyId === null
            ? isNotNull(p.taxonomyId)
            : or(isNull(p.taxonomyId), ne(p.taxonomyId, taxonomyId))
        const result = await db
          .update(p)
          .set({ taxonomyId, updatedAt: now() })
          .where(
            and(
              eq(p.shopId, shopId),
              nullSafeEq(p.category, pair.category),
              nullSafeEq(p.productType, pair.productType),
              differs,
            ),
          )
        changed += ops.affectedRows(result)
      }
      return changed
    },
  }
}
