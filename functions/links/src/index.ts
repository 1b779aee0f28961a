/**
 * @module @glam/links
 * The link management API under `/api/links` (API keys; a customer-scoped key sees and changes
 * its customer's links only): create with a custom or generated slug, bulk-create one link per
 * influencer of a campaign, update (pause, archive, retarget), list with filters and a cursor.
 * Every change forgets the cached link, so the redirect serves the new version.
 */
import { canSee, requireCaller } from '@glam/auth'
import {
  type AppEnv,
  GlamError,
  jsonBody,
  type Principal,
  randomToken,
  validationHook,
  validJson,
} from '@glam/core'
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import { forgetLink } from '@glam/redirect/link-cache'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { qrSizes, qrSvg } from './qr.ts'
import { bulkSchema, createLinkSchema, listQuery, updateLinkSchema } from './schemas.ts'

type C = Context<AppEnv>
const production = (c: C) => c.var.platform.config.env === 'production'

/** The customer the caller acts for: its own when the key is scoped; the requested one otherwise. */
function customerFor(principal: Principal, requested: string | undefined): string | undefined {
  if (principal.customerId && requested && requested !== principal.customerId) {
    throw new GlamError('FORBIDDEN', 'You may only act for your own customer.')
  }
  return principal.customerId ?? requested
}

async function ownLink(c: C, id: string) {
  const link = await repositoriesOf(c.var.platform).links.get(id)
  const principal = c.var.principal!
  // Another customer's link answers exactly like a missing one.
  if (!link || !canSee(principal, link)) {
    throw new GlamError('NOT_FOUND', 'No link with this id.')
  }
  return link
}

const audit = (c: C, action: string, targetId: string, details: Record<string, unknown>) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action,
    targetType: 'link',
    targetId,
    details,
    requestId: c.var.requestId,
  })

export function createLinksApp() {
  return new Hono<AppEnv>()
    .get('/', requireCaller('links:read'), zValidator('query', listQuery, validationHook), async (c) => {
      const q = c.req.valid('query')
      const principal = c.var.principal!
      const customerId = customerFor(principal, q.customer)
      if (principal.influencerId && q.influencer && q.influencer !== principal.influencerId)
        throw new GlamError('FORBIDDEN', 'You may only read your own links.')
      const influencerId = principal.influencerId ?? q.influencer
      const page = await repositoriesOf(c.var.platform).links.list({
        ...(customerId && { customerId }),
        ...(q.campaign && { campaignId: q.campaign }),
        ...(influencerId && { influencerId }),
        ...(q.status && { status: q.status }),
        limit: q.limit,
        ...(q.cursor && { cursor: q.cursor }),
      })
      return c.json(page)
    })
    .get('/:id', requireCaller('links:read'), async (c) => {
      const link = await ownLink(c, c.req.param('id'))
      const shortUrl = `${c.var.platform.config.publicUrl}/${link.slug}`
      const base = `/api/links/${link.id}/qr`
      return c.json({
        ...link,
        shortUrl,
        qr: { svg: `${base}.svg`, png: qrSizes.map((size) => `${base}.png?size=${size}`) },
      })
    })
    .get('/:id/qr.svg', requireCaller('links:read'), async (c) => {
      const link = await ownLink(c, c.req.param('id'))
      const svg = qrSvg(`${c.var.platform.config.publicUrl}/${link.slug}`)
      return c.body(svg, 200, {
        'Content-Type': 'image/svg+xml; charset=utf-8',
        'Cache-Control': 'private, max-age=3600',
      })
    })
    .post('/', requireCaller('links:write'), jsonBody(), async (c) => {
      const input = await validJson(c, createLinkSchema(production(c)))
      const repos = repositoriesOf(c.var.platform)
      let customerId = customerFor(c.var.principal!, input.customerId)
      if (input.campaignId) {
        const campaign = await repos.campaigns.get(input.campaignId)
        if (!campaign || (customerId && campaign.customerId !== customerId))
          throw new GlamError('NOT_FOUND', 'No such campaign.')
        customerId ??= campaign.customerId
      }
      if (!customerId)
        throw new GlamError('VALIDATION_FAILED', undefined, {
          details: [{ path: 'customerId', code: 'required', message: 'name the customer (or a campaign)' }],
        })
      const slug = input.slug ?? randomToken(7)
      try {
        const link = await repos.links.create({ ...input, slug, customerId })
        await forgetLink(c.var.platform, slug)
        await audit(c, 'link.created', link.id, { slug })
        const lookAlikes = await repos.links.lookAlikes(slug)
        const warnings =
          lookAlikes.length > 0
            ? [
                {
                  code: 'SLUG_LOOKALIKE',
                  message: `Differs only in case from: ${lookAlikes.join(', ')}`,
                  slugs: lookAlikes,
                },
              ]
            : []
        return c.json({ link, warnings }, 201)
      } catch (err) {
        if (isUniqueViolation(err))
          throw new GlamError('CONFLICT', `The slug ${slug} is taken.`, { details: { slug } })
        throw err
      }
    })
    .post('/bulk', requireCaller('links:write'), jsonBody(), async (c) => {
      const input = await validJson(c, bulkSchema(production(c)))
      const repos = repositoriesOf(c.var.platform)
      const customerId = customerFor(c.var.principal!, undefined)
      const campaign = await repos.campaigns.get(input.campaignId)
      if (!campaign || (customerId && campaign.customerId !== customerId))
        throw new GlamError('NOT_FOUND', 'No such campaign.')
      const influencers = await repos.influencers.byIds(await repos.campaigns.influencerIds(campaign.id))
      if (influencers.length === 0) throw new GlamError('CONFLICT', 'This campaign has no influencers yet.')
      try {
        const links = await repos.links.createMany(
          influencers.map((influencer) => ({
            slug: input.slugPrefix
              ? `${input.slugPrefix}-${influencer.handle.replace(/[^A-Za-z0-9_-]/g, '')}`
              : randomToken(7),
            destination: input.destination,
            customerId: campaign.customerId,
            campaignId: campaign.id,
            influencerId: influencer.id,
            ...(input.shopId && { shopId: input.shopId }),
          })),
        )
        for (const link of links) await forgetLink(c.var.platform, link.slug)
        await audit(c, 'link.bulk_created', campaign.id, { links: links.length })
        return c.json({ items: links }, 201)
      } catch (err) {
        if (isUniqueViolation(err))
          throw new GlamError('CONFLICT', 'One of the slugs is taken; nothing was created.')
        throw err
      }
    })
    .patch('/:id', requireCaller('links:write'), jsonBody(), async (c) => {
      const link = await ownLink(c, c.req.param('id'))
      const patch = await validJson(c, updateLinkSchema(production(c)))
      const updated = await repositoriesOf(c.var.platform).links.update(link.id, patch)
      await forgetLink(c.var.platform, link.slug)
      await audit(c, 'link.updated', link.id, { fields: Object.keys(patch) })
      return c.json(updated)
    })
}
