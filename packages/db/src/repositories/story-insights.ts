/**
 * Story insights read from screenshots: each reading with its asset, its caller, and the
 * influencer, campaign and link it is about when given; listed per influencer, newest first.
 *
 * ```ts
 * const row = await repos.storyInsights.insert({ assetId, createdByType: 'user', createdBy, locale: 'en', … })
 * const page = await repos.storyInsights.list({ influencerId, limit: 20 })
 * ```
 */
import { and, desc, eq, lt } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

export type StoryInsight = RepoContext['database']['t']['storyInsights']['$inferSelect']
export type NewStoryInsight = Omit<StoryInsight, 'id' | 'createdAt'>

export function storyInsightsRepository({ database, now }: RepoContext) {
  const { db, t } = database
  return {
    async insert(input: NewStoryInsight): Promise<StoryInsight> {
      const row: StoryInsight = { ...input, id: newId(), createdAt: now() }
      await db.insert(t.storyInsights).values(row)
      return row
    },
    async get(id: string): Promise<StoryInsight | null> {
      const [row] = await db.select().from(t.storyInsights).where(eq(t.storyInsights.id, id)).limit(1)
      return row ?? null
    },
    /** Readings newest first: an influencer's, a campaign's, or (neither given) all. */
    async list(
      options: { influencerId?: string; campaignId?: string; limit?: number; cursor?: string } = {},
    ) {
      const size = pageSize(options.limit)
      const rows = await db
        .select()
        .from(t.storyInsights)
        .where(
          and(
            options.influencerId ? eq(t.storyInsights.influencerId, options.influencerId) : undefined,
            options.campaignId ? eq(t.storyInsights.campaignId, options.campaignId) : undefined,
            options.cursor ? lt(t.storyInsights.id, options.cursor) : undefined,
          ),
        )
        .orderBy(desc(t.storyInsights.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
  }
}
