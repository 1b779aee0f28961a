/**
 * The operational schema for MySQL/MariaDB: the twin of sqlite.ts (schema.test.ts keeps
 * them equivalent). utf8mb4 everywhere; slugs compare case-sensitively (ascii_bin).
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  customType,
  datetime,
  index,
  int,
  mysqlTable,
  primaryKey,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core'

/** JSON that reads back on MariaDB too (there JSON is LONGTEXT, and the driver returns a string). */
const json = <T>(name: string) =>
  customType<{ data: T; driverData: string }>({
    dataType: () => 'json',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
  })(name)

/** Case-sensitive ASCII text: slugs `Summer` and `summer` are different links. */
const asciiBin = (name: string, length: number) =>
  customType<{ data: string; driverData: string }>({
    dataType: () => `varchar(${length}) CHARACTER SET ascii COLLATE ascii_bin`,
  })(name)

/** Case-sensitive text (unique keys that outside systems define: order ids, public keys). */
const binaryText = (name: string, length: number) =>
  customType<{ data: string; driverData: string }>({
    dataType: () => `varchar(${length}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
  })(name)

const id = () => varchar('id', { length: 36 }).primaryKey()
const ref = (name: string) => varchar(name, { length: 36 })
const time = (name: string) => datetime(name, { mode: 'date', fsp: 3 })
const created = () => time('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`)
const updated = () => time('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`)
const money = (name: string) => bigint(name, { mode: 'number' })

export const customers = mysqlTable('customers', {
  id: id(),
  name: varchar('name', { length: 200 }).notNull(),
  landingUrl: varchar('landing_url', { length: 2048 }),
  status: varchar('status', { length: 16, enum: ['active', 'archived'] })
    .notNull()
    .default('active'),
  createdAt: created(),
  updatedAt: updated(),
})

export const shops = mysqlTable(
  'shops',
  {
    id: id(),
    customerId: ref('customer_id'),
    name: varchar('name', { length: 200 }).notNull(),
    origins: json<string[]>('origins').notNull(),
    publicKey: binaryText('public_key', 64).notNull(),
    secretCiphertext: varchar('secret_ciphertext', { length: 512 }).notNull(),
    secretKeyVersion: int('secret_key_version').notNull().default(1),
    secretRotatedAt: time('secret_rotated_at'),
    clickParam: varchar('click_param', { length: 32 }).notNull().default('glam_cid'),
    status: varchar('status', { length: 16, enum: ['active', 'paused', 'archived'] })
      .notNull()
      .default('active'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('shops_public_key_uq').on(t.publicKey), index('shops_customer_idx').on(t.customerId)],
)

export const influencers = mysqlTable(
  'influencers',
  {
    id: id(),
    handle: varchar('handle', { length: 64 }).notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    email: varchar('email', { length: 320 }),
    channels: json<Record<string, string>>('channels').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('influencers_handle_uq').on(t.handle)],
)

export const campaigns = mysqlTable(
  'campaigns',
  {
    id: id(),
    customerId: ref('customer_id').notNull(),
    name: varchar('name', { length: 200 }).notNull(),
    status: varchar('status', { length: 16, enum: ['draft', 'active', 'paused', 'ended', 'archived'] })
      .notNull()
      .default('draft'),
    startsAt: time('starts_at'),
    endsAt: time('ends_at'),
    attributionWindowDays: int('attribution_window_days').notNull().default(30),
    timezone: varchar('timezone', { length: 64 }).notNull().default('UTC'),
    utm: json<Record<string, string>>('utm'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('campaigns_customer_idx').on(t.customerId, t.createdAt)],
)

export const campaignInfluencers = mysqlTable(
  'campaign_influencers',
  {
    campaignId: ref('campaign_id').notNull(),
    influencerId: ref('influencer_id').notNull(),
    createdAt: created(),
  },
  (t) => [
    primaryKey({ name: 'campaign_influencers_pk', columns: [t.campaignId, t.influencerId] }),
    index('campaign_influencers_influencer_idx').on(t.influencerId),
  ],
)

export const links = mysqlTable(
  'links',
  {
    id: id(),
    slug: asciiBin('slug', 64).notNull(),
    slugFolded: varchar('slug_folded', { length: 64 }).notNull(),
    destination: varchar('destination', { length: 2048 }).notNull(),
    customerId: ref('customer_id').notNull(),
    campaignId: ref('campaign_id'),
    influencerId: ref('influencer_id'),
    shopId: ref('shop_id'),
    status: varchar('status', { length: 16, enum: ['active', 'paused', 'archived'] })
      .notNull()
      .default('active'),
    redirectStatus: int('redirect_status').notNull().default(302),
    rules: json<Record<string, unknown>>('rules'),
    startsAt: time('starts_at'),
    expiresAt: time('expires_at'),
    fallbackUrl: varchar('fallback_url', { length: 2048 }),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('links_slug_uq').on(t.slug),
    index('links_slug_folded_idx').on(t.slugFolded),
    index('links_customer_idx').on(t.customerId, t.createdAt),
    index('links_campaign_idx').on(t.campaignId),
    index('links_influencer_idx').on(t.influencerId),
    index('links_updated_idx').on(t.updatedAt),
  ],
)

export const orders = mysqlTable(
  'orders',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    /** The shop's own id: `AB-1` and `ab-1` are different orders (utf8mb4_bin, as SQLite compares). */
    orderRef: binaryText('order_ref', 128).notNull(),
    status: varchar('status', { length: 24, enum: ['placed', 'cancelled', 'refunded', 'partially_refunded'] })
      .notNull()
      .default('placed'),
    currency: varchar('currency', { length: 3 }).notNull(),
    totalMinor: money('total_minor').notNull(),
    refundedMinor: money('refunded_minor').notNull().default(0),
    coupon: varchar('coupon', { length: 64 }),
    clickId: varchar('click_id', { length: 64 }),
    linkId: ref('link_id'),
    influencerId: ref('influencer_id'),
    campaignId: ref('campaign_id'),
    customerId: ref('customer_id'),
    attributionModel: varchar('attribution_model', { length: 16, enum: ['last_click', 'coupon', 'none'] })
      .notNull()
      .default('none'),
    source: varchar('source', { length: 16, enum: ['browser', 'server'] }).notNull(),
    placedAt: time('placed_at').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('orders_shop_ref_uq').on(t.shopId, t.orderRef),
    index('orders_campaign_idx').on(t.campaignId, t.placedAt),
    // Keyset pages of a campaign's orders in id order (the streamed export).
    index('orders_campaign_id_idx').on(t.campaignId, t.id),
    index('orders_customer_idx').on(t.customerId, t.placedAt),
  ],
)

export const orderLines = mysqlTable(
  'order_lines',
  {
    id: id(),
    orderId: ref('order_id').notNull(),
    lineNo: int('line_no').notNull(),
    sku: varchar('sku', { length: 128 }).notNull(),
    name: varchar('name', { length: 500 }).notNull(),
    priceMinor: money('price_minor').notNull(),
    quantity: int('quantity').notNull(),
  },
  (t) => [uniqueIndex('order_lines_order_line_uq').on(t.orderId, t.lineNo)],
)

export const users = mysqlTable(
  'users',
  {
    id: id(),
    email: varchar('email', { length: 320 }).notNull(),
    name: varchar('name', { length: 200 }),
    status: varchar('status', { length: 16, enum: ['active', 'blocked'] })
      .notNull()
      .default('active'),
    lastLoginAt: time('last_login_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
)

export const grants = mysqlTable(
  'grants',
  {
    id: id(),
    userId: ref('user_id').notNull(),
    app: varchar('app', { length: 64 }).notNull(),
    role: varchar('role', { length: 32 }).notNull(),
    scopeType: varchar('scope_type', { length: 16, enum: ['', 'customer', 'influencer'] })
      .notNull()
      .default(''),
    scopeId: varchar('scope_id', { length: 36 }).notNull().default(''),
    createdBy: ref('created_by'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('grants_unique_uq').on(t.userId, t.app, t.role, t.scopeType, t.scopeId),
    index('grants_scope_idx').on(t.scopeType, t.scopeId),
  ],
)

export const apiKeys = mysqlTable(
  'api_keys',
  {
    id: id(),
    name: varchar('name', { length: 200 }).notNull(),
    keyHash: varchar('key_hash', { length: 64 }).notNull(),
    prefix: varchar('prefix', { length: 16 }).notNull(),
    customerId: ref('customer_id'),
    scopes: json<string[]>('scopes').notNull(),
    lastUsedAt: time('last_used_at'),
    revokedAt: time('revoked_at'),
    createdAt: created(),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash), index('api_keys_customer_idx').on(t.customerId)],
)

export const auditLog = mysqlTable(
  'audit_log',
  {
    id: id(),
    at: time('at').notNull(),
    actorType: varchar('actor_type', { length: 16, enum: ['user', 'api_key', 'system'] }).notNull(),
    actorId: varchar('actor_id', { length: 64 }),
    action: varchar('action', { length: 64 }).notNull(),
    targetType: varchar('target_type', { length: 32 }).notNull(),
    targetId: varchar('target_id', { length: 64 }),
    details: json<Record<string, unknown>>('details'),
    requestId: varchar('request_id', { length: 128 }),
  },
  (t) => [index('audit_target_idx').on(t.targetType, t.targetId), index('audit_at_idx').on(t.at)],
)

export const products = mysqlTable(
  'products',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    sku: varchar('sku', { length: 128 }).notNull(),
    title: varchar('title', { length: 500 }).notNull(),
    brand: varchar('brand', { length: 200 }),
    url: varchar('url', { length: 2048 }).notNull(),
    imageUrl: varchar('image_url', { length: 2048 }),
    priceMinor: money('price_minor').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    availability: varchar('availability', {
      length: 16,
      enum: ['in_stock', 'out_of_stock', 'preorder'],
    }).notNull(),
    status: varchar('status', { length: 16, enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    attributes: json<Record<string, string>>('attributes'),
    seenAt: time('seen_at').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('products_shop_sku_uq').on(t.shopId, t.sku),
    index('products_shop_status_idx').on(t.shopId, t.status),
  ],
)

export const jobLeases = mysqlTable('job_leases', {
  job: varchar('job', { length: 64 }).primaryKey(),
  holder: varchar('holder', { length: 128 }).notNull().default(''),
  runId: varchar('run_id', { length: 36 }),
  expiresAt: time('expires_at').notNull(),
  lastTick: time('last_tick'),
  acquiredAt: time('acquired_at'),
})

export const jobRuns = mysqlTable(
  'job_runs',
  {
    id: id(),
    job: varchar('job', { length: 64 }).notNull(),
    scheduledFor: time('scheduled_for'),
    trigger: varchar('trigger', { length: 16, enum: ['schedule', 'manual', 'edge-cron'] }).notNull(),
    triggeredBy: varchar('triggered_by', { length: 128 }),
    holder: varchar('holder', { length: 128 }).notNull(),
    status: varchar('status', {
      length: 16,
      enum: ['running', 'succeeded', 'failed', 'timed_out', 'abandoned'],
    }).notNull(),
    startedAt: time('started_at').notNull(),
    finishedAt: time('finished_at'),
    summary: json<Record<string, unknown>>('summary'),
    error: varchar('error', { length: 2000 }),
  },
  (t) => [
    index('job_runs_job_started_idx').on(t.job, t.startedAt),
    uniqueIndex('job_runs_job_tick_uq').on(t.job, t.scheduledFor),
  ],
)

export const eventSpill = mysqlTable(
  'event_spill',
  {
    id: id(),
    eventTable: varchar('event_table', { length: 64 }).notNull(),
    events: int('events').notNull(),
    payload: json<Record<string, unknown>[]>('payload').notNull(),
    oldestAt: time('oldest_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('event_spill_oldest_idx').on(t.oldestAt)],
)

export const apps = mysqlTable('apps', {
  id: varchar('id', { length: 64 }).primaryKey(),
  name: varchar('name', { length: 200 }).notNull(),
  origins: json<string[]>('origins').notNull(),
  signup: varchar('signup', { length: 16, enum: ['invite', 'open', 'domain'] })
    .notNull()
    .default('invite'),
  signupDomains: json<string[]>('signup_domains').notNull(),
  roles: json<string[]>('roles').notNull(),
  defaultRole: varchar('default_role', { length: 32 }),
  createdAt: created(),
  updatedAt: updated(),
})

export const loginCodes = mysqlTable(
  'login_codes',
  {
    id: id(),
    emailKey: varchar('email_key', { length: 64 }).notNull(),
    codeHash: varchar('code_hash', { length: 64 }).notNull(),
    app: varchar('app', { length: 64 }).notNull(),
    returnTo: varchar('return_to', { length: 2048 }),
    attempts: int('attempts').notNull().default(0),
    expiresAt: time('expires_at').notNull(),
    consumedAt: time('consumed_at'),
    createdAt: created(),
  },
  (t) => [
    index('login_codes_email_idx').on(t.emailKey, t.createdAt),
    index('login_codes_expires_idx').on(t.expiresAt),
  ],
)

export const sessions = mysqlTable(
  'sessions',
  {
    id: id(),
    tokenHash: varchar('token_hash', { length: 64 }).notNull(),
    userId: ref('user_id').notNull(),
    app: varchar('app', { length: 64 }).notNull(),
    userAgent: varchar('user_agent', { length: 256 }),
    createdAt: created(),
    lastSeenAt: time('last_seen_at').notNull(),
    expiresAt: time('expires_at').notNull(),
    absoluteExpiresAt: time('absolute_expires_at').notNull(),
    revokedAt: time('revoked_at'),
  },
  (t) => [
    uniqueIndex('sessions_token_uq').on(t.tokenHash),
    index('sessions_user_idx').on(t.userId, t.createdAt),
  ],
)

export const signingKeys = mysqlTable(
  'signing_keys',
  {
    kid: varchar('kid', { length: 64 }).primaryKey(),
    alg: varchar('alg', { length: 16 }).notNull(),
    publicJwk: json<Record<string, string>>('public_jwk').notNull(),
    privateSealed: varchar('private_sealed', { length: 1024 }).notNull(),
    createdAt: created(),
    retiredAt: time('retired_at'),
    expiresAt: time('expires_at'),
  },
  (t) => [index('signing_keys_created_idx').on(t.createdAt)],
)

export const coupons = mysqlTable(
  'coupons',
  {
    id: id(),
    code: varchar('code', { length: 64 }).notNull(),
    customerId: ref('customer_id').notNull(),
    campaignId: ref('campaign_id').notNull(),
    influencerId: ref('influencer_id').notNull(),
    linkId: ref('link_id'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('coupons_customer_code_uq').on(t.customerId, t.code),
    index('coupons_campaign_idx').on(t.campaignId),
  ],
)

export const replayGuard = mysqlTable(
  'replay_guard',
  {
    key: varchar('key', { length: 128 }).primaryKey(),
    expiresAt: time('expires_at').notNull(),
  },
  (t) => [index('replay_guard_expires_idx').on(t.expiresAt)],
)

export const eventRejects = mysqlTable(
  'event_rejects',
  {
    id: id(),
    eventTable: varchar('event_table', { length: 64 }).notNull(),
    eventId: varchar('event_id', { length: 128 }).notNull(),
    error: varchar('error', { length: 500 }).notNull(),
    payload: json<Record<string, unknown>>('payload').notNull(),
    createdAt: created(),
  },
  (t) => [index('event_rejects_created_idx').on(t.createdAt)],
)
