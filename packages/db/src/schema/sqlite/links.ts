/** Tracked links: the slugs clicks arrive on and where they send people. (Twin: ../mysql/links.ts.) */
import { linkChannels } from '@glam/core'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { created, id, ref, time, updated } from './columns.ts'

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
    /** Where the link is placed (@glam/core channels.ts), copied onto each click. */
    channel: text('channel', { length: 16, enum: linkChannels }).notNull().default('influencer'),
    redirectStatus: integer('redirect_status').notNull().default(302),
    rules: text('rules', { mode: 'json' }).$type<Record<string, unknown>>(),
    startsAt: time('starts_at'),
    expiresAt: time('expires_at'),
    fallbackUrl: text('fallback_url', { length: 2048 }),
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
