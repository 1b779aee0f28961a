import { repositoriesOf } from '@glam/db/repositories/index'
import { defineJob } from './define.ts'

const day = 24 * 60 * 60 * 1000

/**
 * Deletes what has expired: job runs past their retention, lease rows of jobs that no
 * longer run, login codes a day after they expired, sessions a week after they ended, accepted request
 * signatures once their replay window is over, events ClickHouse refused after 30 days.
 */
export const purgeExpired = defineJob({
  name: 'purge-expired',
  description: 'Delete expired leases, job runs past retention (90 days), old login codes and sessions.',
  schedule: '17 * * * *',
  timezone: 'UTC',
  timeoutMs: 60_000,
  edge: true,
  async run({ platform, progress }) {
    const { jobs, loginCodes, sessions, replayGuard, eventRejects } = repositoriesOf(platform)
    const now = platform.clock.now().getTime()
    const jobRuns = await jobs.deleteRunsBefore(new Date(now - 90 * day))
    progress({ jobRuns })
    const leases = await jobs.deleteLeasesExpiredBefore(new Date(now - 7 * day))
    const codes = await loginCodes.purgeExpired(new Date(now - day))
    const ended = await sessions.purgeEnded(new Date(now - 7 * day))
    const signatures = await replayGuard.purgeExpired(new Date(now))
    const rejectedEvents = await eventRejects.purgeBefore(new Date(now - 30 * day))
    return { deleted: { jobRuns, leases, loginCodes: codes, sessions: ended, signatures, rejectedEvents } }
  },
})
