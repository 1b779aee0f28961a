/**
 * The catalogue's writes for feed runs: a run stages its valid rows (`feed_run_items`) while the
 * feed is read, and only a run that is applied touches `products`. Applying writes only the rows
 * whose content hash changed, records price and availability changes (`product_prices`) and
 * deactivates the shop's active products the run did not have; it is idempotent, so a run
 * interrupted half-way is applied again to the same end. The first row of a duplicated id is the
 * one staged (the validator rejects the others), never the repository's last-one-wins.
 */
import { and, asc, count, desc, eq, gt, inArray, lt, notExists, sql } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

type T = RepoContext['database']['t']
export type Product = T['products']['$inferSelect']
export type FeedRun = T['feedRuns']['$inferSelect']
export type FeedRunStatus = FeedRun['status']
export type Feed = T['feeds']['$inferSelect']
export type FeedInput = Pick<Feed, 'shopId' | 'name'> &
  Partial<Pick<Feed, 'url' | 'format' | 'mapping' | 'recordPath' | 'schedule' | 'timezone'>>

/** A product as a feed run has it: the `products` columns it sets. */
export interface CatalogRow {
  sku: string
  title: string
  brand: string | null
  url: string
  imageUrl: string
  priceMinor: number
  salePriceMinor: number | null
  currency: string
  availability: Product['availability']
  gtin: string | null
  mpn: string | null
  description: string | null
  descriptionText: string | null
  category: string | null
  productType: string | null
  stock: number | null
  additionalImages: string[]
  condition: Product['condition']
}

export interface StagedRow {
  sku: string
  contentHash: string
  row: CatalogRow
}

export interface ApplyCounts {
  created: number
  updated: number
  unchanged: number
  deactivated: number
  priceDrops: number
  backInStock: number
}

const noChanges = (): ApplyCounts => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  deactivated: 0,
  priceDrops: 0,
  backInStock: 0,
})

/** An unchanged row: the same content hash, and still active. */
const same = (old: { contentHash: string | null; status: string } | undefined, contentHash: string) =>
  old !== undefined && old.contentHash === contentHash && old.status === 'active'

export function catalogRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  // D1 binds at most 100 parameters a statement; the others take far more.
  const maxParams = database.dialect === 'd1' ? 100 : 30_000
  const page = Math.min(500, maxParams - 10)
  const rowsPer = (columns: number) => Math.max(1, Math.floor(maxParams / columns))
  const staged = (runId: string) => eq(t.feedRunItems.runId, runId)
  /** The shop's active products the run does not have. */
  const missing = (shopId: string, runId: string) =>
    and(
      eq(t.products.shopId, shopId),
      eq(t.products.status, 'active'),
      notExists(
        db
          .select({ one: sql`1` })
          .from(t.feedRunItems)
          .where(and(staged(runId), eq(t.feedRunItems.sku, t.products.sku))),
      ),
    )

  async function* stagedPages(runId: string) {
    let after = ''
    for (;;) {
      const rows = await db
        .select()
        .from(t.feedRunItems)
        .where(and(staged(runId), gt(t.feedRunItems.sku, after)))
        .orderBy(asc(t.feedRunItems.sku))
        .limit(page)
      if (rows.length === 0) return
      yield rows
      after = rows[rows.length - 1]!.sku
    }
  }

  async function existing(shopId: string, skus: string[]) {
    const rows = await db
      .select({
        id: t.products.id,
        sku: t.products.sku,
        contentHash: t.products.contentHash,
        status: t.products.status,
        priceMinor: t.products.priceMinor,
        salePriceMinor: t.products.salePriceMinor,
        currency: t.products.currency,
        availability: t.products.availability,
      })
      .from(t.products)
      .where(and(eq(t.products.shopId, shopId), inArray(t.products.sku, skus)))
    return new Map(rows.map((r) => [r.sku, r]))
  }

  return {
    async startRun(input: { shopId: string; source: string; feedId?: string }): Promise<string> {
      const id = newId()
      const at = now()
      await db.insert(t.feedRuns).values({
        id,
        shopId: input.shopId,
        feedId: input.feedId ?? null,
        source: input.source,
        status: 'running',
        startedAt: at,
        createdAt: at,
      })
      return id
    },

    async createFeed(input: FeedInput): Promise<Feed> {
      const at = now()
      const row = {
        id: newId(),
        shopId: input.shopId,
        name: input.name,
        url: input.url ?? null,
        format: input.format ?? null,
        mapping: input.mapping ?? null,
        recordPath: input.recordPath ?? null,
        schedule: input.schedule ?? null,
        timezone: input.timezone ?? 'UTC',
        status: 'active' as const,
        etag: null,
        lastModified: null,
        lastRunAt: null,
        createdAt: at,
        updatedAt: at,
      }
      await db.insert(t.feeds).values(row)
      return row
    },

    async feed(id: string): Promise<Feed | null> {
      const [row] = await db.select().from(t.feeds).where(eq(t.feeds.id, id)).limit(1)
      return row ?? null
    },

    /** Feeds, by shop when given, oldest first. */
    async feeds(shopId?: string): Promise<Feed[]> {
      return db
        .select()
        .from(t.feeds)
        .where(shopId ? eq(t.feeds.shopId, shopId) : undefined)
        .orderBy(asc(t.feeds.id))
    },

    /**
     * After any run of the feed, whatever it found (the scheduler's "ran since the last tick"),
     * with the validators of a body it read whole, for the next conditional GET.
     */
    async feedRan(
      id: string,
      validators?: { etag: string | null; lastModified: string | null },
    ): Promise<void> {
      const at = now()
      await db
        .update(t.feeds)
        .set({ ...validators, lastRunAt: at, updatedAt: at })
        .where(eq(t.feeds.id, id))
    },

    /** Stages a batch of a run's valid rows (their ids are unique within the run). */
    async stage(runId: string, rows: StagedRow[]): Promise<void> {
      const size = rowsPer(4)
      for (let i = 0; i < rows.length; i += size) {
        const chunk = rows.slice(i, i + size)
        await ops.insertIgnore(
          t.feedRunItems,
          chunk.map((r) => ({
            runId,
            sku: r.sku,
            contentHash: r.contentHash,
            product: r.row as unknown as Record<string, unknown>,
          })),
        )
      }
    },

    /** What applying the run would do, without doing it (for a held run's report). */
    async plan(runId: string, shopId: string): Promise<ApplyCounts> {
      const counts = noChanges()
      for await (const rows of stagedPages(runId)) {
        const known = await existing(
          shopId,
          rows.map((r) => r.sku),
        )
        for (const r of rows) {
          const old = known.get(r.sku)
          if (same(old, r.contentHash)) counts.unchanged++
          else if (old) counts.updated++
          else counts.created++
        }
      }
      const [gone] = await db.select({ n: count() }).from(t.products).where(missing(shopId, runId))
      counts.deactivated = Number(gone?.n ?? 0)
      return counts
    },

    /** Writes the run into the catalogue: changed rows, price history, deactivations. */
    async apply(runId: string, shopId: string): Promise<ApplyCounts> {
      const counts = noChanges()
      const at = now()
      for await (const rows of stagedPages(runId)) {
        const known = await existing(
          shopId,
          rows.map((r) => r.sku),
        )
        const writes: T['products']['$inferInsert'][] = []
        const history: T['productPrices']['$inferInsert'][] = []
        const seen: string[] = []
        for (const r of rows) {
          const old = known.get(r.sku)
          if (old && same(old, r.contentHash)) {
            counts.unchanged++
            seen.push(old.id)
            continue
          }
          const row = r.product as unknown as CatalogRow
          const id = old?.id ?? newId()
          if (old) counts.updated++
          else counts.created++
          const effective = row.salePriceMinor ?? row.priceMinor
          const before = old ? (old.salePriceMinor ?? old.priceMinor) : null
          const changed =
            !old ||
            old.priceMinor !== row.priceMinor ||
            old.salePriceMinor !== row.salePriceMinor ||
            old.currency !== row.currency ||
            old.availability !== row.availability
          if (old && before !== null && old.currency === row.currency && effective < before)
            counts.priceDrops++
          if (old && old.availability !== 'in_stock' && row.availability === 'in_stock') counts.backInStock++
          if (changed)
            history.push({
              id: newId(),
              productId: id,
              runId,
              priceMinor: row.priceMinor,
              salePriceMinor: row.salePriceMinor,
              currency: row.currency,
              availability: row.availability,
              at,
            })
          writes.push({
            id,
            shopId,
            ...row,
            status: 'active',
            attributes: null,
            contentHash: r.contentHash,
            firstSeenAt: at,
            seenAt: at,
            createdAt: at,
            updatedAt: at,
          })
        }
        const size = rowsPer(27)
        for (let i = 0; i < writes.length; i += size)
          await ops.upsert(t.products, writes.slice(i, i + size), {
            target: [t.products.shopId, t.products.sku],
            update: [
              t.products.title,
              t.products.brand,
              t.products.url,
              t.products.imageUrl,
              t.products.priceMinor,
              t.products.salePriceMinor,
              t.products.currency,
              t.products.availability,
              t.products.gtin,
              t.products.mpn,
              t.products.description,
              t.products.descriptionText,
              t.products.category,
              t.products.productType,
              t.products.stock,
              t.products.additionalImages,
              t.products.condition,
              t.products.status,
              t.products.contentHash,
              t.products.seenAt,
              t.products.updatedAt,
            ],
          })
        const historySize = rowsPer(8)
        for (let i = 0; i < history.length; i += historySize)
          await db.insert(t.productPrices).values(history.slice(i, i + historySize))
        if (seen.length) await db.update(t.products).set({ seenAt: at }).where(inArray(t.products.id, seen))
      }
      const result = await db
        .update(t.products)
        .set({ status: 'inactive', updatedAt: at })
        .where(missing(shopId, runId))
      counts.deactivated = ops.affectedRows(result)
      await db.delete(t.feedRunItems).where(staged(runId))
      return counts
    },

    /** Drops a run's staged rows (a rejected or discarded run). */
    async dropStaged(runId: string): Promise<void> {
      await db.delete(t.feedRunItems).where(staged(runId))
    },

    async finishRun(
      runId: string,
      fields: { status: FeedRunStatus; outcome: string; report: Record<string, unknown>; validRows: number },
    ): Promise<void> {
      await db
        .update(t.feedRuns)
        .set({ ...fields, finishedAt: now() })
        .where(eq(t.feedRuns.id, runId))
    },

    async setStatus(runId: string, status: FeedRunStatus, report?: Record<string, unknown>): Promise<void> {
      await db
        .update(t.feedRuns)
        .set({ status, ...(report && { report }) })
        .where(eq(t.feedRuns.id, runId))
    },

    async run(id: string): Promise<FeedRun | null> {
      const [row] = await db.select().from(t.feedRuns).where(eq(t.feedRuns.id, id)).limit(1)
      return row ?? null
    },

    /** The shop's last applied run: what a new run's valid rows are compared with. */
    async lastApplied(shopId: string): Promise<FeedRun | null> {
      const [row] = await db
        .select()
        .from(t.feedRuns)
        .where(and(eq(t.feedRuns.shopId, shopId), eq(t.feedRuns.status, 'applied')))
        .orderBy(desc(t.feedRuns.startedAt), desc(t.feedRuns.id))
        .limit(1)
      return row ?? null
    },

    /** A shop's or a feed's runs, newest first. */
    async runs(of: { shopId: string } | { feedId: string }, limit = 20): Promise<FeedRun[]> {
      return db
        .select()
        .from(t.feedRuns)
        .where('feedId' in of ? eq(t.feedRuns.feedId, of.feedId) : eq(t.feedRuns.shopId, of.shopId))
        .orderBy(desc(t.feedRuns.startedAt), desc(t.feedRuns.id))
        .limit(limit)
    },

    /** A shop's products, by sku (for tests, reports and the products API). */
    async products(shopId: string): Promise<Product[]> {
      return db.select().from(t.products).where(eq(t.products.shopId, shopId)).orderBy(asc(t.products.sku))
    },

    /** Products newest first, filtered, a page at a time (cursor: the last id a page answered). */
    async productPage(filter: {
      shopId?: string
      sku?: string
      status?: Product['status']
      limit?: number
      cursor?: string
    }) {
      const size = pageSize(filter.limit)
      const rows = await db
        .select()
        .from(t.products)
        .where(
          and(
            filter.shopId ? eq(t.products.shopId, filter.shopId) : undefined,
            filter.sku ? eq(t.products.sku, filter.sku) : undefined,
            filter.status ? eq(t.products.status, filter.status) : undefined,
            filter.cursor ? lt(t.products.id, filter.cursor) : undefined,
          ),
        )
        .orderBy(desc(t.products.id))
        .limit(size + 1)
      return toPage(rows, size)
    },

    async priceHistory(productId: string) {
      return db
        .select()
        .from(t.productPrices)
        .where(eq(t.productPrices.productId, productId))
        .orderBy(asc(t.productPrices.at), asc(t.productPrices.id))
    },
  }
}
