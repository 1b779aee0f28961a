import { and, desc, eq, lt } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

export type Campaign = RepoContext['database']['t']['campaigns']['$inferSelect']
export type NewCampaign = Pick<Campaign, 'customerId' | 'name'> &
  Partial<
    Pick<Campaign, 'id' | 'status' | 'startsAt' | 'endsAt' | 'attributionWindowDays' | 'timezone' | 'utm'>
  >

export function campaignsRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  return {
    async create(input: NewCampaign): Promise<Campaign> {
      const at = now()
      const row: Campaign = {
        id: input.id ?? newId(),
        customerId: input.customerId,
        name: input.name,
        status: input.status ?? 'draft',
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt ?? null,
        attributionWindowDays: input.attributionWindowDays ?? 30,
        timezone: input.timezone ?? 'UTC',
        utm: input.utm ?? null,
        createdAt: at,
        updatedAt: at,
      }
      await db.insert(t.campaigns).values(row)
      return row
    },
    async get(id: string): Promise<Campaign | null> {
      const [row] = await db.select().from(t.campaigns).where(eq(t.campaigns.id, id)).limit(1)
      return row ?? null
    },
    async list(options: { customerId?: string; limit?: number; cursor?: string } = {}) {
      const size = pageSize(options.limit)
      const rows = await db
        .select()
        .from(t.campaigns)
        .where(
          and(
            options.customerId ? eq(t.campaigns.customerId, options.customerId) : undefined,
            options.cursor ? lt(t.campaigns.id, options.cursor) : undefined,
          ),
        )
        .orderBy(desc(t.campaigns.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
    async update(id: string, patch: Partial<Omit<Campaign, 'id' | 'customerId' | 'createdAt'>>) {
      await db
        .update(t.campaigns)
        .set({ ...patch, updatedAt: now() })
        .where(eq(t.campaigns.id, id))
      return this.get(id)
    },
    /** Adds influencers to a campaign; ones already in it are left as they are. */
    async addInfluencers(campaignId: string, influencerIds: readonly string[]) {
      if (influencerIds.length === 0) return
      const at = now()
      await ops.insertIgnore(
        t.campaignInfluencers,
        influencerIds.map((influencerId) => ({ campaignId, influencerId, createdAt: at })),
      )
    },
    async influencerIds(campaignId: string): Promise<string[]> {
      const rows = await db
        .select({ id: t.campaignInfluencers.influencerId })
        .from(t.campaignInfluencers)
        .where(eq(t.campaignInfluencers.campaignId, campaignId))
      return rows.map((r) => r.id)
    },
    /** Whether the influencer takes part in the campaign. */
    async hasInfluencer(campaignId: string, influencerId: string): Promise<boolean> {
      const rows = await db
        .select({ id: t.campaignInfluencers.influencerId })
        .from(t.campaignInfluencers)
        .where(
          and(
            eq(t.campaignInfluencers.campaignId, campaignId),
            eq(t.campaignInfluencers.influencerId, influencerId),
          ),
        )
        .limit(1)
      return rows.length > 0
    },
    /** Whether the influencer works for the customer: in one of its campaigns, or on one of its links. */
    async influencerWorksFor(influencerId: string, customerId: string): Promise<boolean> {
      const inCampaign = await db
        .select({ id: t.campaigns.id })
        .from(t.campaignInfluencers)
        .innerJoin(t.campaigns, eq(t.campaigns.id, t.campaignInfluencers.campaignId))
        .where(
          and(eq(t.campaignInfluencers.influencerId, influencerId), eq(t.campaigns.customerId, customerId)),
        )
        .limit(1)
      if (inCampaign.length > 0) return true
      const onLink = await db
        .select({ id: t.links.id })
        .from(t.links)
        .where(and(eq(t.links.influencerId, influencerId), eq(t.links.customerId, customerId)))
        .limit(1)
      return onLink.length > 0
    },
  }
}
