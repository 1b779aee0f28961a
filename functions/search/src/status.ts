/**
 * `/api/search/status` (staff, `search:read`): what the index holds and where the incremental
 * update got to; `POST /api/search/sync` (`search:write`) runs that update now and answers its
 * report (`npm run search -- reindex` rebuilds everything).
 */
import { requirePlatformCaller } from '@glam/auth'
import { type AppEnv, GlamError } from '@glam/core'
import { isSqlDatabase, repositoriesOf } from '@glam/db/repositories/index'
import { syncSearchIndex } from '@glam/search/sync'
import { Hono } from 'hono'
import { searchOf } from './app.ts'

export function createSearchStatusApp() {
  return new Hono<AppEnv>()
    .get('/status', requirePlatformCaller('search:read'), async (c) => {
      const search = searchOf(c)
      const [stats, health] = await Promise.all([search.stats(), search.health?.()])
      return c.json({
        adapter: search.adapter,
        ...stats,
        watermarkAt: stats.watermark ? new Date(stats.watermark).toISOString() : null,
        health: health ?? { status: 'ok' },
      })
    })
    .post('/sync', requirePlatformCaller('search:write'), async (c) => {
      const search = searchOf(c)
      if (!isSqlDatabase(c.var.platform.database))
        throw new GlamError('SERVICE_UNAVAILABLE', 'No catalogue database.')
      const report = await syncSearchIndex({
        repos: repositoriesOf(c.var.platform),
        search,
        logger: c.var.log,
      })
      return c.json(report)
    })
}
