/**
 * Uploaded assets: one record per upload, pointing at a blob stored once by its SHA-256; the
 * blobs' own rows (state and last touch, for safe garbage collection); per-app overrides of the
 * asset types' rules. (Twin: ../sqlite/assets.ts.)
 */
import { bigint, index, int, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { asciiBin, created, id, json, ref, time, updated } from './columns.ts'

export const assets = mysqlTable(
  'assets',
  {
    id: id(),
    sha256: asciiBin('sha256', 64).notNull(),
    type: varchar('type', { length: 32 }).notNull(),
    appId: varchar('app_id', { length: 64 }).notNull(),
    name: varchar('name', { length: 255 }).notNull(),
    format: varchar('format', { length: 16 }).notNull(),
    contentType: varchar('content_type', { length: 100 }).notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    width: int('width'),
    height: int('height'),
    pages: int('pages'),
    placeholder: varchar('placeholder', { length: 64 }),
    visibility: varchar('visibility', { length: 16, enum: ['public', 'private'] }).notNull(),
    createdByType: varchar('created_by_type', { length: 16 }).notNull(),
    createdBy: ref('created_by').notNull(),
    customerId: ref('customer_id'),
    influencerId: ref('influencer_id'),
    createdAt: created(),
  },
  (t) => [
    index('assets_sha256_idx').on(t.sha256),
    index('assets_type_idx').on(t.type, t.id),
    index('assets_app_idx').on(t.appId, t.id),
    index('assets_owner_idx').on(t.createdBy, t.id),
    index('assets_customer_idx').on(t.customerId, t.id),
    index('assets_influencer_idx').on(t.influencerId, t.id),
  ],
)

export const assetBlobs = mysqlTable(
  'asset_blobs',
  {
    sha256: asciiBin('sha256', 64).primaryKey(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** `live` while it may be referenced; `deleting` once garbage collection claimed it. */
    state: varchar('state', { length: 16, enum: ['live', 'deleting'] })
      .notNull()
      .default('live'),
    /** The last upload of these bytes: collection waits a grace period after it. */
    touchedAt: time('touched_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('asset_blobs_state_idx').on(t.state, t.touchedAt)],
)

export const assetRules = mysqlTable(
  'asset_rules',
  {
    id: id(),
    appId: varchar('app_id', { length: 64 }).notNull(),
    type: varchar('type', { length: 32 }).notNull(),
    maxBytes: bigint('max_bytes', { mode: 'number' }),
    formats: json<string[]>('formats'),
    visibility: varchar('visibility', { length: 16, enum: ['public', 'private'] }),
    uploadRoles: json<string[]>('upload_roles'),
    readRoles: json<string[]>('read_roles'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('asset_rules_app_type_uq').on(t.appId, t.type)],
)
