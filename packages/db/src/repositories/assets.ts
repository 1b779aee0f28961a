/**
 * Asset records, the rows of the blobs they point at, and the apps' rule overrides.
 *
 * A blob is stored once per SHA-256 and may be referenced by many records. Its row in
 * `asset_blobs` makes deletion safe against a concurrent upload of the same bytes: an upload
 * touches the row (`live`) and inserts its record before it moves bytes into place; garbage
 * collection claims a row (`live` → `deleting`) in one statement that also requires no record to
 * reference it and the last touch to be older than a cutoff, deletes the blob, then the row. An
 * upload that finds its row claimed waits for the row to go (or takes over a stale claim) and
 * stores its bytes again, so no record ever points at bytes that were collected after it was made.
 */
import { and, asc, desc, eq, inArray, lt, notExists, type SQL, sql } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

export type Asset = RepoContext['database']['t']['assets']['$inferSelect']
export type NewAsset = Omit<Asset, 'id' | 'createdAt'> & { id?: string }
export type AssetBlob = RepoContext['database']['t']['assetBlobs']['$inferSelect']
export type AssetRuleRow = RepoContext['database']['t']['assetRules']['$inferSelect']

export interface AssetFilter {
  type?: string
  appId?: string
  createdBy?: string
  customerId?: string
  influencerId?: string
  /** Limits to what a caller may see: records it made, public ones, or those of its customer/influencer. */
  visibleTo?: { principalId: string; customerId?: string | null; influencerId?: string | null }
}

export function assetsRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const referenced = (sha256: string | SQL) =>
    db
      .select({ one: sql`1` })
      .from(t.assets)
      .where(eq(t.assets.sha256, sha256 as string))

  return {
    /**
     * Marks the blob of `sha256` as just uploaded: creates its row, or refreshes a live one.
     * Returns the row's state afterwards: `deleting` means collection claimed it first.
     */
    async touchBlob(sha256: string, size: number): Promise<'live' | 'deleting'> {
      const at = now()
      const touched = await db
        .update(t.assetBlobs)
        .set({ touchedAt: at })
        .where(and(eq(t.assetBlobs.sha256, sha256), eq(t.assetBlobs.state, 'live')))
      if (ops.affectedRows(touched) > 0) return 'live'
      await ops.insertIgnore(t.assetBlobs, [{ sha256, size, state: 'live', touchedAt: at, createdAt: at }])
      const row = await this.blob(sha256)
      // Gone again between the insert and the read: only a finished collection does that.
      return row?.state ?? 'deleting'
    },
    async blob(sha256: string): Promise<AssetBlob | null> {
      const [row] = await db.select().from(t.assetBlobs).where(eq(t.assetBlobs.sha256, sha256)).limit(1)
      return row ?? null
    },
    async insert(input: NewAsset): Promise<Asset> {
      const row: Asset = { ...input, id: input.id ?? newId(), createdAt: now() }
      await db.insert(t.assets).values(row)
      return row
    },
    async get(id: string): Promise<Asset | null> {
      const [row] = await db.select().from(t.assets).where(eq(t.assets.id, id)).limit(1)
      return row ?? null
    },
    /** Records of one blob, public ones first (delivery needs one that says how to serve it). */
    async bySha256(sha256: string, limit = 20): Promise<Asset[]> {
      return db
        .select()
        .from(t.assets)
        .where(eq(t.assets.sha256, sha256))
        .orderBy(desc(t.assets.visibility), asc(t.assets.id))
        .limit(limit)
    },
    async list(filter: AssetFilter & { limit?: number; cursor?: string } = {}) {
      const size = pageSize(filter.limit)
      const v = filter.visibleTo
      const visible = v
        ? sql`(${t.assets.visibility} = 'public' OR ${t.assets.createdBy} = ${v.principalId}${
            v.customerId ? sql` OR ${t.assets.customerId} = ${v.customerId}` : sql``
          }${v.influencerId ? sql` OR ${t.assets.influencerId} = ${v.influencerId}` : sql``})`
        : undefined
      const rows = await db
        .select()
        .from(t.assets)
        .where(
          and(
            filter.type ? eq(t.assets.type, filter.type) : undefined,
            filter.appId ? eq(t.assets.appId, filter.appId) : undefined,
            filter.createdBy ? eq(t.assets.createdBy, filter.createdBy) : undefined,
            filter.customerId ? eq(t.assets.customerId, filter.customerId) : undefined,
            filter.influencerId ? eq(t.assets.influencerId, filter.influencerId) : undefined,
            visible,
            filter.cursor ? lt(t.assets.id, filter.cursor) : undefined,
          ),
        )
        .orderBy(desc(t.assets.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
    /** Deletes the record; the deleted row, or null when there was none. */
    async delete(id: string): Promise<Asset | null> {
      const row = await this.get(id)
      if (!row) return null
      const result = await db.delete(t.assets).where(eq(t.assets.id, id))
      return ops.affectedRows(result) > 0 ? row : null
    },
    async references(sha256: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)` })
        .from(t.assets)
        .where(eq(t.assets.sha256, sha256))
      return Number(row?.n ?? 0)
    },
    /**
     * Claims the blob for deletion when no record references it and it was last touched before
     * `cutoff`, in one statement. True when this caller now owns its deletion.
     */
    async claimBlob(sha256: string, cutoff: Date): Promise<boolean> {
      const result = await db
        .update(t.assetBlobs)
        .set({ state: 'deleting', touchedAt: now() })
        .where(
          and(
            eq(t.assetBlobs.sha256, sha256),
            eq(t.assetBlobs.state, 'live'),
            lt(t.assetBlobs.touchedAt, cutoff),
            notExists(referenced(sha256)),
          ),
        )
      return ops.affectedRows(result) > 0
    },
    /** Takes over a claim older than `staleBefore` (a collector that died midway). */
    async reclaimStale(sha256: string, staleBefore: Date): Promise<boolean> {
      const result = await db
        .update(t.assetBlobs)
        .set({ touchedAt: now() })
        .where(
          and(
            eq(t.assetBlobs.sha256, sha256),
            eq(t.assetBlobs.state, 'deleting'),
            lt(t.assetBlobs.touchedAt, staleBefore),
          ),
        )
      return ops.affectedRows(result) > 0
    },
    /** Removes the row of a blob whose deletion this caller claimed and finished. */
    async dropClaimed(sha256: string): Promise<void> {
      await db
        .delete(t.assetBlobs)
        .where(and(eq(t.assetBlobs.sha256, sha256), eq(t.assetBlobs.state, 'deleting')))
    },
    /** Live blobs no record references, last touched before `cutoff`: collection candidates. */
    async unreferencedBlobs(cutoff: Date, limit = 500): Promise<string[]> {
      const rows = await db
        .select({ sha256: t.assetBlobs.sha256 })
        .from(t.assetBlobs)
        .where(
          and(
            eq(t.assetBlobs.state, 'live'),
            lt(t.assetBlobs.touchedAt, cutoff),
            notExists(
              db.select({ one: sql`1` }).from(t.assets).where(eq(t.assets.sha256, t.assetBlobs.sha256)),
            ),
          ),
        )
        .limit(limit)
      return rows.map((r) => r.sha256)
    },
    /** Claims left in `deleting` since before `before`. */
    async staleClaims(before: Date, limit = 500): Promise<string[]> {
      const rows = await db
        .select({ sha256: t.assetBlobs.sha256 })
        .from(t.assetBlobs)
        .where(and(eq(t.assetBlobs.state, 'deleting'), lt(t.assetBlobs.touchedAt, before)))
        .limit(limit)
      return rows.map((r) => r.sha256)
    },
    /** Which of these hashes have a blob row (any state). */
    async knownBlobs(hashes: readonly string[]): Promise<Set<string>> {
      if (hashes.length === 0) return new Set()
      const rows = await db
        .select({ sha256: t.assetBlobs.sha256 })
        .from(t.assetBlobs)
        .where(inArray(t.assetBlobs.sha256, [...hashes]))
      return new Set(rows.map((r) => r.sha256))
    },
    /** Inserts a `deleting` row for a blob that has none (an orphan found in the store); false if one exists. */
    async claimOrphan(sha256: string, size: number): Promise<boolean> {
      const at = now()
      const result = await ops.insertIgnore(t.assetBlobs, [
        { sha256, size, state: 'deleting', touchedAt: at, createdAt: at },
      ])
      if (ops.affectedRows(result) > 0) return true
      return false
    },
    async rules(appId: string): Promise<AssetRuleRow[]> {
      return db.select().from(t.assetRules).where(eq(t.assetRules.appId, appId))
    },
    async rule(appId: string, type: string): Promise<AssetRuleRow | null> {
      const [row] = await db
        .select()
        .from(t.assetRules)
        .where(and(eq(t.assetRules.appId, appId), eq(t.assetRules.type, type)))
        .limit(1)
      return row ?? null
    },
    async setRule(
      input: Pick<AssetRuleRow, 'appId' | 'type'> &
        Partial<Pick<AssetRuleRow, 'maxBytes' | 'formats' | 'visibility' | 'uploadRoles' | 'readRoles'>>,
    ): Promise<void> {
      const at = now()
      const row = {
        id: newId(),
        appId: input.appId,
        type: input.type,
        maxBytes: input.maxBytes ?? null,
        formats: input.formats ?? null,
        visibility: input.visibility ?? null,
        uploadRoles: input.uploadRoles ?? null,
        readRoles: input.readRoles ?? null,
        createdAt: at,
        updatedAt: at,
      }
      await ops.upsert(t.assetRules, [row], {
        target: [t.assetRules.appId, t.assetRules.type],
        update: [
          t.assetRules.maxBytes,
          t.assetRules.formats,
          t.assetRules.visibility,
          t.assetRules.uploadRoles,
          t.assetRules.readRoles,
          t.assetRules.updatedAt,
        ],
      })
    },
    async deleteRule(appId: string, type: string): Promise<void> {
      await db.delete(t.assetRules).where(and(eq(t.assetRules.appId, appId), eq(t.assetRules.type, type)))
    },
  }
}
