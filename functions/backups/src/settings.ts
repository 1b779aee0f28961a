/** The backups' settings (declared in the manifest, added to `Config` by declaration merging). */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

const developmentPassword = 'glam-development-backup-password'

/** restic repository locations that are not on this machine. */
const remote = /^(sftp|s3|rest|b2|azure|gs|swift|rclone):/

export const backupSettings = {
  backupRepo: setting({
    env: 'GLAM_BACKUP_REPO',
    schema: z.string().trim().min(1).max(1000).optional(),
    devDefault: '.data/backup-repo',
    productionNote: 'set it: unset, the backup job fails and the backup check is CRITICAL',
    description:
      "Where backups go, in restic's syntax: a directory (development: `.data/backup-repo`, standing in for the backup server), `sftp:user@host:/path` or `s3:https://host/bucket/path` (S3 keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).",
    insecure: (value) =>
      !value || remote.test(value)
        ? false
        : 'a backup on the machine it backs up is lost with it: use sftp: or s3:',
  }),
  backupPassword: setting({
    env: 'GLAM_BACKUP_PASSWORD',
    schema: z.string().min(12).max(1000).optional(),
    devDefault: developmentPassword,
    sensitive: true,
    productionNote: 'required with GLAM_BACKUP_REPO',
    insecure: (value) =>
      value === developmentPassword ? 'it is the development sample: set a real password' : false,
    description:
      "The restic repository's password: every snapshot is encrypted with it. Keep a copy away from the platform: without it no backup can be read.",
  }),
  backupStageDir: setting({
    env: 'GLAM_BACKUP_STAGE_DIR',
    schema: z.string().trim().min(1).max(1000),
    default: '.data/backup-stage',
    description:
      'Local directory where a backup gathers the database copy, the ClickHouse export and (for S3/R2 blob stores) the blob mirror before restic reads them; kept between runs so restic rereads only what changed.',
  }),
  backupWarnHours: setting({
    env: 'GLAM_BACKUP_WARN_HOURS',
    schema: z.coerce
      .number()
      .min(1)
      .max(24 * 90),
    default: 26,
    description: 'The `backup` check warns when the last good backup or restore test is older than this.',
  }),
  backupCritHours: setting({
    env: 'GLAM_BACKUP_CRIT_HOURS',
    schema: z.coerce
      .number()
      .min(1)
      .max(24 * 90),
    default: 50,
    description:
      'The `backup` check is CRITICAL when the last good backup or restore test is older than this.',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof backupSettings> {}
}
