/**
 * People, apps and access: users, grants, API keys, sign-in (apps, login codes, sessions, signing
 * keys) and the audit log. (Twin: ../sqlite/auth.ts.)
 */
import { index, int, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { created, id, json, ref, time, updated } from './columns.ts'

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
