/**
 * Who Glam works for and with: customers, their shops, influencers, campaigns and who is in them.
 * (Twin: ../sqlite/tenants.ts.)
 */
import { index, int, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { binaryText, created, id, json, ref, time, updated } from './columns.ts'

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
