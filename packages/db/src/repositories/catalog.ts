/**
 * The catalogue's writes for feed runs: a run stages its valid rows (`feed_run_items`) while the
 * feed is read, and only a run that is applied touches `products`. Applying writes only the rows
 * whose content hash changed, records price and availability changes (`product_prices`) and
 * deactivates the shop's active products the run did not have; it is idempotent, so a run
 * interrupted half-way is applied again to the same end. The first row of a duplicated id is the
 * one staged (the validator rejects the others), never the repository's last-one-wins.
 */
import {
  and,
  asc,
  type Column,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNull,
  lt,
  lte,
  ne,
  notExists,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm'
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
  /** The feed's item group: variants share it (search collapses them). */
  itemGroupId: string | null
  description: string | null
  descriptionText: string | null
  category: string | null
  productType: string | null
  taxonomyId: number | null
  stock: number | null
  additionalImages: string[]
  condition: Product['condition']
}

export interface StagedRow {
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

/** What a product was and became: its price, availability or status changed in a run. */
export interface ProductChange {
  productId: string
  sku: string
  before: ProductState
  after: ProductState
}

export interface ProductState {
  priceMinor: number
  salePriceMinor: number | null
  currency: string
  availability: Product['availability']
  status: Product['status']
}

/** Told each page of changes while a run is applied (price events, link caches). */
export type OnChanges = (
  changes: ProductChange[],
  run: { runId: string; shopId: string; feedId: string | null },
) => Promise<void>

const noChanges = (): ApplyCounts => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  deactivated: 0,
  priceDrops: 0,
  backInStock: 0,
})

/** The `products` columns a feed sets, which the staged rows carry under the same names. */
const feedColumns = [
  'title',
  'brand',
  'url',
  'imageUrl',
  'priceMinor',
  'salePriceMinor',
  'currency',
  'availability',
  'gtin',
  'mpn',
  'itemGroupId',
  'description',
  'descriptionText',
  'category',
  'productType',
  'taxonomyId',
  'stock',
  'additionalImages',
  'condition',
] as const satisfies readonly (keyof CatalogRow)[]

export function catalogRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const mysql = database.dialect === 'mysql'
  // D1 binds at most 100 parameters a statement; the others take far more.
  const maxParams = database.dialect === 'd1' ? 100 : 30_000
  const rowsPer = (columns: number) => Math.max(1, Math.floor(maxParams / columns))
  /** Staged rows applied a statement at a time: one transaction's undo log, D1's statement time. */
  const chunkRows = database.dialect === 'd1' ? 500 : 10_000
  const i = t.feedRunItems
  const p = t.products
  const staged = (runId: string) => eq(i.runId, runId)
  const stamp = (d: Date) => (mysql ? d : d.getTime())
  /** A raw statement (drizzle's MySQL driver calls it execute). */
  const exec = (query: SQL) =>
    mysql ? (db as unknown as { execute(q: SQL): Promise<unknown> }).execute(query) : db.run(query)
  const names = (columns: Column[]) =>
    sql.join(
      columns.map((c) => sql.identifier(c.name)),
      sql`, `,
    )
  /** Null-safe equality. */
  const same = (a: SQLWrapper, b: SQLWrapper) => (mysql ? sql`(${a} <=> ${b})` : sql`(${a} is ${b})`)
  const ofFeed = (feedId: string | null) => (feedId === null ? isNull(p.feedId) : eq(p.feedId, feedId))
  /** A staged row's product: the shop's product of the same sku. */
  const sameSku = (shopId: string) => and(eq(p.shopId, shopId), eq(p.sku, i.sku))
  /**
   * The product is as the row has it, and active. Whichever feed wrote it keeps it: two feeds of
   * a shop listing the same product do not take it from each other on every run.
   */
  const unchanged = () => and(eq(p.contentHash, i.contentHash), eq(p.status, 'active'))
  const priceOrStockChanged = sql`(${p.priceMinor} <> ${i.priceMinor} or not ${same(p.salePriceMinor, i.salePriceMinor)} or ${p.currency} <> ${i.currency} or ${p.availability} <> ${i.availability})`
  const ifThen = (condition: SQL) => sql`sum(case when ${condition} then 1 else 0 end)`
  /** The shop's active products of the feed that the run does not have. */
  const missing = (shopId: string, feedId: string | null, runId: string) =>
    and(
      eq(p.shopId, shopId),
      eq(p.status, 'active'),
      ofFeed(feedId),
      notExists(
        db
          .select({ one: sql`1` })
          .from(i)
          .where(and(staged(runId), eq(i.sku, p.sku))),
      ),
    )
  const state = (r: {
    priceMinor: number
    salePriceMinor: number | null
    currency: string
    availability: string
    status: string
  }): ProductState => ({
    priceMinor: Number(r.priceMinor),
    salePriceMinor: r.salePriceMinor === null ? null : Number(r.salePriceMinor),
    currency: r.currency,
    availability: r.availability as ProductState['availability'],
    status: r.status as ProductState['status'],
  })

  /** The run's staged rows in sku ranges of `chunkRows` (after: exclusive, upTo: inclusive, null: open). */
  async function* chunks(runId: string) {
    let after: string | null = null
    for (;;) {
      const [edge] = await db
        .select({ sku: i.sku })
        .from(i)
        .where(and(staged(runId), after === null ? undefined : gt(i.sku, after)))
        .orderBy(asc(i.sku))
        .limit(1)
        .offset(chunkRows - 1)
      const upTo: string | null = edge?.sku ?? null
      yield and(
        staged(runId),
        after === null ? undefined : gt(i.sku, after),
        upTo === null ? undefined : lte(i.sku, upTo),
      ) as SQL
      if (upTo === null) return
      after = upTo
    }
  }

  /** Staged rows with their columns (not thin): the ones applying may write. */
  const full = (where: SQL) => and(where, eq(i.unchanged, 0)) as SQL

  /**
   * What applying these staged rows would do to the catalogue (before it is done). A thin row
   * whose product changed since it was staged (another feed's run wrote it) is left as it is:
   * counted unchanged.
   */
  async function countChunk(shopId: string, where: SQL): Promise<ApplyCounts> {
    const [r] = await db
      .select({
        rows: count(),
        created: ifThen(sql`${i.unchanged} = 0 and ${p.id} is null`),
        updated: ifThen(sql`${i.unchanged} = 0 and ${p.id} is not null and not (${unchanged()})`),
        priceDrops: ifThen(
          sql`${p.currency} = ${i.currency} and coalesce(${i.salePriceMinor}, ${i.priceMinor}) < coalesce(${p.salePriceMinor}, ${p.priceMinor})`,
        ),
        backInStock: ifThen(
          sql`(${p.availability} <> 'in_stock' or ${p.status} <> 'active') and ${i.availability} = 'in_stock'`,
        ),
      })
      .from(i)
      .leftJoin(p, sameSku(shopId))
      .where(where)
    const n = (v: unknown) => Number(v ?? 0)
    const [rows, created, updated] = [n(r?.rows), n(r?.created), n(r?.updated)]
    return {
      created,
      updated,
      unchanged: rows - created - updated,
      deactivated: 0,
      priceDrops: n(r?.priceDrops),
      backInStock: n(r?.backInStock),
    }
  }

  const add = (a: ApplyCounts, b: ApplyCounts) => {
    for (const k of Object.keys(a) as (keyof ApplyCounts)[]) a[k] += b[k]
  }

  /** Existing products whose price, availability or status these staged rows change. */
  async function changesIn(shopId: string, where: SQL): Promise<ProductChange[]> {
    const rows = await db
      .select({
        productId: p.id,
        sku: i.sku,
        priceMinor: p.priceMinor,
        salePriceMinor: p.salePriceMinor,
        currency: p.currency,
        availability: p.availability,
        status: p.status,
        newPriceMinor: i.priceMinor,
        newSalePriceMinor: i.salePriceMinor,
        newCurrency: i.currency,
        newAvailability: i.availability,
      })
      .from(i)
      .innerJoin(p, sameSku(shopId))
      .where(and(full(where), or(priceOrStockChanged, ne(p.status, 'active'))))
    return rows.map((r) => ({
      productId: r.productId,
      sku: r.sku,
      before: state(r),
      after: state({
        priceMinor: r.newPriceMinor,
        salePriceMinor: r.newSalePriceMinor,
        currency: r.newCurrency,
        availability: r.newAvailability,
        status: 'active',
      }),
    }))
  }

  const historyColumns = [
    t.productPrices.id,
    t.productPrices.productId,
    t.productPrices.runId,
    t.productPrices.priceMinor,
    t.productPrices.salePriceMinor,
    t.productPrices.currency,
    t.productPrices.availability,
    t.productPrices.at,
  ]
  /** One history row per new product and per price or availability change (ids staged: applied twice, written once). */
  const writeHistory = (shopId: string, where: SQL, at: Date) =>
    exec(sql`insert into ${t.productPrices} (${names(historyColumns)})
      select ${i.priceId}, coalesce(${p.id}, ${i.productId}), ${i.runId}, ${i.priceMinor}, ${i.salePriceMinor}, ${i.currency}, ${i.availability}, ${stamp(at)}
      from ${i} left join ${p} on ${sameSku(shopId)}
      where ${full(where)} and (${p.id} is null or ${priceOrStockChanged})
      ${mysql ? sql`on duplicate key update ${t.productPrices.id} = ${t.productPrices.id}` : sql`on conflict do nothing`}`)

  const fromFeed = feedColumns.map((k) => p[k])
  const merged = [
    p.id,
    p.shopId,
    p.sku,
    ...fromFeed,
    p.status,
    p.contentHash,
    p.feedId,
    p.firstSeenAt,
    p.seenAt,
    p.createdAt,
    p.updatedAt,
  ]
  const stagedColumns = [
    i.runId,
    i.sku,
    i.contentHash,
    i.productId,
    i.priceId,
    ...feedColumns.map((k) => i[k]),
  ]
  /** A thin row: the other columns keep their (empty) defaults, never written. */
  const thinColumns = [i.runId, i.sku, i.contentHash, i.unchanged]
  /** New rows inserted, changed rows updated: one INSERT … SELECT. An existing product keeps its id and first-seen time. */
  function merge(shopId: string, feedId: string | null, where: SQL, at: Date, changedAt: Date) {
    const time = stamp(at)
    const select = sql`select ${i.productId}, ${shopId}, ${i.sku}, ${sql.join(
      feedColumns.map((k) =>
        k === 'descriptionText' ? sql`coalesce(${i.descriptionText}, ${i.description})` : i[k],
      ),
      sql`, `,
    )}, 'active', ${i.contentHash}, ${feedId}, ${time}, ${time}, ${time}, ${stamp(changedAt)} from ${i} where ${full(where)}`
    const insert = sql`insert into ${p} (${names(merged)}) ${select}`
    if (!mysql) {
      const excluded = (c: Column) => sql.raw(`excluded."${c.name}"`)
      const set = sql.join(
        [...fromFeed, p.contentHash, p.feedId, p.updatedAt, p.seenAt].map(
          (c) => sql`${sql.identifier(c.name)} = ${excluded(c)}`,
        ),
        sql`, `,
      )
      return db.run(sql`${insert} on conflict (${names([p.shopId, p.sku])}) do update set ${set}, "status" = 'active'
          where not (${same(p.contentHash, excluded(p.contentHash))} and ${p.status} = 'active')`)
    }
    // MySQL evaluates the assignments in order: the test reads content_hash, status and feed_id before they are set.
    const changed = sql`not (${same(p.contentHash, sql`values(${p.contentHash})`)} and ${p.status} = 'active')`
    const set = sql.join(
      [...fromFeed, p.feedId, p.updatedAt].map((c) => sql`${c} = if(${changed}, values(${c}), ${c})`),
      sql`, `,
    )
    return exec(
      sql`${insert} on duplicate key update ${set}, ${p.seenAt} = values(${p.seenAt}), ${p.contentHash} = values(${p.contentHash}), ${p.status} = 'active'`,
    )
  }

  /**
   * Marks the chunk's unchanged products seen (the thin rows: the merge wrote the others). MySQL
   * as a join: its UPDATE … IN (subquery) would test every product of the shop for every chunk.
   */
  function markSeen(shopId: string, where: SQL, at: Date) {
    const thin = and(where, eq(i.unchanged, 1)) as SQL
    if (mysql)
      return exec(
        sql`update ${p} join ${i} on ${sameSku(shopId)} set ${p.seenAt} = ${stamp(at)} where ${thin}`,
      )
    return db
      .update(p)
      .set({ seenAt: at })
      .where(and(eq(p.shopId, shopId), inArray(p.sku, db.select({ sku: i.sku }).from(i).where(thin))))
  }

  const deactivatedPage = 5_000
  /** Deactivates the feed's products the run does not have, telling `onChanges` which; each page stamped when written. */
  async function deactivate(
    shopId: string,
    feedId: string | null,
    runId: string,
    onChanges?: OnChanges,
  ): Promise<number> {
    if (!onChanges) {
      const result = await db
        .update(p)
        .set({ status: 'inactive', updatedAt: now() })
        .where(missing(shopId, feedId, runId))
      return ops.affectedRows(result)
    }
    let total = 0
    for (;;) {
      const rows = await db
        .select({
          productId: p.id,
          sku: p.sku,
          priceMinor: p.priceMinor,
          salePriceMinor: p.salePriceMinor,
          currency: p.currency,
          availability: p.availability,
          status: p.status,
        })
        .from(p)
        .where(missing(shopId, feedId, runId))
        .orderBy(asc(p.id))
        .limit(Math.min(deactivatedPage, maxParams - 10))
      if (rows.length === 0) return total
      const ids = rows.map((r) => r.productId)
      const result = await db
        .update(p)
        .set({ status: 'inactive', updatedAt: now() })
        .where(and(inArray(p.id, ids), eq(p.status, 'active')))
      total += ops.affectedRows(result)
      await onChanges(
        rows.map((r) => ({
          productId: r.productId,
          sku: r.sku,
          before: state(r),
          after: { ...state(r), status: 'inactive' },
        })),
        { runId, shopId, feedId },
      )
    }
  }

  async function feedOf(runId: string): Promise<string | null> {
    const [run] = await db
      .select({ feedId: t.feedRuns.feedId })
      .from(t.feedRuns)
      .where(eq(t.feedRuns.id, runId))
    return run?.feedId ?? null
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

    /** Changes where a feed is read from or when it runs. */
    async updateFeed(
      id: string,
      fields: Partial<
        Pick<Feed, 'name' | 'url' | 'format' | 'mapping' | 'recordPath' | 'schedule' | 'timezone' | 'status'>
      >,
    ): Promise<void> {
      await db
        .update(t.feeds)
        .set({ ...fields, updatedAt: now() })
        .where(eq(t.feeds.id, id))
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

    /**
     * Stages a batch of a run's valid rows (their ids are unique within the run). A row the
     * catalogue already has as it is (same hash, active) is staged thin, its key
     * and hash only: an unchanged re-import writes a fraction of the bytes.
     */
    async stage(runId: string, rows: StagedRow[], shopId: string): Promise<void> {
      const known = new Map<string, string>()
      const lookup = Math.min(1_000, maxParams - 10)
      for (let n = 0; n < rows.length; n += lookup) {
        // By the unique key alone (a status or feed test here can make the planner scan the shop).
        const found = await db
          .select({ sku: p.sku, contentHash: p.contentHash, status: p.status })
          .from(p)
          .where(
            and(
              eq(p.shopId, shopId),
              inArray(
                p.sku,
                rows.slice(n, n + lookup).map((r) => r.row.sku),
              ),
            ),
          )
        for (const r of found) if (r.contentHash && r.status === 'active') known.set(r.sku, r.contentHash)
      }
      const [fresh, same] = [[] as unknown[][], [] as unknown[][]]
      for (const { row, contentHash } of rows)
        if (known.get(row.sku) === contentHash) same.push([runId, row.sku, contentHash, 1])
        else
          fresh.push([
            runId,
            row.sku,
            contentHash,
            newId(),
            newId(),
            ...feedColumns.map((k) =>
              k === 'additionalImages'
                ? JSON.stringify(row.additionalImages)
                : // The plain twin of a description without markup is the description: staged once.
                  k === 'descriptionText' && row.descriptionText === row.description
                  ? null
                  : row[k],
            ),
          ])
      // A few hundred rows a statement: larger ones measured slower on libsql.
      for (const [columns, values] of [
        [stagedColumns, fresh],
        [thinColumns, same],
      ] as const) {
        const size = Math.min(mysql ? 1000 : 250, rowsPer(columns.length))
        for (let n = 0; n < values.length; n += size)
          await ops.insertRows(i, columns, values.slice(n, n + size))
      }
    },

    /** What applying the run would do, without doing it (for a held run's report). */
    async plan(runId: string, shopId: string): Promise<ApplyCounts> {
      const feedId = await feedOf(runId)
      const counts = noChanges()
      for await (const where of chunks(runId)) add(counts, await countChunk(shopId, where))
      const [gone] = await db
        .select({ n: count() })
        .from(p)
        .where(missing(shopId, feedId, runId))
      counts.deactivated = Number(gone?.n ?? 0)
      return counts
    },

    /**
     * Writes the run into the catalogue, a chunk of staged rows at a time: the price history of
     * what changed, the changed rows, then the deactivation of the feed's products it lacks.
     * `onChanges` hears of every existing product whose price, availability or status changed.
     * The staged rows stay (dropStaged, once the run is recorded as applied): applying again after
     * an interruption comes to the same catalogue. A changed row's `updated_at` is the time its
     * chunk was written, not the run's start: the search index's watermark may pass the start
     * while a long run still writes, and a later chunk stamped with the start would fall behind it.
     */
    async apply(runId: string, shopId: string, onChanges?: OnChanges): Promise<ApplyCounts> {
      const feedId = await feedOf(runId)
      const counts = noChanges()
      const at = now()
      for await (const where of chunks(runId)) {
        add(counts, await countChunk(shopId, where))
        if (onChanges) {
          const changes = await changesIn(shopId, where)
          if (changes.length) await onChanges(changes, { runId, shopId, feedId })
        }
        await writeHistory(shopId, where, at)
        await merge(shopId, feedId, where, at, now())
        await markSeen(shopId, where, at)
      }
      counts.deactivated = await deactivate(shopId, feedId, runId, onChanges)
      return counts
    },

    /** Drops a run's staged rows (applied, rejected or discarded), a chunk at a time. */
    async dropStaged(runId: string): Promise<void> {
      for (;;) {
        const [edge] = await db
          .select({ sku: i.sku })
          .from(i)
          .where(staged(runId))
          .orderBy(asc(i.sku))
          .limit(1)
          .offset(chunkRows - 1)
        await db.delete(i).where(and(staged(runId), edge ? lte(i.sku, edge.sku) : undefined))
        if (!edge) return
      }
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

    /** The feed's (or the shop's files') last applied run: what a new run's valid rows are compared with. */
    async lastApplied(shopId: string, feedId: string | null = null): Promise<FeedRun | null> {
      const [row] = await db
        .select()
        .from(t.feedRuns)
        .where(
          and(
            eq(t.feedRuns.shopId, shopId),
            feedId === null ? isNull(t.feedRuns.feedId) : eq(t.feedRuns.feedId, feedId),
            eq(t.feedRuns.status, 'applied'),
          ),
        )
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
