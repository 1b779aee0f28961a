/**
 * @module @glam/feeds
 * Shop feeds (containers: the readers use Node streams and zlib). `POST /api/feeds/validate`
 * checks a feed against the Google Merchant rules and answers the report; `npm run feeds`
 * (scripts/feeds.ts) does the same from a file or URL.
 */
import { defineFunction } from '@glam/core'
import { createFeedsApp } from './app.ts'
import { feedErrors } from './errors.ts'
import { feedsDueJob } from './jobs.container.ts'
import { feedsOpenapi } from './openapi.ts'
import { createProductEventsApp } from './product-events.ts'
import { runFeed } from './run-feed.container.ts'
import { createFeedRunsApp, createProductsApp } from './runs.ts'
import { feedSettings } from './settings.ts'

export const feedsFunction = defineFunction({
  name: 'feeds',
  description:
    'Product feeds (containers): validation at `/api/feeds/validate`, runs at `/api/feed-runs`, the catalogue at `/api/products`, what runs changed at `/api/product-events`.',
  mounts: [
    { path: '/api/feeds', app: () => createFeedsApp(runFeed) },
    { path: '/api/feed-runs', app: () => createFeedRunsApp() },
    { path: '/api/products', app: () => createProductsApp() },
    { path: '/api/product-events', app: () => createProductEventsApp() },
  ],
  claims: ['/api/feeds/*', '/api/feed-runs/*', '/api/products', '/api/products/*', '/api/product-events'],
  tables: ['shops', 'products', 'feeds', 'feed_runs', 'feed_run_items', 'product_prices', 'leases'],
  runtimes: ['container'],
  settings: feedSettings,
  errors: feedErrors,
  jobs: [feedsDueJob],
  openapi: feedsOpenapi,
})
