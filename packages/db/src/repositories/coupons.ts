import { and, asc, eq } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { RepoContext } from './context.ts'

export type Coupon = RepoContext['database']['t']['coupons']['$inferSelect']

/** Coupons and shortcodes mapped to an influencer in a campaign; codes compare case-insensitively. */
export function couponsRepository({ database, now }: RepoContext) {
  const { db, t } = database
  return {
    async create(
      input: Omit<Coupon, 'id' | 'createdAt' | 'linkId'> & { id?: string; linkId?: string | null },
    ) {
      const coupon: Coupon = {
        ...input,
        id: input.id ?? newId(),
        code: input.code.trim().toUpperCase(),
        linkId: input.linkId ?? null,
        createdAt: now(),
      }
      await db.insert(t.coupons).values(coupon)
      return coupon
    },
    async byCode(customerId: string, code: string): Promise<Coupon | null> {
      const [row] = await db
        .select()
        .from(t.coupons)
        .where(and(eq(t.coupons.customerId, customerId), eq(t.coupons.code, code.trim().toUpperCase())))
        .limit(1)
      return row ?? null
    },
    async byCampaign(campaignId: string): Promise<Coupon[]> {
      return db
        .select()
        .from(t.coupons)
        .where(eq(t.coupons.campaignId, campaignId))
        .orderBy(asc(t.coupons.code))
    },
  }
}
