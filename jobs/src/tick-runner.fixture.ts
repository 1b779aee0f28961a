// A job runner process for the multi-process test: schedules a per-second job against
// DATABASE_URL for RUN_MS milliseconds, then stops cleanly.
import { hostname } from 'node:os'
import { createLogger, parseConfig } from '@glam/core'
import { connectDatabase, createRepositories } from '@glam/db'
import { createLocalPlatform } from '@glam/platform/local'
import { defineJob } from './define.ts'
import { startScheduler } from './scheduler.ts'

const config = parseConfig({ GLAM_ENV: 'test', DATABASE_URL: process.env.DATABASE_URL })
const database = await connectDatabase(config.databaseUrl)
const repos = createRepositories({ database, now: () => new Date(), masterKey: config.masterKey })
const platform = createLocalPlatform('node', config, { database, logger: createLogger({ level: 'warn' }) })
const tick = defineJob({
  name: 'tick',
  description: 'per-second test job',
  schedule: '* * * * * *',
  timezone: 'UTC',
  timeoutMs: 5_000,
  edge: false,
  // Each execution leaves an audit row (no unique key there), so a double run would show.
  run: async () => {
    await repos.audit.record({
      actorType: 'system',
      actorId: String(process.pid),
      action: 'tick.executed',
      targetType: 'job',
      targetId: 'tick',
      details: null,
      requestId: null,
    })
    await new Promise((r) => setTimeout(r, 100))
    return { pid: process.pid }
  },
})
const scheduler = startScheduler(platform, [tick], `${hostname()}:${process.pid}`)
setTimeout(
  async () => {
    await scheduler.stop()
    await database.close()
    process.exit(0)
  },
  Number(process.env.RUN_MS ?? 4000),
)
