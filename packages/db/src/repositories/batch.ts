import { and, asc, inArray } from 'drizzle-orm'
import type { RepoContext } from './context.ts'

type T = RepoContext['database']['t']

/**
 * Lookups of many records in one query each, for dataloaders (GraphQL): whatever number of
 * parents a request resolves, each kind of child costs one SQL statement per batch.
 */
export function batchRepository({ database }: RepoContext) {
  const { db, t } = database
  const byIds =
    <K extends 'customers' | 'campaigns' | 'links' | 'shops' | 'influencers' | 'users'>(table: K) =>
    async (ids: readonly string[]): Promise<T[K]['$inferSelect'][]> => {
      if (ids.length === 0) return []
      const tbl = t[table] as T['customers']
      return (await db
        .select()
        .from(tbl)
        .where(inArray(tbl.id, [...new Set(ids)]))) as never
    }
  return {
    customers: byIds('customers'),
    campaigns: byIds('campaigns'),
    links: byIds('links'),
    shops: byIds('shops'),
    influencers: byIds('influencers'),
    users: byIds('users'),
    /** Every link of these campaigns, oldest first. */
    async linksOfCampaigns(campaignIds: readonly string[]): Promise<T['links']['$inferSelect'][]> {
      if (campaignIds.length === 0) return []
      return db
        .select()
        .from(t.links)
        .where(inArray(t.links.campaignId, [...new Set(campaignIds)]))
        .orderBy(asc(t.links.id))
    },
    /** Which influencers take part in these campaigns. */
    async campaignInfluencers(campaignIds: readonly string[]) {
      if (campaignIds.length === 0) return []
      return db
        .select({
          campaignId: t.campaignInfluencers.campaignId,
          influencerId: t.campaignInfluencers.influencerId,
        })
        .from(t.campaignInfluencers)
        .where(inArray(t.campaignInfluencers.campaignId, [...new Set(campaignIds)]))
        .orderBy(asc(t.campaignInfluencers.createdAt), asc(t.campaignInfluencers.influencerId))
    },
    async grantsOfUsers(userIds: readonly string[], app?: string) {
      if (userIds.length === 0) return []
      return db
        .select()
        .from(t.grants)
        .where(
          and(
            inArray(t.grants.userId, [...new Set(userIds)]),
            app ? inArray(t.grants.app, [app]) : undefined,
          ),
        )
    },
  }
}
