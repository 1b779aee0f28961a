/**
 * What a platform's configuration says a backup takes: its database, its ClickHouse (a server at
 * CLICKHOUSE_URL, or the embedded chDB front on CLICKHOUSE_FRONT_PORT) and its blob store.
 */
import { join } from 'node:path'
import type { Config, Platform } from '@glam/core'
import type { BackupInput } from './backup.ts'
import { createRestic } from './restic.ts'
import type { ClickHouseTarget } from './sources.ts'

export function clickhouseTarget(config: Config): ClickHouseTarget | null {
  if (config.events !== 'clickhouse') return null
  return {
    url: config.clickhouseUrl ?? `http://127.0.0.1:${config.clickhouseFrontPort}`,
    database: config.clickhouseDatabase,
    username: config.clickhouseUser,
    ...(config.clickhousePassword && { password: config.clickhousePassword }),
  }
}

/** Where restore tests unpack: beside the staging directory, not in /tmp (often a small tmpfs). */
export const restoreScratchOf = (config: Config) => join(config.backupStageDir, 'restore-test')

/** The configured repository; an error naming the setting when backups are not set up. */
export function resticOf(config: Config) {
  if (!config.backupRepo) throw new Error('GLAM_BACKUP_REPO is not set: nothing is backed up')
  if (!config.backupPassword)
    throw new Error('GLAM_BACKUP_PASSWORD is not set: the repository cannot be opened')
  return createRestic({ repository: config.backupRepo, password: config.backupPassword })
}

/** The backup of this platform, as its configuration has it. */
export function backupInputOf(platform: Platform): BackupInput {
  const { config } = platform
  return {
    restic: resticOf(config),
    databaseUrl: config.databaseUrl,
    clickhouse: clickhouseTarget(config),
    blobs: { store: platform.blobs, fsDir: config.blobs === 'fs' ? config.blobsDir : null },
    stageDir: config.backupStageDir,
    logger: platform.logger,
  }
}
