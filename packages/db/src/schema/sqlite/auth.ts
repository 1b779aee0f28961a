/**
 * People, apps and access: users, grants, API keys, sign-in (apps, login codes, sessions, signing
 * keys) and the audit log. (Twin: ../mysql/auth.ts.)
 */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { created, id, ref, time, updated } from './columns.ts'

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
