/**
 * The operational schema for SQLite (libsql on Node, D1 on the edge). Its twin for MySQL
 * is mysql.ts; schema.test.ts keeps the two equivalent. Ids are UUIDv7 strings made in code;
 * times are milliseconds since the epoch; money is integer minor units.
 */
import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

const id = () => text('id', { length: 36 }).primaryKey()
const ref = (name: string) => text(name, { length: 36 })
const time = (name: string) => integer(name, { mode: 'timestamp_ms' })
const created = () => time('created_at').notNull().default(sql`(unixepoch() * 1000)`)
const updated = () => time('updated_at').notNull().default(sql`(unixepoch() * 1000)`)

export const customers = sqliteTable('customers', {
  id: id(),
  name: text('name', { length: 200 }).notNull(),
  landingUrl: text('landing_url', { length: 2048 }),
  status: text('status', { length: 16, enum: ['active', 'archived'] })
    .notNull()
    .default('active'),
  createdAt: created(),
  updatedAt: updated(),
})

export const shops = sqliteTable(
  'shops',
  {
    id: id(),
    customerId: ref('customer_id'),
    name: text('name', { length: 200 }).notNull(),
    origins: text('origins', { mode: 'json' }).$type<string[]>().notNull(),
    publicKey: text('public_key', { length: 64 }).notNull(),
    secretCiphertext: text('secret_ciphertext', { length: 512 }).notNull(),
    secretKeyVersion: integer('secret_key_version').notNull().default(1),
    secretRotatedAt: time('secret_rotated_at'),
    clickParam: text('click_param', { length: 32 }).notNull().default('glam_cid'),
    status: text('status', { length: 16, enum: ['active', 'paused', 'archived'] })
      .notNull()
      .default('active'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('shops_public_key_uq').on(t.publicKey), index('shops_customer_idx').on(t.customerId)],
)

export const influencers = sqliteTable(
  'influencers',
  {
    id: id(),
    handle: text('handle', { length: 64 }).notNull(),
    name: text('name', { length: 200 }).notNull(),
    email: text('email', { length: 320 }),
    channels: text('channels', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('influencers_handle_uq').on(t.handle)],
)

export const campaigns = sqliteTable(
  'campaigns',
  {
    id: id(),
    customerId: ref('customer_id').notNull(),
    name: text('name', { length: 200 }).notNull(),
    status: text('status', { length: 16, enum: ['draft', 'active', 'paused', 'ended', 'archived'] })
      .notNull()
      .default('draft'),
    startsAt: time('starts_at'),
    endsAt: time('ends_at'),
    attributionWindowDays: integer('attribution_window_days').notNull().default(30),
    timezone: text('timezone', { length: 64 }).notNull().default('UTC'),
    utm: text('utm', { mode: 'json' }).$type<Record<string, string>>(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('campaigns_customer_idx').on(t.customerId, t.createdAt)],
)

export const campaignInfluencers = sqliteTable(
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

export const links = sqliteTable(
  'links',
  {
    id: id(),
    /** Case-sensitive (SQLite's default BINARY collation; ascii_bin on MySQL). */
    slug: text('slug', { length: 64 }).notNull(),
    /** The slug in lower case, to find look-alikes that differ only in case. */
    slugFolded: text('slug_folded', { length: 64 }).notNull(),
    destination: text('destination', { length: 2048 }).notNull(),
    customerId: ref('customer_id').notNull(),
    campaignId: ref('campaign_id'),
    influencerId: ref('influencer_id'),
    shopId: ref('shop_id'),
    status: text('status', { length: 16, enum: ['active', 'paused', 'archived'] })
      .notNull()
      .default('active'),
    redirectStatus: integer('redirect_status').notNull().default(302),
    rules: text('rules', { mode: 'json' }).$type<Record<string, unknown>>(),
    startsAt: time('starts_at'),
    expiresAt: time('expires_at'),
    fallbackUrl: text('fallback_url', { length: 2048 }),
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

export const orders = sqliteTable(
  'orders',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    /** The merchant's own order id. */
    orderRef: text('order_ref', { length: 128 }).notNull(),
    status: text('status', { length: 24, enum: ['placed', 'cancelled', 'refunded', 'partially_refunded'] })
      .notNull()
      .default('placed'),
    currency: text('currency', { length: 3 }).notNull(),
    totalMinor: integer('total_minor').notNull(),
    refundedMinor: integer('refunded_minor').notNull().default(0),
    coupon: text('coupon', { length: 64 }),
    clickId: text('click_id', { length: 64 }),
    linkId: ref('link_id'),
    influencerId: ref('influencer_id'),
    campaignId: ref('campaign_id'),
    customerId: ref('customer_id'),
    attributionModel: text('attribution_model', { length: 16, enum: ['last_click', 'coupon', 'none'] })
      .notNull()
      .default('none'),
    source: text('source', { length: 16, enum: ['browser', 'server'] }).notNull(),
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

export const orderLines = sqliteTable(
  'order_lines',
  {
    id: id(),
    orderId: ref('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku', { length: 128 }).notNull(),
    name: text('name', { length: 500 }).notNull(),
    priceMinor: integer('price_minor').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [uniqueIndex('order_lines_order_line_uq').on(t.orderId, t.lineNo)],
)

export const users = sqliteTable(
  'users',
  {
    id: id(),
    /** Stored in lower case. */
    email: text('email', { length: 320 }).notNull(),
    name: text('name', { length: 200 }),
    status: text('status', { length: 16, enum: ['active', 'blocked'] })
      .notNull()
      .default('active'),
    lastLoginAt: time('last_login_at'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
)

export const grants = sqliteTable(
  'grants',
  {
    id: id(),
    userId: ref('user_id').notNull(),
    app: text('app', { length: 64 }).notNull(),
    role: text('role', { length: 32 }).notNull(),
    /** '' for platform-wide grants (NULLs would defeat the unique key). */
    scopeType: text('scope_type', { length: 16, enum: ['', 'customer', 'influencer'] })
      .notNull()
      .default(''),
    scopeId: text('scope_id', { length: 36 }).notNull().default(''),
    createdBy: ref('created_by'),
    createdAt: created(),
  },
  (t) => [
    uniqueIndex('grants_unique_uq').on(t.userId, t.app, t.role, t.scopeType, t.scopeId),
    index('grants_scope_idx').on(t.scopeType, t.scopeId),
  ],
)

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: id(),
    name: text('name', { length: 200 }).notNull(),
    /** SHA-256 (hex) of the whole key; the key itself is shown once and never stored. */
    keyHash: text('key_hash', { length: 64 }).notNull(),
    /** The first characters, to recognise a key in lists. */
    prefix: text('prefix', { length: 16 }).notNull(),
    /** null: platform-wide. */
    customerId: ref('customer_id'),
    scopes: text('scopes', { mode: 'json' }).$type<string[]>().notNull(),
    lastUsedAt: time('last_used_at'),
    revokedAt: time('revoked_at'),
    createdAt: created(),
  },
  (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash), index('api_keys_customer_idx').on(t.customerId)],
)

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: id(),
    at: time('at').notNull(),
    actorType: text('actor_type', { length: 16, enum: ['user', 'api_key', 'system'] }).notNull(),
    actorId: text('actor_id', { length: 64 }),
    action: text('action', { length: 64 }).notNull(),
    targetType: text('target_type', { length: 32 }).notNull(),
    targetId: text('target_id', { length: 64 }),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    requestId: text('request_id', { length: 128 }),
  },
  (t) => [index('audit_target_idx').on(t.targetType, t.targetId), index('audit_at_idx').on(t.at)],
)

export const products = sqliteTable(
  'products',
  {
    id: id(),
    shopId: ref('shop_id').notNull(),
    /** The shop's own product id or SKU: with shopId, the key feed imports upsert on. */
    sku: text('sku', { length: 128 }).notNull(),
    title: text('title', { length: 500 }).notNull(),
    brand: text('brand', { length: 200 }),
    url: text('url', { length: 2048 }).notNull(),
    imageUrl: text('image_url', { length: 2048 }),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency', { length: 3 }).notNull(),
    availability: text('availability', {
      length: 16,
      enum: ['in_stock', 'out_of_stock', 'preorder'],
    }).notNull(),
    status: text('status', { length: 16, enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    attributes: text('attributes', { mode: 'json' }).$type<Record<string, string>>(),
    seenAt: time('seen_at').notNull(),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    uniqueIndex('products_shop_sku_uq').on(t.shopId, t.sku),
    index('products_shop_status_idx').on(t.shopId, t.status),
  ],
)

/** One row per job: who may run it now, until when, and the last schedule tick taken. */
export const jobLeases = sqliteTable('job_leases', {
  job: text('job', { length: 64 }).primaryKey(),
  holder: text('holder', { length: 128 }).notNull().default(''),
  runId: text('run_id', { length: 36 }),
  expiresAt: time('expires_at').notNull(),
  lastTick: time('last_tick'),
  acquiredAt: time('acquired_at'),
})

export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: id(),
    job: text('job', { length: 64 }).notNull(),
    /** The schedule tick this run serves; null for manual runs. */
    scheduledFor: time('scheduled_for'),
    trigger: text('trigger', { length: 16, enum: ['schedule', 'manual', 'edge-cron'] }).notNull(),
    triggeredBy: text('triggered_by', { length: 128 }),
    holder: text('holder', { length: 128 }).notNull(),
    status: text('status', {
      length: 16,
      enum: ['running', 'succeeded', 'failed', 'timed_out', 'abandoned'],
    }).notNull(),
    startedAt: time('started_at').notNull(),
    finishedAt: time('finished_at'),
    summary: text('summary', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error', { length: 2000 }),
  },
  (t) => [
    index('job_runs_job_started_idx').on(t.job, t.startedAt),
    uniqueIndex('job_runs_job_tick_uq').on(t.job, t.scheduledFor),
  ],
)

/** Analytics events that could not reach ClickHouse yet, one row per batch: delivered and deleted later. */
export const eventSpill = sqliteTable(
  'event_spill',
  {
    id: id(),
    eventTable: text('event_table', { length: 64 }).notNull(),
    events: integer('events').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>[]>().notNull(),
    oldestAt: time('oldest_at').notNull(),
    createdAt: created(),
  },
  (t) => [index('event_spill_oldest_idx').on(t.oldestAt)],
)

/** Applications that sign people in through Glam: where `returnTo` may point, who may sign up, which roles exist. */
export const apps = sqliteTable('apps', {
  id: text('id', { length: 64 }).primaryKey(),
  name: text('name', { length: 200 }).notNull(),
  /** Origins (`https://dashboard.glam.example`) that `returnTo` and token exchange may go back to. */
  origins: text('origins', { mode: 'json' }).$type<string[]>().notNull(),
  /** `invite`: only users holding a grant for the app; `open`: anyone, with `defaultRole`; `domain`: e-mails on `signupDomains`. */
  signup: text('signup', { length: 16, enum: ['invite', 'open', 'domain'] })
    .notNull()
    .default('invite'),
  signupDomains: text('signup_domains', { mode: 'json' }).$type<string[]>().notNull(),
  roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
  defaultRole: text('default_role', { length: 32 }),
  createdAt: created(),
  updatedAt: updated(),
})

/** One-time login codes: only a keyed hash is stored; a code dies after its tries, its use or 10 minutes. */
export const loginCodes = sqliteTable(
  'login_codes',
  {
    id: id(),
    /** HMAC of the normalised e-mail: codes are found by it without storing who asked. */
    emailKey: text('email_key', { length: 64 }).notNull(),
    codeHash: text('code_hash', { length: 64 }).notNull(),
    app: text('app', { length: 64 }).notNull(),
    returnTo: text('return_to', { length: 2048 }),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: time('expires_at').notNull(),
    consumedAt: time('consumed_at'),
    createdAt: created(),
  },
  (t) => [
    index('login_codes_email_idx').on(t.emailKey, t.createdAt),
    index('login_codes_expires_idx').on(t.expiresAt),
  ],
)

/** Cookie sessions: the token is random and only its SHA-256 is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash', { length: 64 }).notNull(),
    userId: ref('user_id').notNull(),
    /** The app the person logged in through. */
    app: text('app', { length: 64 }).notNull(),
    userAgent: text('user_agent', { length: 256 }),
    createdAt: created(),
    lastSeenAt: time('last_seen_at').notNull(),
    /** Sliding: moved forward on use, never past `absoluteExpiresAt`. */
    expiresAt: time('expires_at').notNull(),
    absoluteExpiresAt: time('absolute_expires_at').notNull(),
    revokedAt: time('revoked_at'),
  },
  (t) => [
    uniqueIndex('sessions_token_uq').on(t.tokenHash),
    index('sessions_user_idx').on(t.userId, t.createdAt),
  ],
)

/** Token signing keys (ES256); private halves sealed with the master key. Retired keys stay in the JWKS until tokens die. */
export const signingKeys = sqliteTable(
  'signing_keys',
  {
    kid: text('kid', { length: 64 }).primaryKey(),
    alg: text('alg', { length: 16 }).notNull(),
    publicJwk: text('public_jwk', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    privateSealed: text('private_sealed', { length: 1024 }).notNull(),
    createdAt: created(),
    /** No longer used to sign; still published until `expiresAt`. */
    retiredAt: time('retired_at'),
    expiresAt: time('expires_at'),
  },
  (t) => [index('signing_keys_created_idx').on(t.createdAt)],
)

/** Coupons and shortcodes that attribute an order to an influencer when no click id came with it. */
export const coupons = sqliteTable(
  'coupons',
  {
    id: id(),
    /** Upper case: codes compare case-insensitively. */
    code: text('code', { length: 64 }).notNull(),
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

/** Signatures already accepted (server-to-server requests), kept past the replay window to refuse repeats. */
export const replayGuard = sqliteTable(
  'replay_guard',
  {
    key: text('key', { length: 128 }).primaryKey(),
    expiresAt: time('expires_at').notNull(),
  },
  (t) => [index('replay_guard_expires_idx').on(t.expiresAt)],
)

/** Events ClickHouse refused as malformed, kept for inspection (the writer delivers the rest). */
export const eventRejects = sqliteTable(
  'event_rejects',
  {
    id: id(),
    eventTable: text('event_table', { length: 64 }).notNull(),
    eventId: text('event_id', { length: 128 }).notNull(),
    error: text('error', { length: 500 }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: created(),
  },
  (t) => [index('event_rejects_created_idx').on(t.createdAt)],
)
