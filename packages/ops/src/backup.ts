/**
 * One backup: the SQL database, the ClickHouse events and the blobs gathered in the staging
 * directory (sources.ts), a manifest of what they hold (row counts per table, a sample of blob
 * hashes), all of it one encrypted, deduplicated restic snapshot, then retention (daily 7,
 * weekly 4, monthly 12) with prune. Snapshot layout:
 *
 *     /glam/manifest.json    what the snapshot holds (Manifest)
 *     /glam/sql/glam.db      the SQLite copy (or sql/glam.sql, the MariaDB/MySQL dump)
 *     /glam/clickhouse/…     each events table: <name>.sql (DDL) and <name>.jsonl (rows)
 *     /<blobs dir>/objects/… the content-addressed blob files
 */
import { writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, relative, resolve, sep } from 'node:path'
import type { BlobStore, Logger } from '@glam/core'
import { dumpMysql } from './mysql.ts'
import type { Restic } from './restic.ts'
import {
  type BlobsPart,
  type ClickHousePart,
  type ClickHouseTarget,
  exportClickHouse,
  prepareBlobs,
  type SqlPart,
  snapshotSqlite,
} from './sources.ts'

export interface Manifest {
  format: 'glam-backup/1'
  createdAt: string
  host: string
  sql: SqlPart
  clickhouse: ClickHousePart | null
  blobs: BlobsPart | null
}

export const snapshotTag = 'glam'
export const retention = { daily: 7, weekly: 4, monthly: 12 } as const

export interface BackupInput {
  restic: Restic
  databaseUrl: string
  clickhouse: ClickHouseTarget | null
  blobs: { store: BlobStore; fsDir: string | null } | null
  /** Kept between runs (restic rereads only changed files of the same paths). */
  stageDir: string
  logger?: Logger
  now?: () => Date
  /** Blob hashes recorded for the restore test. Default 20. */
  sampleSize?: number
  /** Skip `forget --prune` (tests that count snapshots). */
  keepAll?: boolean
}

export interface BackupResult {
  snapshotId: string
  /** Bytes new to the repository (after deduplication and compression). */
  dataAdded: number
  /** Bytes restic read. */
  bytesProcessed: number
  filesNew: number
  filesChanged: number
  durationMs: number
  repositorySize: number
  tables: number
  rows: number
  eventRows: number
  blobs: number
  snapshotsRemoved: number
}

export async function runBackup(input: BackupInput): Promise<BackupResult> {
  const started = performance.now()
  const now = input.now ?? (() => new Date())
  const stage = resolve(input.stageDir)
  const glam = join(stage, 'glam')
  const created = await input.restic.ensureRepository()
  if (created)
    input.logger?.info('backup.repository_created', { repository: redact(input.restic.repository) })
  const sql = input.databaseUrl.startsWith('file:')
    ? await snapshotSqlite(input.databaseUrl, glam)
    : await dumpMysql(input.databaseUrl, glam)
  const clickhouse = input.clickhouse ? await exportClickHouse(input.clickhouse, glam) : null
  let blobs: BlobsPart | null = null
  let blobDir: string | null = null
  if (input.blobs) {
    const prepared = await prepareBlobs({
      store: input.blobs.store,
      fsDir: input.blobs.fsDir ? resolve(input.blobs.fsDir) : null,
      mirrorDir: join(stage, 'blobs'),
      sampleSize: input.sampleSize ?? 20,
    })
    blobDir = prepared.dir
    blobs = { dir: storedPath(stage, blobDir), ...prepared.part }
    if (blobs.dir === 'glam' || blobs.dir.startsWith('glam/'))
      throw new Error('the blob directory may not be named "glam" next to the staging directory')
  }
  const manifest: Manifest = {
    format: 'glam-backup/1',
    createdAt: now().toISOString(),
    host: hostname(),
    sql,
    clickhouse,
    blobs,
  }
  await writeFile(join(glam, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  // Relative to the staging directory: the snapshot holds /glam and the blobs at storedPath.
  const summary = await input.restic.backup(['glam', ...(blobDir ? [relative(stage, blobDir)] : [])], {
    cwd: stage,
    tags: [snapshotTag],
    host: hostname(),
  })
  const removed = input.keepAll ? 0 : (await input.restic.forget(retention, [snapshotTag])).removed
  const stats = await input.restic.stats()
  const result: BackupResult = {
    snapshotId: summary.snapshotId,
    dataAdded: summary.dataAdded,
    bytesProcessed: summary.totalBytesProcessed,
    filesNew: summary.filesNew,
    filesChanged: summary.filesChanged,
    durationMs: Math.round(performance.now() - started),
    repositorySize: stats.totalSize,
    tables: Object.keys(sql.tables).length,
    rows: Object.values(sql.tables).reduce((a, b) => a + b, 0),
    eventRows: clickhouse ? Object.values(clickhouse.tables).reduce((a, t) => a + t.rows, 0) : 0,
    blobs: blobs?.count ?? 0,
    snapshotsRemoved: removed,
  }
  input.logger?.info('backup.done', { ...result })
  return result
}

/**
 * Where restic keeps a directory given relative to its working directory: the path without its
 * leading `..` segments (`../blobs` → `blobs`, `../../srv/store` → `srv/store`).
 */
export function storedPath(cwd: string, dir: string): string {
  const segments = relative(cwd, dir).split(sep)
  while (segments[0] === '..') segments.shift()
  return segments.join('/')
}

/** A repository location without credentials in it (`s3:https://key:secret@host` → `s3:https://host`). */
export const redact = (repository: string) => repository.replace(/\/\/[^/@]*@/, '//')
