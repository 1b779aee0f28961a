/**
 * Restoring a snapshot and proving it: the restore test restores the newest snapshot into a
 * scratch directory, compares every table's row count with the manifest, runs SQLite's
 * `PRAGMA integrity_check`, reads every exported ClickHouse row back as JSON, checks the blob
 * sample's sha256 and the blob count, and has restic read back a subset of the repository's
 * data (`restic check --read-data-subset`). Any difference is a problem named in the result.
 */
import { createReadStream } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { createFsBlobStore } from '@glam/blobs/fs'
import { createClient } from '@libsql/client'
import type { Manifest } from './backup.ts'
import { type MysqlServer, restoreMysqlInto, verifyMysqlDump } from './mysql.ts'
import type { Restic } from './restic.ts'
import { allBlobs, sha256Of, sqliteCounts } from './sources.ts'

export interface Verification {
  ok: boolean
  problems: string[]
  tables: number
  rows: number
  eventRows: number
  blobsChecked: number
}

/** Reads the manifest a restored snapshot carries. */
export async function readManifest(dir: string): Promise<Manifest> {
  const text = await readFile(join(dir, 'glam', 'manifest.json'), 'utf8').catch(() => {
    throw new Error(`no glam/manifest.json in ${dir}: not a Glam snapshot`)
  })
  const manifest = JSON.parse(text) as Manifest
  if (manifest.format !== 'glam-backup/1') throw new Error(`unknown snapshot format ${manifest.format}`)
  return manifest
}

async function countLines(file: string): Promise<{ lines: number; bad: number }> {
  let lines = 0
  let bad = 0
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })
  for await (const line of rl) {
    if (!line) continue
    lines++
    try {
      JSON.parse(line)
    } catch {
      bad++
    }
  }
  return { lines, bad }
}

/** The SQL part: SQLite's integrity_check and counts, or the dump loaded on a scratch database. */
async function verifySql(dir: string, m: Manifest, options: VerifyOptions) {
  const problems: string[] = []
  const file = join(dir, 'glam', m.sql.file)
  let counts: Record<string, number> = {}
  if (m.sql.dialect === 'mysql') {
    if (!options.mysqlServer)
      return { problems: ['a MariaDB/MySQL dump is checked on a server: give its DATABASE_URL'], rows: 0 }
    const loaded = await verifyMysqlDump(options.mysqlServer, file)
    problems.push(...loaded.problems)
    counts = loaded.counts
  } else {
    const db = createClient({ url: `file:${file}` })
    try {
      const check = await db.execute('PRAGMA integrity_check')
      const verdict = check.rows.map((r) => String(Object.values(r)[0])).join('; ')
      if (verdict !== 'ok') problems.push(`SQLite integrity_check: ${verdict.slice(0, 300)}`)
    } catch (error) {
      problems.push(`SQLite copy unreadable: ${(error as Error).message}`)
    } finally {
      db.close()
    }
    if (problems.length === 0) counts = await sqliteCounts(file)
  }
  let rows = 0
  if (problems.length === 0)
    for (const [table, expected] of Object.entries(m.sql.tables)) {
      const got = counts[table]
      rows += got ?? 0
      if (got !== expected)
        problems.push(`table ${table}: ${got ?? 'missing'} rows, the manifest says ${expected}`)
    }
  return { problems, rows }
}

export interface VerifyOptions {
  /** The server a MariaDB/MySQL dump is loaded on (a scratch database, dropped after). */
  mysqlServer?: MysqlServer | undefined
}

/** Checks a restored snapshot directory against its manifest. */
export async function verifyRestored(
  dir: string,
  manifest?: Manifest,
  options: VerifyOptions = {},
): Promise<Verification> {
  const m = manifest ?? (await readManifest(dir))
  const sql = await verifySql(dir, m, options)
  const problems = [...sql.problems]
  const rows = sql.rows
  let eventRows = 0
  for (const [table, t] of Object.entries(m.clickhouse?.tables ?? {})) {
    const file = join(dir, 'glam', t.data)
    const found = await countLines(file).catch(() => null)
    if (!found) {
      problems.push(`ClickHouse ${table}: ${t.data} missing`)
      continue
    }
    eventRows += found.lines
    if (found.bad) problems.push(`ClickHouse ${table}: ${found.bad} rows are not JSON`)
    if (found.lines !== t.rows)
      problems.push(`ClickHouse ${table}: ${found.lines} rows, the manifest says ${t.rows}`)
    if (!(await stat(join(dir, 'glam', t.ddl)).catch(() => null)))
      problems.push(`ClickHouse ${table}: DDL missing`)
  }
  let blobsChecked = 0
  if (m.blobs) {
    const store = createFsBlobStore({ dir: join(dir, m.blobs.dir) })
    for (const s of m.blobs.sample) {
      const sha = await sha256Of(store, s.key).catch(() => null)
      blobsChecked++
      if (sha !== s.sha256) problems.push(`blob ${s.key}: ${sha ? 'content differs' : 'missing'}`)
    }
    let count = 0
    for await (const _ of allBlobs(store)) count++
    if (count !== m.blobs.count) problems.push(`blobs: ${count} restored, the manifest says ${m.blobs.count}`)
  }
  return {
    ok: problems.length === 0,
    problems,
    tables: Object.keys(m.sql.tables).length,
    rows,
    eventRows,
    blobsChecked,
  }
}

export interface RestoreTestResult extends Verification {
  snapshotId: string
  snapshotTime: string
  durationMs: number
}

/** The nightly proof: the newest snapshot restored into scratch space and checked. */
export async function restoreTest(input: {
  restic: Restic
  scratchDir?: string
  /** What `restic check` reads back of the repository's data. Default `10%`. */
  readDataSubset?: string
  mysqlServer?: MysqlServer | undefined
}): Promise<RestoreTestResult> {
  const started = performance.now()
  const snapshots = await input.restic.snapshots(['glam'])
  const newest = snapshots.at(-1)
  if (!newest) throw new Error('there is no snapshot to restore: run a backup first')
  const parent = input.scratchDir ?? tmpdir()
  await mkdir(parent, { recursive: true })
  const scratch = await mkdtemp(join(parent, 'glam-restore-test-'))
  try {
    const problems: string[] = []
    await input.restic.restore(newest.id, scratch).catch((error: Error) => {
      problems.push(`restic restore: ${error.message}`)
    })
    let verification: Verification = {
      ok: false,
      problems: [],
      tables: 0,
      rows: 0,
      eventRows: 0,
      blobsChecked: 0,
    }
    if (problems.length === 0) {
      verification = await verifyRestored(scratch, undefined, { mysqlServer: input.mysqlServer }).catch(
        (error: Error) => ({
          ...verification,
          problems: [error.message],
        }),
      )
    }
    await input.restic.check(input.readDataSubset ?? '10%').catch((error: Error) => {
      problems.push(`restic check: ${error.message}`)
    })
    const all = [...problems, ...verification.problems]
    return {
      ...verification,
      ok: all.length === 0,
      problems: all,
      snapshotId: newest.id,
      snapshotTime: newest.time,
      durationMs: Math.round(performance.now() - started),
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

/**
 * A real restore: the snapshot's files into `into` (a directory that must be empty or missing),
 * checked against its manifest. `dryRun` restores nothing and says what the snapshot holds.
 */
export async function restoreInto(input: {
  restic: Restic
  snapshot: string
  into: string
  dryRun?: boolean
  mysqlServer?: MysqlServer | undefined
}) {
  const into = resolve(input.into)
  const snapshots = await input.restic.snapshots(['glam'])
  const found =
    input.snapshot === 'latest'
      ? snapshots.at(-1)
      : snapshots.find((s) => s.id === input.snapshot || s.short_id === input.snapshot)
  if (!found) throw new Error(`no snapshot ${input.snapshot}; \`npm run ops -- snapshots\` lists them`)
  const manifest = JSON.parse(await input.restic.dump(found.id, '/glam/manifest.json')) as Manifest
  if (input.dryRun) return { snapshot: found, manifest, into, restored: false as const }
  const existing = await stat(into).catch(() => null)
  if (existing) {
    if ((await readdir(into)).length > 0)
      throw new Error(`${into} is not empty: restore into a new directory`)
  }
  await mkdir(into, { recursive: true })
  await input.restic.restore(found.id, into)
  const verification = await verifyRestored(into, manifest, { mysqlServer: input.mysqlServer })
  return { snapshot: found, manifest, into, restored: true as const, verification }
}

/**
 * Puts the restored database in place: a SQLite copy at a path (never over an existing file), or
 * a dump loaded into an empty MariaDB/MySQL database (`mysql://…/<db>`).
 */
export async function placeDatabase(restoredDir: string, manifest: Manifest, target: string) {
  if (/^(mysql|mariadb):/.test(target)) {
    if (manifest.sql.dialect !== 'mysql')
      throw new Error('this snapshot holds a SQLite database: give a file path')
    return restoreMysqlInto(target, join(restoredDir, 'glam', manifest.sql.file))
  }
  if (manifest.sql.dialect !== 'sqlite')
    throw new Error('this snapshot holds a MariaDB/MySQL dump: give a mysql:// URL')
  if (await stat(target).catch(() => null)) throw new Error(`${target} exists: move it away first`)
  await mkdir(resolve(target, '..'), { recursive: true })
  await cp(join(restoredDir, 'glam', manifest.sql.file), target)
}
