/**
 * @module @glam/links
 * The link management API under `/api/links` (API keys; a customer-scoped key sees and changes
 * its customer's links only): create with a custom or generated slug, bulk-create one link per
 * influencer of a campaign, update (pause, archive, retarget), list with filters and a cursor.
 * Every change forgets the cached link, so the redirect serves the new version.
 *
 * A link may name a product of its shop (`productId`): while the product is inactive or out of
 * stock the redirect takes the link's fallback (see @glam/redirect decide.ts).
 */
import { requireCaller } from '@glam/auth'
import { forgetLink } from '@glam/commerce/link-cache'
import {
  type AppEnv,
  cursorParam,
  defineFunction,
  GlamError,
  jsonBody,
  randomToken,
  validationHook,
  validJson,
} from '@glam/core'
import { isUniqueViolation } from '@glam/db/repositories/context'
import { repositoriesOf } from '@glam/db/repositories/index'
import { visibility } from '@glam/db/repositories/visibility'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { linkErrors } from './errors.ts'
import { linksOpenapi } from './openapi.ts'
import { qrSizes, qrSvg } from './qr.ts'
import { bulkSchema, createLinkSchema, listQuery, updateLinkSchema } from './schemas.ts'

type C = Context<AppEnv>
const production = (c: C) => c.var.platform.config.env === 'production'

const see = (c: C) => visibility(repositoriesOf(c.var.platform), c.var.principal!)

/**
 * The customer the caller acts for: its own when it is limited to one; the requested one
 * otherwise. Naming a customer the caller may not see answers like naming none that exists.
 */
async function customerFor(c: C, requested: string | undefined): Promise<string | undefined> {
  if (requested && !(await see(c).customer(requested))) throw new GlamError('NOT_FOUND', 'No such customer.')
  return c.var.principal!.customerId ?? requested
}

async function ownLink(c: C, id: string) {
  // Another customer's link answers exactly like a missing one.
  const link = await see(c).link(id)
  if (!link) throw new GlamError('NOT_FOUND', 'No link with this id.')
  return link
}

/** A shop named for a link: one the caller may see, of the link's customer (or of none). */
async function shopFor(c: C, shopId: string | undefined, customerId: string) {
  if (!shopId) return
  const shop = await see(c).shop(shopId)
  if (!shop || (shop.customerId && shop.customerId !== customerId))
    throw new GlamError('NOT_FOUND', 'No such shop.')
}

/**
 * The product a link names: one in a shop the caller may see (else it answers as missing), of
 * the link's shop; a link without a shop takes the product's, when that shop is its customer's
 * (or no customer's). Returns the shop the link then has.
 */
async function productFor(
  c: C,
  productId: string,
  link: { shopId: string | null; customerId: string },
): Promise<string> {
  const product = await repositoriesOf(c.var.platform).links.product(productId)
  const shop = product && (await see(c).shop(product.shopId))
  if (!product || !shop)
    throw new GlamError('PRODUCT_NOT_FOUND', undefined, { details: { path: 'productId', productId } })
  const mismatch = (message: string) =>
    new GlamError('PRODUCT_SHOP_MISMATCH', message, {
      details: { path: 'productId', productId, productShopId: product.shopId, linkShopId: link.shopId },
    })
  if (link.shopId && link.shopId !== product.shopId)
    throw mismatch("The product belongs to another shop than the link's.")
  if (shop.customerId && shop.customerId !== link.customerId)
    throw mismatch("The product's shop belongs to another customer than the link.")
  return product.shopId
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
      const cursor = cursorParam(q.cursor)
      const principal = c.var.principal!
      const customerId = await customerFor(c, q.customer)
      if (q.campaign && !(await see(c).campaign(q.campaign)))
        throw new GlamError('NOT_FOUND', 'No such campaign.')
      if (q.influencer && !(await see(c).influencer(q.influencer)))
        throw new GlamError('NOT_FOUND', 'No such influencer.')
      const influencerId = principal.influencerId ?? q.influencer
      const page = await repositoriesOf(c.var.platform).links.list({
        ...(customerId && { customerId }),
        ...(q.campaign && { campaignId: q.campaign }),
        ...(influencerId && { influencerId }),
        ...(q.status && { status: q.status }),
        limit: q.limit,
        ...(cursor && { cursor }),
      })
      return c.json(page)
    })
    .get('/:id', requireCaller('links:read'), async (c) => {
      const link = await ownLink(c, c.req.param('id'))
      const shortUrl = `${c.var.platform.config.publicUrl}/${link.slug}`
      const base = `/api/links/${link.id}/qr`
      // PNG codes come from the container-only links-qr-png function: none are offered on the worker.
      const png =
        c.var.platform.runtime === 'workerd' ? [] : qrSizes.map((size) => `${base}.png?size=${size}`)
      return c.json({ ...link, shortUrl, qr: { svg: `${base}.svg`, png } })
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
      let customerId = await customerFor(c, input.customerId)
      if (input.campaignId) {
        const campaign = await see(c).campaign(input.campaignId)
        if (!campaign || (customerId && campaign.customerId !== customerId))
          throw new GlamError('NOT_FOUND', 'No such campaign.')
        customerId ??= campaign.customerId
      }
      if (!customerId)
        throw new GlamError('VALIDATION_FAILED', undefined, {
          details: [{ path: 'customerId', code: 'required', message: 'name the customer (or a campaign)' }],
        })
      if (input.influencerId && !(await see(c).influencer(input.influencerId)))
        throw new GlamError('NOT_FOUND', 'No such influencer.')
      await shopFor(c, input.shopId, customerId)
      const shopId = input.productId
        ? await productFor(c, input.productId, { shopId: input.shopId ?? null, customerId })
        : input.shopId
      const slug = input.slug ?? randomToken(7)
      try {
        const link = await repos.links.create({ ...input, slug, customerId, shopId: shopId ?? null })
        await forgetLink(c.var.platform, slug)
        await audit(c, 'link.created', link.id, {
          slug,
          ...(link.productId && { productId: link.productId }),
        })
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
      const campaign = await see(c).campaign(input.campaignId)
      if (!campaign) throw new GlamError('NOT_FOUND', 'No such campaign.')
      await shopFor(c, input.shopId, campaign.customerId)
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
      // Naming a product gives a link without a shop the product's (productFor).
      const shopId = patch.productId ? await productFor(c, patch.productId, link) : link.shopId
      const updated = await repositoriesOf(c.var.platform).links.update(link.id, {
        ...patch,
        ...(shopId !== link.shopId && { shopId }),
      })
      await forgetLink(c.var.platform, link.slug)
      await audit(c, 'link.updated', link.id, { fields: Object.keys(patch) })
      return c.json(updated)
    })
}

/** Shortlinks: create, bulk-create per campaign, update, list, QR codes as SVG. */
export const linksFunction = defineFunction({
  name: 'links',
  description: 'The shortlink API under `/api/links` (QR codes as SVG; PNG in containers).',
  mounts: [{ path: '/api/links', app: () => createLinksApp() }],
  claims: ['/api/links/*'],
  runtimes: ['edge', 'container'],
  openapi: linksOpenapi,
  errors: linkErrors,
  tables: ['links', 'products'],
})
