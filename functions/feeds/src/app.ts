/**
 * `/api/feeds`: a shop's registered feeds and their runs.
 * - `POST /validate?format=&mapping=&recordPath=&delimiter=`: a feed in the body (any format,
 *   gzip or zip) through the validator; the answer is the report the CLI prints with `--json`
 *   (every outcome is a 200: a rejected feed is a finding, not a failed request). Nothing is written.
 * - `GET /?shop=`, `POST /` (staff: a URL or an upload-only feed, format, mapping, schedule),
 *   `GET /:id`, `GET /:id/runs`, `POST /:id/import` (staff: now, from its URL or from the body;
 *   409 FEED_RUN_IN_PROGRESS while another run holds the feed's lease).
 */
import { contentKey } from '@glam/assets/store'
import { listedShop, requireCaller, visibleOfShop, visibleShop } from '@glam/auth'
import { formats, mappingNames, validateFeed } from '@glam/catalog'
import { type AppEnv, GlamError, isPrivateHost, jsonBody, validationHook, validJson } from '@glam/core'
import type { Feed, OnChanges } from '@glam/db/repositories/catalog'
import { repositoriesOf } from '@glam/db/repositories/index'
import { zValidator } from '@hono/zod-validator'
import { Cron } from 'croner'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { productChanges } from './changes.ts'
import type { FeedRunResult } from './run-feed.container.ts'

export const validateQuery = z.strictObject({
  format: z.enum(formats).optional(),
  mapping: z.enum(mappingNames as ['google', 'de-shop']).optional(),
  recordPath: z.string().min(1).max(200).optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  name: z.string().max(200).optional(),
})

const feedInput = z.strictObject({
  shopId: z.string().min(1).max(36),
  name: z.string().trim().min(1).max(200),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  format: z.enum(formats).optional(),
  mapping: z.enum(mappingNames as ['google', 'de-shop']).optional(),
  recordPath: z.string().min(1).max(200).optional(),
  schedule: z.string().trim().min(1).max(64).optional(),
  timezone: z.string().trim().min(1).max(64).optional(),
})

export const feedView = (f: Feed) => ({
  id: f.id,
  shopId: f.shopId,
  name: f.name,
  url: f.url,
  format: f.format,
  mapping: f.mapping,
  recordPath: f.recordPath,
  schedule: f.schedule,
  timezone: f.timezone,
  status: f.status,
  lastRunAt: f.lastRunAt?.toISOString() ?? null,
})

const visibleFeed = async (c: Context<AppEnv>, id: string) =>
  visibleOfShop(c.var, await repositoriesOf(c.var.platform).catalog.feed(id), 'No feed with this id.')

export function createFeedsApp(run: FeedRunner) {
  return new Hono<AppEnv>()
    .get('/', requireCaller('catalog:read'), async (c) => {
      const shop = await listedShop(c.var, c.req.query('shop'), 'feeds')
      const feeds = await repositoriesOf(c.var.platform).catalog.feeds(shop)
      return c.json({ items: feeds.map(feedView) })
    })
    .post('/', requireCaller('catalog:write'), jsonBody(), async (c) => {
      const input = await validJson(c, feedInput)
      await visibleShop(c.var, input.shopId)
      const { config } = c.var.platform
      if (input.url) {
        const host = new URL(input.url).host
        if (
          isPrivateHost(new URL(input.url).hostname) &&
          !config.fetchAllowHosts.includes(host.toLowerCase())
        )
          throw new GlamError(
            'VALIDATION_FAILED',
            `The feed URL's host ${host} is private; feeds are fetched from the internet only (GLAM_FETCH_ALLOW_HOSTS lists exceptions).`,
          )
      }
      if (input.schedule) {
        try {
          new Cron(input.schedule, { paused: true, timezone: input.timezone ?? 'UTC' })
        } catch (err) {
          throw new GlamError(
            'VALIDATION_FAILED',
            `The schedule is not a cron expression (or the time zone is unknown): ${(err as Error).message}`,
          )
        }
      }
      const feed = await repositoriesOf(c.var.platform).catalog.createFeed(input)
      c.var.log.info('feeds.created', { feedId: feed.id, shopId: feed.shopId, by: c.var.principal!.id })
      return c.json(feedView(feed), 201)
    })
    .get('/:id', requireCaller('catalog:read'), async (c) =>
      c.json(feedView(await visibleFeed(c, c.req.param('id')))),
    )
    .get('/:id/runs', requireCaller('catalog:read'), async (c) => {
      const feed = await visibleFeed(c, c.req.param('id'))
      const runs = await repositoriesOf(c.var.platform).catalog.runs({ feedId: feed.id })
      return c.json({
        items: runs.map((r) => ({
          id: r.id,
          status: r.status,
          outcome: r.outcome,
          validRows: r.validRows,
          startedAt: r.startedAt.toISOString(),
          finishedAt: r.finishedAt?.toISOString() ?? null,
        })),
      })
    })
    .post('/:id/import', requireCaller('catalog:write'), async (c) => {
      const feed = await visibleFeed(c, c.req.param('id'))
      // `?asset=<id>`: a stored `feed` asset; a body (any length but a declared 0): the feed's
      // file; none: fetch its URL.
      const onChanges = productChanges(c.var.platform)
      const assetId = c.req.query('asset')
      const upload = assetId
        ? await feedAsset(c, assetId, feed.shopId)
        : c.req.raw.body && c.req.header('content-length') !== '0'
          ? { body: c.req.raw.body as unknown as AsyncIterable<Uint8Array> }
          : {}
      const result = await run(c.var.platform, feed, { ...upload, onChanges })
      if (result.busy)
        throw new GlamError(
          'FEED_RUN_IN_PROGRESS',
          'Another run of this feed is in progress; try again when it has finished.',
        )
      return c.json('report' in result ? result.report : { skipped: true }, 200, {
        'Cache-Control': 'no-store',
      })
    })
    .post(
      '/validate',
      requireCaller('catalog:validate'),
      zValidator('query', validateQuery, validationHook),
      async (c) => {
        const body = c.req.raw.body
        if (!body) throw new GlamError('BAD_REQUEST', 'Send the feed as the request body.')
        const query = c.req.valid('query')
        const config = c.var.platform.config
        const report = await validateFeed(body as unknown as AsyncIterable<Uint8Array>, {
          ...query,
          ...(query.name && { fileName: query.name }),
          maxBytes: config.feedMaxBytes,
        })
        c.var.log.info('feeds.validated', {
          outcome: report.outcome,
          format: report.feed.format,
          rows: report.counts.rowsRead,
          invalid: report.counts.invalid,
          ms: report.durationMs,
        })
        return c.json(report, 200, { 'Cache-Control': 'no-store' })
      },
    )
}

/**
 * A stored asset of type `feed`, readable by the shop's customer (or platform-wide), as the body
 * of a run; else NOT_FOUND, as for an asset that does not exist.
 */
async function feedAsset(c: Context<AppEnv>, id: string, shopId: string) {
  const { platform } = c.var
  const repos = repositoriesOf(platform)
  const [asset, shop] = await Promise.all([repos.assets.get(id), repos.shops.get(shopId)])
  if (!asset || asset.type !== 'feed' || (asset.customerId && asset.customerId !== shop?.customerId))
    throw new GlamError('NOT_FOUND', 'No feed asset with this id.')
  const object = await platform.blobs.get(contentKey(asset.sha256))
  if (!object) throw new GlamError('NOT_FOUND', 'No feed asset with this id.')
  return {
    body: object.body as unknown as AsyncIterable<Uint8Array>,
    source: `asset:${asset.id}`,
    fileName: asset.name,
  }
}

/** Runs a feed now (the container's runFeed; tests may pass their own). */
export type FeedRunner = (
  platform: Pick<AppEnv['Variables']['platform'], 'repos' | 'config' | 'logger'>,
  feed: Feed,
  options: { body?: AsyncIterable<Uint8Array>; source?: string; fileName?: string; onChanges?: OnChanges },
) => Promise<FeedRunResult>
