import { and, asc, count, eq, gt, inArray, max, or, type SQL, sql } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { RepoContext } from './context.ts'

export type Product = RepoContext['database']['t']['products']['$inferSelect']
/** The columns a direct upsert sets; feed imports write the catalogue's others (repositories/catalog.ts). */
export type ProductInput = Pick<
  Product,
  | 'shopId'
  | 'sku'
  | 'title'
  | 'brand'
  | 'url'
  | 'imageUrl'
  | 'priceMinor'
  | 'currency'
  | 'availability'
  | 'attributes'
> & {
  status?: Product['status']
}

/** A product as the search index takes it: its shop's name beside it. */
export interface SearchSourceRow {
  id: string
  shopId: string
  shopName: string
  sku: string
  title: string
  brand: string | null
  descriptionText: string | null
  productType: string | null
  taxonomyId: number | null
  priceMinor: number
  salePriceMinor: number | null
  currency: string
  availability: Product['availability']
  status: Product['status']
  /** The shop's status: a paused or archived shop's products are not offered. */
  shopStatus: string
  imageUrl: string | null
  url: string
  gtin: string | null
  itemGroupId: string | null
  firstSeenAt: Date | null
  createdAt: Date
  updatedAt: Date
}

/** Where a page of changed products ends: the next page starts after it. */
export interface ProductCursor {
  updatedAt: Date
  id: string
}

export function productsRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const updatable = [
    t.products.title,
    t.products.brand,
    t.products.url,
    t.products.imageUrl,
    t.products.priceMinor,
    t.products.currency,
    t.products.availability,
    t.products.status,
    t.products.attributes,
    t.products.seenAt,
    t.products.updatedAt,
  ]
  const searchRows = (where: SQL | undefined) => {
    const p = t.products
    return db
      .select({
        id: p.id,
        shopId: p.shopId,
        shopName: t.shops.name,
        sku: p.sku,
        title: p.title,
        brand: p.brand,
        descriptionText: p.descriptionText,
        productType: p.productType,
        taxonomyId: p.taxonomyId,
        priceMinor: p.priceMinor,
        salePriceMinor: p.salePriceMinor,
        currency: p.currency,
        availability: p.availability,
        status: p.status,
        shopStatus: t.shops.status,
        imageUrl: p.imageUrl,
        url: p.url,
        gtin: p.gtin,
        itemGroupId: p.itemGroupId,
        firstSeenAt: p.firstSeenAt,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      })
      .from(p)
      .innerJoin(t.shops, eq(t.shops.id, p.shopId))
      .where(where)
      .$dynamic()
  }
  // One product by id, the product page's lookup: its SQL built once (see ops.prepared).
  let byId: ((values: { id: string }) => Promise<SearchSourceRow[]>) | undefined
  return {
    /** Inserts or updates products by (shop, sku), in chunks; returns how many rows were written. */
    async upsertMany(items: ProductInput[], options: { chunk?: number } = {}): Promise<number> {
      const chunk = options.chunk ?? 500
      const at = now()
      // A feed may list one SKU twice: the last one wins (one statement cannot touch a row twice).
      const unique = [...new Map(items.map((p) => [`${p.shopId}\u0000${p.sku}`, p])).values()]
      for (let i = 0; i < unique.length; i += chunk) {
        const rows = unique.slice(i, i + chunk).map((p) => ({
          ...p,
          id: newId(),
          status: p.status ?? ('active' as const),
          seenAt: at,
          createdAt: at,
          updatedAt: at,
        }))
        await ops.upsert(t.products, rows, { target: [t.products.shopId, t.products.sku], update: updatable })
      }
      return unique.length
    },
    /**
     * Products changed after the cursor (null: from the start), oldest change first, in (updated_at,
     * id) order (products_updated_idx): what the search index's incremental update reads.
     */
    async changedSince(after: ProductCursor | null, limit: number): Promise<SearchSourceRow[]> {
      const p = t.products
      const where = after
        ? or(gt(p.updatedAt, after.updatedAt), and(eq(p.updatedAt, after.updatedAt), gt(p.id, after.id)))
        : undefined
      return searchRows(where).orderBy(asc(p.updatedAt), asc(p.id)).limit(limit)
    },
    /** These products as the search index takes them (unknown ids are left out). */
    async searchRowsByIds(ids: readonly string[]): Promise<SearchSourceRow[]> {
      if (!ids.length) return []
      return searchRows(inArray(t.products.id, [...ids]))
    },
    /** One product as the search index takes it, or null. */
    async searchRowById(id: string): Promise<SearchSourceRow | null> {
      byId ??= ops.prepared(searchRows(eq(t.products.id, sql.placeholder('id'))))
      return (await byId({ id }))[0] ?? null
    },
    /**
     * Products on offer (active, their shop active) after `after` in id order, with what a
     * sitemap says of them: the portal's sitemaps, a page at a time.
     */
    async offeredAfter(
      after: string,
      limit: number,
    ): Promise<{ id: string; title: string; updatedAt: Date }[]> {
      const p = t.products
      return db
        .select({ id: p.id, title: p.title, updatedAt: p.updatedAt })
        .from(p)
        .innerJoin(t.shops, eq(t.shops.id, p.shopId))
        .where(and(gt(p.id, after), eq(p.status, 'active'), eq(t.shops.status, 'active')))
        .orderBy(asc(p.id))
        .limit(limit)
    },
    /** How many products there are and the newest change: what moves when the catalogue changes. */
    async stamp(): Promise<string> {
      const [row] = await db.select({ n: count(), newest: max(t.products.updatedAt) }).from(t.products)
      return `${Number(row?.n ?? 0)}:${row?.newest ? new Date(row.newest).getTime() : 0}`
    },
    /** The ids and status of products after `after` in id order (the index's consistency check). */
    async idsAfter(
      after: string,
      limit: number,
    ): Promise<{ id: string; status: Product['status']; shopStatus: string; updatedAt: Date }[]> {
      const p = t.products
      return db
        .select({ id: p.id, status: p.status, shopStatus: t.shops.status, updatedAt: p.updatedAt })
        .from(p)
        .innerJoin(t.shops, eq(t.shops.id, p.shopId))
        .where(gt(p.id, after))
        .orderBy(asc(p.id))
        .limit(limit)
    },
    async bySku(shopId: string, sku: string): Promise<Product | null> {
      const [row] = await db
        .select()
        .from(t.products)
        .where(and(eq(t.products.shopId, shopId), eq(t.products.sku, sku)))
        .limit(1)
      return row ?? null
    },
  }
}
