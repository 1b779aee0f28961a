/**
 * A server that starts catches its search index up with the catalogue in the background (all of
 * it on a new index), before the `search-sync` job's first tick; the start does not wait.
 */
import type { Platform } from '@glam/core'
import { isSqlDatabase } from '@glam/db/repositories/index'
import { syncSearchIndex } from '@glam/search/sync'

export function catchUpSearch(platform: Platform): void {
  const { search, logger } = platform
  if (!search || !isSqlDatabase(platform.database)) return
  platform.background(
    syncSearchIndex({ repos: platform.repos, search, logger }).catch((error) =>
      logger.warn('search.sync_failed', { error }),
    ),
  )
}
