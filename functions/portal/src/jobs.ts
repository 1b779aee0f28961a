/**
 * `portal-sitemaps` (every minute, edge and containers): the sitemaps written again when the
 * catalogue changed (a feed run) and the last are ten minutes old, else skipped at the cost of
 * one count.
 */
import { defineJob } from '@glam/core'
import { isSqlDatabase } from '@glam/db/repositories/index'
import { writeSitemaps } from './sitemap.ts'

export const portalSitemapsJob = defineJob({
  name: 'portal-sitemaps',
  description:
    "Writes the portal's sitemaps (an index and gzip files of 50,000 URLs) when the catalogue changed.",
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 20 * 60_000,
  edge: true,
  async run({ platform }) {
    if (!isSqlDatabase(platform.database)) return { skipped: 'no catalogue database' }
    return { ...(await writeSitemaps(platform, { minAgeMs: 10 * 60_000 })) }
  },
})
