/**
 * `portal-sitemaps` (every minute, edge and containers): first the kept pages of what changed
 * since the last run are purged (./purge.ts), then the sitemaps are written again when the
 * catalogue changed (a feed run) and the last are ten minutes old, else skipped at the cost of
 * one count.
 */
import { defineJob } from '@glam/core'
import { isSqlDatabase } from '@glam/db/repositories/index'
import { purgeChangedPages } from './purge.ts'
import { writeSitemaps } from './sitemap.ts'

export const portalSitemapsJob = defineJob({
  name: 'portal-sitemaps',
  description:
    "Purges the portal's kept pages of products that changed, and writes its sitemaps (an index and gzip files of 50,000 URLs) when the catalogue changed.",
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 20 * 60_000,
  edge: true,
  async run({ platform }) {
    if (!isSqlDatabase(platform.database)) return { skipped: 'no catalogue database' }
    const purged = await purgeChangedPages(platform)
    return { purged, ...(await writeSitemaps(platform, { minAgeMs: 10 * 60_000 })) }
  },
})
