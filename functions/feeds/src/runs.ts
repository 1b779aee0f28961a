/**
 * Feed runs and the catalogue they wrote: `GET /api/feed-runs/:id` (the run and its report),
 * `POST /api/feed-runs/:id/release` and `/discard` for a run held for review (staff), and
 * `GET /api/products?shop=&sku=&status=&cursor=`. A customer-limited caller sees its own shops'
 * runs and products only; another shop's answer exactly like a missing one.
 */
import { listedShop, requireCaller, visibleOfShop } from '@glam/auth'
import { discardRun, releaseRun } from '@glam/catalog/import'
import { type AppEnv, cursorParam, GlamError, validationHook } from '@glam/core'
import type { Product } from '@glam/db/repositories/catalog'
import { repositoriesOf } from '@glam/db/repositories/index'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { productChanges } from './changes.ts'
import { indexChanges, runStart } from './search-index.ts'

const visibleRun = async (c: Context<AppEnv>, id: string) =>
  visibleOfShop(c.var, await repositoriesOf(c.var.platform).catalog.run(id), 'No feed run with this id.')

const runView = (run: NonNullable<Awaited<ReturnType<typeof visibleRun>>>) => ({
  id: run.id,
  shopId: run.shopId,
  source: run.source,
  status: run.status,
  outcome: run.outcome,
  startedAt: run.startedAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
  report: run.report,
})

export function createFeedRunsApp() {
  const held = async (c: Context<AppEnv>, act: 'release' | 'discard') => {
    const run = await visibleRun(c, c.req.param('id')!)
    if (run.status !== 'held')
      throw new GlamError(
        'CONFLICT',
        `This run is ${run.status}; only a run held for review can be released or discarded.`,
      )
    const repos = repositoriesOf(c.var.platform)
    if (act === 'release') {
      const started = runStart(c.var.platform)
      if ((await releaseRun(repos, run.id, productChanges(c.var.platform))) === 'stale')
        throw new GlamError('FEED_RUN_STALE')
      await indexChanges(c.var.platform, started)
    } else await discardRun(repos, run.id)
    c.var.log.info(`feeds.run.${act}d`, { runId: run.id, shopId: run.shopId, by: c.var.principal!.id })
    return c.json(runView((await repos.catalog.run(run.id))!))
  }
  return new Hono<AppEnv>()
    .get('/:id', requireCaller('catalog:read'), async (c) =>
      c.json(runView(await visibleRun(c, c.req.param('id')))),
    )
    .post('/:id/release', requireCaller('catalog:write'), (c) => held(c, 'release'))
    .post('/:id/discard', requireCaller('catalog:write'), (c) => held(c, 'discard'))
}

const productQuery = z.strictObject({
  shop: z.string().min(1).max(36).optional(),
  sku: z.string().min(1).max(128).optional(),
  status: z.enum(['active', 'inactive']).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
})

export const productView = (p: Product) => ({
  id: p.id,
  shopId: p.shopId,
  sku: p.sku,
  title: p.title,
  brand: p.brand,
  priceMinor: p.priceMinor,
  salePriceMinor: p.salePriceMinor,
  currency: p.currency,
  availability: p.availability,
  gtin: p.gtin,
  link: p.url,
  imageUrl: p.imageUrl,
  condition: p.condition,
  status: p.status,
  category: p.category,
  taxonomyId: p.taxonomyId,
})

export function createProductsApp() {
  return new Hono<AppEnv>().get(
    '/',
    requireCaller('catalog:read'),
    zValidator('query', productQuery, validationHook),
    async (c) => {
      const q = c.req.valid('query')
      const cursor = cursorParam(q.cursor)
      await listedShop(c.var, q.shop, 'products')
      const page = await repositoriesOf(c.var.platform).catalog.productPage({
        ...(q.shop && { shopId: q.shop }),
        ...(q.sku && { sku: q.sku }),
        ...(q.status && { status: q.status }),
        ...(q.limit && { limit: q.limit }),
        ...(cursor && { cursor }),
      })
      return c.json({ ...page, items: page.items.map(productView) })
    },
  )
}
