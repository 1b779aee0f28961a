/**
 * @module @glam/backups
 * Backups that are proven (containers): the `backup` job snapshots the SQL database, the
 * ClickHouse events and the blobs with restic (@glam/ops), the `restore-test` job restores the
 * newest snapshot every night and checks it; `npm run ops` does both by hand and restores;
 * `scripts/check backup` tells monitoring how old the last good ones are.
 */
import { defineFunction } from '@glam/core'
import { backupJob, restoreTestJob } from './jobs.ts'
import { backupSettings } from './settings.ts'

export const backupsFunction = defineFunction({
  name: 'backups',
  description:
    'Encrypted, deduplicated restic snapshots of SQL, ClickHouse and blobs (`backup` job) restored and checked every night (`restore-test` job); containers.',
  mounts: [],
  claims: [],
  jobs: [backupJob, restoreTestJob],
  settings: backupSettings,
  tables: ['job_runs'],
  runtimes: ['container'],
})

export { backupSettings } from './settings.ts'
