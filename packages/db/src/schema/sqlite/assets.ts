/**
 * Uploaded assets: one record per upload, pointing at a blob stored once by its SHA-256; the
 * blobs' own rows (state and last touch, for safe garbage collection); per-app overrides of the
 * asset types' rules. (Twin: ../mysql/assets.ts.)
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { created, id, ref, time, updated } from './columns.ts'

export const assets = sqliteTable(
  'assets',
  {
    id: id(),
    sha256: text('sha256', { length: 64 }).notNull(),
    type: text('type', { length: 32 }).notNull(),
    appId: text('app_id', { length: 64 }).notNull(),
    name: text('name', { length: 255 }).notNull(),
    format: text('format', { length: 16 }).notNull(),
    contentType: text('content_type', { length: 100 }).notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    pages: integer('pages'),
    placeholder: text('placeholder', { length: 64 }),
    visibility: text('visibility', { length: 16, enum: ['public', 'private'] }).notNull(),
    createdByType: text('created_by_type', { length: 16 }).notNull(),
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

export const assetBlobs = sqliteTable(
  'asset_blobs',
  {
    sha256: text('sha256', { length: 64 }).primaryKey(),
    size: integer('size').notNull(),
    /** `live` while it may be referenced; `deleting` once garbage collection claimed it. */
    state: text('state', { length: 16, enum: ['live', 'deleting'] })
      .notNull()
      .default('live'),
    /** The last upload of these bytes: collection waits a grace period after it. */
    touchedAt: time('touched_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('asset_blobs_state_idx').on(t.state, t.touchedAt)],
)

export const assetRules = sqliteTable(
  'asset_rules',
  {
    id: id(),
    appId: text('app_id', { length: 64 }).notNull(),
    type: text('type', { length: 32 }).notNull(),
    maxBytes: integer('max_bytes'),
    formats: text('formats', { mode: 'json' }).$type<string[]>(),
    visibility: text('visibility', { length: 16, enum: ['public', 'private'] }),
    uploadRoles: text('upload_roles', { mode: 'json' }).$type<string[]>(),
    readRoles: text('read_roles', { mode: 'json' }).$type<string[]>(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('asset_rules_app_type_uq').on(t.appId, t.type)],
)
