/**
 * Story insights read from screenshots (functions/ocr): one row per reading, with the asset it
 * was read from, who sent it, and the influencer, campaign and link it is about when given.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { created, id, ref } from './columns.ts'

export interface StoredMetric {
  value: number
  approximate: boolean
  text: string
  confidence: number
}

export const storyInsights = sqliteTable(
  'story_insights',
  {
    id: id(),
    assetId: ref('asset_id').notNull(),
    influencerId: ref('influencer_id'),
    campaignId: ref('campaign_id'),
    linkId: ref('link_id'),
    /** The caller: a principal kind (`user`, `api-key`) and id. */
    createdByType: text('created_by_type', { length: 16 }).notNull(),
    createdBy: ref('created_by').notNull(),
    locale: text('locale', { length: 2, enum: ['en', 'de'] }).notNull(),
    /** `YYYY-MM-DDTHH:mm` as the screenshot shows it (local time), or null. */
    shownAt: text('shown_at', { length: 16 }),
    metrics: text('metrics', { mode: 'json' }).$type<Record<string, StoredMetric>>().notNull(),
    rawText: text('raw_text').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: created(),
  },
  (t) => [
    index('story_insights_influencer_idx').on(t.influencerId, t.id),
    index('story_insights_campaign_idx').on(t.campaignId),
    index('story_insights_asset_idx').on(t.assetId),
  ],
)
