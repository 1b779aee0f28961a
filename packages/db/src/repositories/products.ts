import { and, eq } from 'drizzle-orm'
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
