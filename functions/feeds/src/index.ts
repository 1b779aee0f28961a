/**
 * @module @glam/feeds
 * Shop feeds (containers: the readers use Node streams and zlib). `POST /api/feeds/validate`
 * checks a feed against the Google Merchant rules and answers the report; `npm run feeds`
 * (scripts/feeds.ts) does the same from a file or URL.
 */
import { defineFunction } from '@glam/core'
import { createFeedsApp } from './app.ts'
import { feedsOpenapi } from './openapi.ts'
import { feedSettings } from './settings.ts'

export const feedsFunction = defineFunction({
  name: 'feeds',
  description: 'Product feeds under `/api/feeds` (containers): validation now, imports with the catalogue.',
  mounts: [{ path: '/api/feeds', app: () => createFeedsApp() }],
  claims: ['/api/feeds/*'],
  runtimes: ['container'],
  settings: feedSettings,
  openapi: feedsOpenapi,
})
