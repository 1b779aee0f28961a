import { and, asc, desc, eq, gt, inArray, lt, ne } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

export type Link = RepoContext['database']['t']['links']['$inferSelect']
export type NewLink = Pick<Link, 'slug' | 'destination' | 'customerId'> &
  Partial<
    Pick<
      Link,
      | 'id'
      | 'campaignId'
      | 'influencerId'
      | 'shopId'
      | 'status'
      | 'redirectStatus'
      | 'rules'
      | 'startsAt'
      | 'expiresAt'
      | 'fallbackUrl'
      | 'productId'
      | 'channel'
    >
  >

/** What links need to know of a product they name: its shop, and whether it can be bought. */
export type LinkProduct = Pick<
  RepoContext['database']['t']['products']['$inferSelect'],
  'id' | 'shopId' | 'status' | 'availability'
>

export interface LinkFilter {
  customerId?: string
  campaignId?: string
  influencerId?: string
  status?: Link['status']
}

/** A stored link whose slug a reserved first segment now shadows. */
export type SlugCollision = Pick<Link, 'id' | 'slug' | 'status'>

export interface SlugCollisions {
  /** How many links collide: all of them, not only those listed in `collisions`. */
  count: number
  /** The first colliding links by id (oldest first), at most `limit`. */
  collisions: SlugCollision[]
  /** Links read. */
  scanned: number
}

const toRow = (input: NewLink, at: Date): Link => ({
  id: input.id ?? newId(),
  slug: input.slug,
  slugFolded: input.slug.toLowerCase(),
  destination: input.destination,
  customerId: input.customerId,
  campaignId: input.campaignId ?? null,
  influencerId: input.influencerId ?? null,
  shopId: input.shopId ?? null,
  status: input.status ?? 'active',
  redirectStatus: input.redirectStatus ?? 302,
  rules: input.rules ?? null,
  startsAt: input.startsAt ?? null,
  expiresAt: input.expiresAt ?? null,
  fallbackUrl: input.fallbackUrl ?? null,
  productId: input.productId ?? null,
  channel: input.channel ?? 'influencer',
  createdAt: at,
  updatedAt: at,
})

export function linksRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  // D1 binds at most 100 parameters a statement (the UPDATE below adds one to its ids).
  const idsPerStatement = database.dialect === 'd1' ? 90 : 1_000
  return {
    /** Throws a unique violation (see isUniqueViolation) when the slug is taken. */
    async create(input: NewLink): Promise<Link> {
      const row = toRow(input, now())
      await db.insert(t.links).values(row)
      return row
    },
    /** Creates all links or none. */
    async createMany(inputs: NewLink[]): Promise<Link[]> {
      const at = now()
      const rows = inputs.map((input) => toRow(input, at))
      await ops.atomic((tx) => rows.map((row) => tx.insert(t.links).values(row)))
      return rows
    },
    async bySlug(slug: string): Promise<Link | null> {
      const [row] = await db.select().from(t.links).where(eq(t.links.slug, slug)).limit(1)
      return row ?? null
    },
    async get(id: string): Promise<Link | null> {
      const [row] = await db.select().from(t.links).where(eq(t.links.id, id)).limit(1)
      return row ?? null
    },
    /** Slugs that differ from this one only in case. */
    async lookAlikes(slug: string): Promise<string[]> {
      const rows = await db
        .select({ slug: t.links.slug })
        .from(t.links)
        .where(and(eq(t.links.slugFolded, slug.toLowerCase()), ne(t.links.slug, slug)))
        .limit(10)
      return rows.map((r) => r.slug)
    },
    async list(filter: LinkFilter & { limit?: number; cursor?: string } = {}) {
      const size = pageSize(filter.limit)
      const rows = await db
        .select()
        .from(t.links)
        .where(
          and(
            filter.customerId ? eq(t.links.customerId, filter.customerId) : undefined,
            filter.campaignId ? eq(t.links.campaignId, filter.campaignId) : undefined,
            filter.influencerId ? eq(t.links.influencerId, filter.influencerId) : undefined,
            filter.status ? eq(t.links.status, filter.status) : undefined,
            filter.cursor ? lt(t.links.id, filter.cursor) : undefined,
          ),
        )
        .orderBy(desc(t.links.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
    /** The product a link names (or may name), as links need it; null when there is none. */
    async product(productId: string): Promise<LinkProduct | null> {
      const [row] = await db
        .select({
          id: t.products.id,
          shopId: t.products.shopId,
          status: t.products.status,
          availability: t.products.availability,
        })
        .from(t.products)
        .where(eq(t.products.id, productId))
        .limit(1)
      return row ?? null
    },
    /**
     * The links naming any of these products have changed for the redirect (the products' stock
     * or status may have): their `updated_at` moves to now, which is the change signal every link
     * cache watches, and their slugs are returned so the caller can forget them at once. Read on
     * the `links_product_idx` index in batches (D1's bound-parameter limit); products no link
     * names cost one indexed read per batch and no write.
     */
    async touchNamingProducts(productIds: readonly string[]): Promise<string[]> {
      const unique = [...new Set(productIds)]
      const slugs: string[] = []
      for (let i = 0; i < unique.length; i += idsPerStatement) {
        const rows = await db
          .select({ id: t.links.id, slug: t.links.slug })
          .from(t.links)
          .where(inArray(t.links.productId, unique.slice(i, i + idsPerStatement)))
        for (let j = 0; j < rows.length; j += idsPerStatement) {
          const ids = rows.slice(j, j + idsPerStatement).map((r) => r.id)
          await db.update(t.links).set({ updatedAt: now() }).where(inArray(t.links.id, ids))
        }
        for (const row of rows) slugs.push(row.slug)
      }
      return slugs
    },
    /** The newest change to any link: the change signal link caches watch. */
    async lastChange(): Promise<number> {
      const [row] = await db
        .select({ at: t.links.updatedAt })
        .from(t.links)
        .orderBy(desc(t.links.updatedAt))
        .limit(1)
      return row?.at.getTime() ?? 0
    },
    /**
     * Links whose slug `isReserved` refuses (a first segment reserved after they were made): the
     * whole table is read in pages by id, slugs only, and the predicate asked for each, so it
     * sees segments reserved at start-up as well as the built-in ones.
     */
    async reservedSlugCollisions(
      isReserved: (slug: string) => boolean,
      options: { limit?: number; pageSize?: number } = {},
    ): Promise<SlugCollisions> {
      const limit = Math.max(0, Math.floor(options.limit ?? 100))
      const size = Math.max(1, Math.floor(options.pageSize ?? 1000))
      const result: SlugCollisions = { count: 0, collisions: [], scanned: 0 }
      let cursor: string | undefined
      for (;;) {
        const rows = await db
          .select({ id: t.links.id, slug: t.links.slug, status: t.links.status })
          .from(t.links)
          .where(cursor === undefined ? undefined : gt(t.links.id, cursor))
          .orderBy(asc(t.links.id))
          .limit(size)
        result.scanned += rows.length
        for (const row of rows) {
          if (!isReserved(row.slug)) continue
          result.count++
          if (result.collisions.length < limit) result.collisions.push(row)
        }
        if (rows.length < size) return result
        cursor = rows[rows.length - 1]!.id
      }
    },
    async update(
      id: string,
      patch: Partial<Omit<NewLink, 'id' | 'slug' | 'customerId'>>,
    ): Promise<Link | null> {
      await db
        .update(t.links)
        .set({ ...patch, updatedAt: now() })
        .where(eq(t.links.id, id))
      return this.get(id)
    },
  }
}
