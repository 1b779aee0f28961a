/**
 * After a run has changed the catalogue, the search index catches up before the run is reported
 * done (so a deactivated product leaves the results at once), from the run's start: everything
 * it created, changed or deactivated has a later `updated_at`. Where the platform has no search
 * port (the CLI) the `search-sync` job does it within a minute. A failure is logged, never the
 * run's.
 */
import type { Platform } from '@glam/core'
import { syncSearchIndex } from '@glam/search/sync'

export type IndexingDeps = Pick<Platform, 'repos' | 'logger'> & Partial<Pick<Platform, 'search' | 'clock'>>

export const runStart = (platform: IndexingDeps) => platform.clock?.now() ?? new Date()

export async function indexChanges(platform: IndexingDeps, since: Date): Promise<void> {
  const { search, repos, logger } = platform
  if (!search) return
  try {
    await syncSearchIndex({ repos, search, logger }, { since: since.getTime() })
  } catch (error) {
    logger.warn('search.sync_failed', { error })
  }
}
