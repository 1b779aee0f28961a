/** Tracked links: the slugs clicks arrive on and where they send people. (Twin: ../sqlite/links.ts.) */
import { linkChannels } from '@glam/core'
import { index, int, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { asciiBin, created, id, json, ref, time, updated } from './columns.ts'

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
    /** Where the link is placed (@glam/core channels.ts), copied onto each click. */
    channel: varchar('channel', { length: 16, enum: linkChannels }).notNull().default('influencer'),
    redirectStatus: int('redirect_status').notNull().default(302),
    rules: json<Record<string, unknown>>('rules'),
    startsAt: time('starts_at'),
    expiresAt: time('expires_at'),
    fallbackUrl: varchar('fallback_url', { length: 2048 }),
    /** A product of the link's shop: out of stock or inactive, the redirect takes the fallback. */
    productId: ref('product_id'),
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
    index('links_product_idx').on(t.productId),
  ],
)
