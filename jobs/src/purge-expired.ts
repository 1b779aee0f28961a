import { repositoriesOf } from '@glam/db/repositories/index'
import { defineJob } from './define.ts'

const day = 24 * 60 * 60 * 1000

/**
 * Deletes what has expired: job runs past their retention and lease rows of jobs that no
 * longer run. One-time codes and sessions join this list with the login capability.
 */
export const purgeExpired = defineJob({
  name: 'purge-expired',
  description: 'Delete expired leases and job runs past their retention (90 days).',
  schedule: '17 * * * *',
  timezone: 'UTC',
  timeoutMs: 60_000,
  edge: true,
  async run({ platform, progress }) {
    const { jobs } = repositoriesOf(platform)
    const now = platform.clock.now().getTime()
    const jobRuns = await jobs.deleteRunsBefore(new Date(now - 90 * day))
    progress({ jobRuns })
    const leases = await jobs.deleteLeasesExpiredBefore(new Date(now - 7 * day))
    return { deleted: { jobRuns, leases } }
  },
})
