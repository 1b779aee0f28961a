/**
 * `search-sync` (every minute, edge and containers): the index brought up to the catalogue's
 * changes since its watermark (a minute's overlap), as after every feed run; the first run on an
 * empty index reads everything.
 */
import { defineJob } from '@glam/core'
import { isSqlDatabase, repositoriesOf } from '@glam/db/repositories/index'
import { syncSearchIndex } from '@glam/search/sync'

export const searchSyncJob = defineJob({
  name: 'search-sync',
  description: 'Brings the product search index up to the catalogue (changed products since its watermark).',
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 50 * 60_000,
  edge: true,
  async run({ platform, progress }) {
    const search = platform.search
    if (!search) return { skipped: 'no search index on this deployment' }
    if (!isSqlDatabase(platform.database)) return { skipped: 'no catalogue database' }
    const report = await syncSearchIndex(
      { repos: repositoriesOf(platform), search, logger: platform.logger },
      { onProgress: ({ indexed }) => progress({ done: indexed }) },
    )
    return { ...report }
  },
})
