/**
 * Who Glam works for and with: customers, their shops, influencers, campaigns and who is in them.
 * (Twin: ../mysql/tenants.ts.)
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { created, id, ref, time, updated } from './columns.ts'

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
