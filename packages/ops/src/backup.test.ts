// Backups of the demo platform (SQLite with its demo data, events in a real chDB, blobs in the
// filesystem store) with the real restic into a local repository: restored into scratch space
// they match row for row and blob for blob; an unchanged re-backup adds next to nothing; a
// corrupted repository makes the restore test fail, the restore-test job fail, and the `backup`
// check CRITICAL (exit 2), while a good one is OK; a restore into a directory is checked too.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '@glam/core'
import { createClickHouseBackend } from '@glam/events'
import { startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { rebuildRollups } from '@glam/events/rollups'
import { runJob } from '@glam/jobs'
import { containerJobCatalogue } from '@glam/platform/container-routes'
import { runScript } from '@glam/testing/child'
import { type ClickHouseApp, startClickHouseApp } from '@glam/testing/clickhouse-app'
import { freePort, repoRoot } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBackup } from './backup.ts'
import { createRestic } from './restic.ts'
import { restoreInto, restoreTest } from './restore.ts'
import { restoreClickHouse } from './sources.ts'
import { backupInputOf } from './targets.ts'

const hasRestic = spawnSync('restic', ['version']).status === 0

describe.runIf(hasRestic || process.env.CI)('backups with restic', () => {
  let ch: ClickHouseApp
  const dir = mkdtempSync(join(tmpdir(), 'glam-backup-'))
  const repo = join(dir, 'repo')
  const env = {
    GLAM_BACKUP_REPO: repo,
    GLAM_BACKUP_PASSWORD: 'test-backup-password-0123',
    GLAM_BACKUP_STAGE_DIR: join(dir, 'stage'),
  }
  const restic = createRestic({ repository: repo, password: env.GLAM_BACKUP_PASSWORD })
  const job = (name: string) => containerJobCatalogue.find((j) => j.name === name)!

  beforeAll(async () => {
    ch = await startClickHouseApp('backup', { env })
    const { platform, app } = ch.t
    // Blobs and events beside the demo data: two files, and clicks on a demo shortlink.
    await platform.blobs.put('backup-test/a.txt', new TextEncoder().encode('first blob'))
    await platform.blobs.put(
      'backup-test/b.bin',
      new Uint8Array(70_000).map((_, i) => i % 251),
    )
    for (let i = 0; i < 5; i++) await app.request('/summer-lena', { headers: { 'user-agent': `test ${i}` } })
    await platform.events.flush()
  }, 90_000)
  afterAll(async () => {
    await ch?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('backs up SQL, events and blobs into one snapshot that restores row for row and blob for blob', async () => {
    const input = { ...backupInputOf(ch.t.platform), keepAll: true }
    const first = await runBackup(input)
    expect(first.snapshotId).toMatch(/^[0-9a-f]{8,64}$/)
    expect(first.tables).toBeGreaterThan(30)
    expect(first.rows).toBeGreaterThan(50)
    expect(first.eventRows).toBeGreaterThanOrEqual(5)
    expect(first.blobs).toBeGreaterThanOrEqual(2)

    const scratch = join(dir, 'restored')
    const restored = await restoreInto({ restic, snapshot: 'latest', into: scratch })
    const verification = restored.restored ? restored.verification : null
    expect(verification, JSON.stringify(verification?.problems)).toMatchObject({ ok: true, problems: [] })
    const manifest = restored.manifest
    expect(manifest.sql.tables.links).toBeGreaterThan(0)
    expect(manifest.clickhouse!.tables.clicks!.rows).toBe(first.eventRows - sumOthers(manifest, 'clicks'))
    expect(manifest.blobs!.sample.map((s) => s.key)).toEqual(
      expect.arrayContaining(['backup-test/a.txt', 'backup-test/b.bin']),
    )
    // The events into another, empty ClickHouse: every table made from its DDL and filled.
    const other = await startEmbeddedClickHouse({
      path: join(dir, 'chdb-restored'),
      port: await freePort(),
      logger: createMemoryLogger('warn').logger,
    })
    try {
      const target = { url: other.url, database: 'glam' }
      const loaded = await restoreClickHouse(target, scratch, manifest.clickhouse!)
      expect(loaded).toEqual(
        Object.fromEntries(Object.entries(manifest.clickhouse!.tables).map(([name, t]) => [name, t.rows])),
      )
      await expect(restoreClickHouse(target, scratch, manifest.clickhouse!)).rejects.toThrow(
        /already holds rows/,
      )
      // The rollups were kept as DDL only (derived), and rebuild from the raw tables.
      expect(Object.keys(manifest.clickhouse!.derived ?? {})).toContain('clicks_hourly')
      const backend = await createClickHouseBackend(target)
      try {
        await rebuildRollups(backend)
        const [hourly] = await backend.query<{ n: string }>('SELECT sum(clicks) AS n FROM glam.clicks_hourly')
        expect(Number(hourly!.n)).toBe(manifest.clickhouse!.tables.clicks!.rows)
      } finally {
        await backend.close()
      }
    } finally {
      await other.stop()
    }
    // A dry run restores nothing and says what the snapshot holds.
    const dry = await restoreInto({ restic, snapshot: 'latest', into: join(dir, 'dry'), dryRun: true })
    expect(dry.restored).toBe(false)
    expect(() => statSync(join(dir, 'dry'))).toThrow()
    // Into a directory that is not empty: refused.
    await expect(restoreInto({ restic, snapshot: 'latest', into: scratch })).rejects.toThrow(/not empty/)

    // Unchanged: the second snapshot adds next to nothing to the repository.
    const again = await runBackup(input)
    expect(again.snapshotId).not.toBe(first.snapshotId)
    expect(again.dataAdded).toBeLessThan(first.dataAdded * 0.2)
  }, 120_000)

  it('passes the restore test; a corrupted repository fails it, the job, and the backup check', async () => {
    const check = () =>
      runScript('scripts/check.ts', ['backup'], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: ch.t.config.databaseUrl },
      })
    const platform = ch.t.platform
    const run = (name: string) =>
      runJob(job(name), { platform, trigger: 'manual', triggeredBy: 'test', holder: `test:${process.pid}` })

    const none = await check()
    expect(none.status).toBe(2)
    expect(none.stdout).toMatch(/^GLAM BACKUP CRITICAL - no backup ever ran/)

    const backedUp = await run('backup')
    expect(backedUp, JSON.stringify(backedUp)).toMatchObject({ status: 'succeeded' })
    const good = await restoreTest({ restic, readDataSubset: '100%' })
    expect(good).toMatchObject({ ok: true, problems: [] })
    expect(good.rows).toBeGreaterThan(50)
    expect(await run('restore-test')).toMatchObject({ status: 'succeeded' })
    const ok = await check()
    expect([ok.status, ok.stdout]).toEqual([
      0,
      expect.stringMatching(/^GLAM BACKUP OK - last backup 0\.0 h ago/),
    ])
    expect(ok.stdout).toMatch(/\| backup_age=\d+s;93600;180000;0 .*restore_test_age=\d+s;93600;180000;0/)

    // Flip bytes in every pack file: restic's check and the restore must notice.
    const packs = join(repo, 'data')
    for (const shard of readdirSync(packs))
      for (const pack of readdirSync(join(packs, shard))) {
        const file = join(packs, shard, pack)
        const bytes = readFileSync(file)
        for (let i = 64; i < bytes.length; i += 97) bytes[i] = bytes[i]! ^ 0xff
        writeFileSync(file, bytes)
      }
    const bad = await restoreTest({ restic, readDataSubset: '100%' })
    expect(bad.ok).toBe(false)
    expect(bad.problems.join(' ')).toMatch(/restic (check|restore)/)
    expect(await run('restore-test')).toMatchObject({ status: 'failed' })
    const critical = await check()
    expect(critical.status).toBe(2)
    expect(critical.stdout).toMatch(/^GLAM BACKUP CRITICAL - .*restore test failed/)
  }, 180_000)

  it('answers bad arguments of the CLI and the check clearly', async () => {
    const ops = (args: string[]) =>
      runScript('scripts/ops.ts', [...args, '--json'], { cwd: repoRoot, env: { ...process.env, ...env } })
    const noInto = await ops(['restore', 'latest'])
    expect([noInto.status, JSON.parse(noInto.stdout).error.code]).toEqual([64, 'USAGE'])
    const unknown = await ops(['explode'])
    expect(unknown.status).toBe(64)
    const bad = execFileSync('sh', ['-c', 'scripts/check backup --warn-hours 0; echo "exit $?"'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: ch.t.config.databaseUrl },
    }).toString()
    expect(bad).toMatch(/^GLAM BACKUP UNKNOWN - --warn-hours must be a number/)
    expect(bad).toMatch(/exit 3/)
  }, 60_000)
})

/** Rows of the other event tables (the backup's eventRows counts every table). */
function sumOthers(
  manifest: { clickhouse: { tables: Record<string, { rows: number }> } | null },
  table: string,
) {
  return Object.entries(manifest.clickhouse?.tables ?? {})
    .filter(([name]) => name !== table)
    .reduce((n, [, t]) => n + t.rows, 0)
}
