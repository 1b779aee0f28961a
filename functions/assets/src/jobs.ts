/**
 * `assets-gc`: deletes blobs no asset references once the grace period after their last upload
 * has passed (never one a new upload re-referenced meanwhile: see @glam/assets/store), finishes
 * deletions a dead collector left, removes orphaned and abandoned temporary uploads and expired
 * resumable uploads, and lease rows (image variants' single flight) expired for a day.
 */
import { collectGarbage } from '@glam/assets/store'
import { defineJob } from '@glam/core'
import { purgeExpiredTusUploads } from './tus/index.ts'

export const assetsGcJob = defineJob({
  name: 'assets-gc',
  description: 'Deletes unreferenced asset blobs after a grace period, and abandoned uploads.',
  schedule: '17 3 * * *',
  timezone: 'UTC',
  timeoutMs: 30 * 60_000,
  edge: false,
  async run({ platform, progress }) {
    const report = await collectGarbage(platform, { graceMs: platform.config.assetGcGraceSeconds * 1000 })
    progress({ ...report })
    const tus = await purgeExpiredTusUploads(platform.blobs, platform.clock.now())
    // A released or expired lease is free already; its row only takes room.
    const leases = await platform.repos.leases.sweep(new Date(platform.clock.now().getTime() - 86_400_000))
    return { ...report, tus, leases }
  },
})
