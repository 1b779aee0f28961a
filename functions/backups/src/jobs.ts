/**
 * `backup` (02:30 UTC) and `restore-test` (04:30 UTC), containers only (they run restic). A
 * restore test that finds a difference fails its run: job_runs is what the `backup` check reads.
 */
import { defineJob } from '@glam/core'
import { runBackup } from '@glam/ops/backup'
import { mysqlServerOf } from '@glam/ops/mysql'
import { restoreTest } from '@glam/ops/restore'
import { backupInputOf, resticOf, restoreScratchOf } from '@glam/ops/targets'

export const backupJob = defineJob({
  name: 'backup',
  description:
    'Backs up the SQL database, the ClickHouse events and the blobs into one encrypted, deduplicated restic snapshot (GLAM_BACKUP_REPO), then applies retention.',
  schedule: '30 2 * * *',
  timezone: 'UTC',
  timeoutMs: 3 * 60 * 60_000,
  edge: false,
  async run({ platform, logger }) {
    const result = await runBackup({ ...backupInputOf(platform), logger })
    return { ...result }
  },
})

export const restoreTestJob = defineJob({
  name: 'restore-test',
  description:
    'Restores the newest snapshot into scratch space and checks it against its manifest (row counts, integrity_check, blob hashes, restic check); a difference fails the run.',
  schedule: '30 4 * * *',
  timezone: 'UTC',
  timeoutMs: 3 * 60 * 60_000,
  edge: false,
  async run({ platform, logger }) {
    const url = platform.config.databaseUrl
    const result = await restoreTest({
      restic: resticOf(platform.config),
      scratchDir: restoreScratchOf(platform.config),
      mysqlServer: url.startsWith('file:') ? undefined : mysqlServerOf(url),
    })
    const { problems, ...rest } = result
    if (!result.ok) {
      logger.error('backup.restore_test_failed', { snapshotId: result.snapshotId, problems })
      throw new Error(
        `restore test of ${result.snapshotId.slice(0, 8)} failed: ${problems.slice(0, 5).join('; ')}`,
      )
    }
    logger.info('backup.restore_test_ok', rest)
    return { ...rest }
  },
})
