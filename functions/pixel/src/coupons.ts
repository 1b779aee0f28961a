/**
 * `/api/coupons`: coupons and shortcodes that attribute orders to an influencer of a campaign
 * when the order comes without a click (the pixel's or the server's `coupon` field). Codes are
 * unique per customer and compare case-insensitively.
 */
import { canSee, requireCaller } from '@glam/auth'
import { type AppEnv, GlamError, jsonBody, validJson } from '@glam/core'
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import { visibility } from '@glam/db/repositories/visibility'
import { type Context, Hono } from 'hono'
import { z } from 'zod'

export const createCouponSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,64}$/, 'letters, digits, - and _ (2 to 64)'),
  campaignId: z.uuid(),
  influencerId: z.uuid(),
  linkId: z.uuid().optional(),
})

const audit = (c: Context<AppEnv>, couponId: string, details: Record<string, unknown>) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action: 'coupon.created',
    targetType: 'coupon',
    targetId: couponId,
    details,
    requestId: c.var.requestId,
  })

export function createCouponsApp() {
  return new Hono<AppEnv>()
    .get('/', requireCaller('links:read'), async (c) => {
      const campaignId = c.req.query('campaign') ?? ''
      if (!z.uuid().safeParse(campaignId).success)
        throw new GlamError('VALIDATION_FAILED', 'Name the campaign as `campaign=<id>`.', {
          details: [{ path: 'campaign', code: 'invalid_format', message: 'a campaign id' }],
        })
      const repos = repositoriesOf(c.var.platform)
      // Another customer's campaign answers exactly like a missing one; an influencer sees the
      // campaigns they take part in, and only their own coupons of it.
      const campaign = await visibility(repos, c.var.principal!).campaign(campaignId)
      if (!campaign) throw new GlamError('NOT_FOUND', 'No such campaign.')
      const items = (await repos.coupons.byCampaign(campaign.id)).filter((coupon) =>
        canSee(c.var.principal!, coupon),
      )
      return c.json({ items })
    })
    .post('/', requireCaller('links:write'), jsonBody(), async (c) => {
      const input = await validJson(c, createCouponSchema)
      const repos = repositoriesOf(c.var.platform)
      const campaign = await visibility(repos, c.var.principal!).campaign(input.campaignId)
      if (!campaign) throw new GlamError('NOT_FOUND', 'No such campaign.')
      if (!(await repos.campaigns.influencerIds(campaign.id)).includes(input.influencerId))
        throw new GlamError('VALIDATION_FAILED', 'The influencer is not part of this campaign.', {
          details: [
            {
              path: 'influencerId',
              code: 'invalid_value',
              message: 'assign the influencer to the campaign first',
            },
          ],
        })
      if (input.linkId) {
        const link = await repos.links.get(input.linkId)
        if (!link || link.campaignId !== campaign.id || link.influencerId !== input.influencerId)
          throw new GlamError(
            'VALIDATION_FAILED',
            'The link is not this influencer\u2019s link in this campaign.',
            {
              details: [
                {
                  path: 'linkId',
                  code: 'invalid_value',
                  message: 'a link of this influencer in this campaign',
                },
              ],
            },
          )
      }
      try {
        const coupon = await repos.coupons.create({
          code: input.code,
          customerId: campaign.customerId,
          campaignId: campaign.id,
          influencerId: input.influencerId,
          linkId: input.linkId ?? null,
        })
        await audit(c, coupon.id, { code: coupon.code, campaignId: campaign.id })
        return c.json(coupon, 201)
      } catch (err) {
        if (isUniqueViolation(err))
          throw new GlamError('CONFLICT', `The code ${input.code.toUpperCase()} is taken for this customer.`)
        throw err
      }
    })
}
