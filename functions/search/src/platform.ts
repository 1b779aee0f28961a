/**
 * The search port from configuration, for each runtime: FTS5 on a libsql file in containers
 * (Node, Deno: the opener is passed in, so the edge bundle never sees libsql), on the worker's
 * `SEARCH_DB` D1 binding on the edge; none with GLAM_SEARCH=none or where neither is there.
 */
import type { Config, Logger, SearchEngine } from '@glam/core'
import { createFts5Search, type D1Like, d1Executor, lazySearch, type SqlExecutor } from '@glam/search/fts5'

export interface SearchSources {
  /** Opens a libsql database (Node, Deno). */
  libsql?: (url: string) => Promise<SqlExecutor>
  /** The worker's D1 binding for the index. */
  d1?: D1Like
}

export function createSearchFromConfig(
  config: Config,
  logger: Logger,
  sources: SearchSources,
): SearchEngine | undefined {
  if (config.searchEngine === 'none') return undefined
  // A schema that fails to open closes its connection (and a file's writer thread): the next
  // call opens afresh, and failed attempts leak nothing.
  const open = async (executor: SqlExecutor) => {
    try {
      const engine = await createFts5Search({ executor })
      logger.debug('search.opened', { adapter: executor.adapter })
      return engine
    } catch (error) {
      await executor.close?.().catch(() => undefined)
      throw error
    }
  }
  if (sources.libsql) {
    const libsql = sources.libsql
    return lazySearch('fts5-libsql', async () => open(await libsql(config.searchUrl)))
  }
  if (sources.d1) {
    const d1 = sources.d1
    return lazySearch('fts5-d1', async () => open(d1Executor(d1)))
  }
  return undefined
}
