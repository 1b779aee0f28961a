/**
 * Feeds and their runs: a shop's registered feeds and what each run found. The rules are the
 * REST API's (`/api/feeds`, `/api/feed-runs`, the same functions): `catalog:read`, a client its
 * own shops only (another shop's feed answers like a missing one), and a client names the shop.
 */
import { listedShop, visibleOfShop, visibleShop } from '@glam/auth'
import { repositoriesOf } from '@glam/db/repositories/index'
import { GraphQLError } from 'graphql'
import { builder } from '../builder.ts'
import { maxPage, str } from './common.ts'
import { FeedRef, FeedRunRef } from './refs.ts'

FeedRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    shopId: t.exposeID('shopId'),
    name: t.exposeString('name'),
    url: t.exposeString('url', { nullable: true, description: 'Fetched on schedule; null for uploads.' }),
    format: t.exposeString('format', {
      nullable: true,
      description: 'csv, tsv, xml, json or ndjson; null: sniffed.',
    }),
    mapping: t.exposeString('mapping', { nullable: true, description: 'google or de-shop; null: detected.' }),
    schedule: t.exposeString('schedule', {
      nullable: true,
      description: 'A cron expression; null: on request only.',
    }),
    timezone: t.exposeString('timezone'),
    status: t.exposeString('status'),
    lastRunAt: t.expose('lastRunAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

FeedRunRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    shopId: t.exposeID('shopId'),
    feedId: t.exposeID('feedId', { nullable: true, description: 'Null for a file imported by hand.' }),
    source: t.exposeString('source'),
    status: t.exposeString('status', { description: 'running, applied, held, discarded or rejected.' }),
    outcome: t.exposeString('outcome', { nullable: true }),
    validRows: t.exposeInt('validRows', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    report: t.string({
      nullable: true,
      description: 'The run report (what `npm run feeds -- --json` prints) as JSON text.',
      resolve: (run) => (run.report == null ? null : JSON.stringify(run.report)),
    }),
  }),
})

builder.queryFields((t) => ({
  feeds: t.field({
    type: [FeedRef],
    authScopes: { catalog: true },
    description: "A shop's registered feeds (every shop's for staff when no shopId is given).",
    args: { shopId: t.arg.id() },
    resolve: async (_r, args, ctx) =>
      repositoriesOf(ctx.platform).catalog.feeds(await listedShop(ctx, str(args.shopId), 'feeds')),
  }),
  feedRuns: t.field({
    type: [FeedRunRef],
    authScopes: { catalog: true },
    description: "A feed's runs, or a shop's, newest first.",
    args: {
      feedId: t.arg.id(),
      shopId: t.arg.id(),
      first: t.arg.int({ description: 'At most 100; 20 unless told.' }),
    },
    resolve: async (_r, args, ctx) => {
      const first = args.first ?? 20
      if (!Number.isInteger(first) || first < 1 || first > maxPage)
        throw new GraphQLError(`first must be between 1 and ${maxPage}.`, {
          extensions: { code: 'BAD_USER_INPUT' },
        })
      const { catalog } = repositoriesOf(ctx.platform)
      const shopId = str(args.shopId)
      if (args.feedId != null) {
        const feed = await visibleOfShop(
          ctx,
          await catalog.feed(String(args.feedId)),
          'No feed with this id.',
        )
        return shopId && shopId !== feed.shopId ? [] : catalog.runs({ feedId: feed.id }, first)
      }
      if (!shopId)
        throw new GraphQLError('Name the feed (feedId) or the shop (shopId).', {
          extensions: { code: 'BAD_USER_INPUT' },
        })
      return catalog.runs({ shopId: (await visibleShop(ctx, shopId)).id }, first)
    },
  }),
}))
