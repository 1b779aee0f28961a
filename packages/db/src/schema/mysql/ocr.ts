/** Story insights read from screenshots (twin: ../sqlite/ocr.ts). */
import { index, int, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core'
import type { StoredMetric } from '../sqlite/ocr.ts'
import { created, id, json, ref } from './columns.ts'

export const storyInsights = mysqlTable(
  'story_insights',
  {
    id: id(),
    assetId: ref('asset_id').notNull(),
    influencerId: ref('influencer_id'),
    campaignId: ref('campaign_id'),
    linkId: ref('link_id'),
    createdByType: varchar('created_by_type', { length: 16 }).notNull(),
    createdBy: ref('created_by').notNull(),
    locale: varchar('locale', { length: 2, enum: ['en', 'de'] }).notNull(),
    shownAt: varchar('shown_at', { length: 16 }),
    metrics: json<Record<string, StoredMetric>>('metrics').notNull(),
    rawText: text('raw_text').notNull(),
    durationMs: int('duration_ms').notNull(),
    createdAt: created(),
  },
  (t) => [
    index('story_insights_influencer_idx').on(t.influencerId, t.id),
    index('story_insights_campaign_idx').on(t.campaignId),
    index('story_insights_asset_idx').on(t.assetId),
  ],
)
