/**
 * `newsletter-sends` (every minute, edge and containers): carries on with sends whose progress
 * stopped (the process ran the send in the background and went away, or Mailgun asked us to
 * wait): queued or sending, not moved for two minutes.
 */
import { defineJob } from '@glam/core'
import { isSqlDatabase, repositoriesOf } from '@glam/db/repositories/index'
import { runSend } from './send-run.ts'

export const newsletterSendsJob = defineJob({
  name: 'newsletter-sends',
  description:
    'Carries on with newsletter sends that stopped (queued or sending, no progress for 2 minutes).',
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 10 * 60_000,
  edge: true,
  async run({ platform, signal, progress, logger }) {
    if (!isSqlDatabase(platform.database)) return { skipped: 'no database' }
    const repos = repositoriesOf(platform)
    const before = new Date(platform.clock.now().getTime() - 2 * 60_000)
    const stalled = await repos.newsletter.stalledSends(before)
    let resumed = 0
    for (const send of stalled) {
      if (signal.aborted) break
      await repos.newsletter.touchSend(send.id)
      const done = await runSend(platform, send.id, { signal, logger })
      resumed++
      progress({ sendId: send.id, status: done?.status })
    }
    return { resumed }
  },
})
