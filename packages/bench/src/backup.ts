// Backups (`BENCH_ONLY=backup`): the demo data plus 1,000,000 generated orders on a MariaDB,
// backed up with restic (mariadb-dump in one transaction, a row per INSERT, counted as it
// streams; encrypted, deduplicated, compressed) beside a plain `mariadb-dump | gzip` and a file
// copy of the database's InnoDB files in the same run; then an unchanged re-backup, and the
// restore (restic restore, then the check that loads the dump into a scratch database).
// Aims: the backup at most 1.5× the plain dump's time; the unchanged re-backup at most 0.2× the
// first's (printed for the bytes it adds and for its time: it dumps the database again, so its
// time cannot fall below the dump's).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, parseConfig } from '@glam/core'
import { connectDatabase, migrateDatabase, type SqlDatabase } from '@glam/db'
import { demo } from '@glam/db/demo'
import { newId } from '@glam/db/ids'
import { runBackup } from '@glam/ops/backup'
import { dumpMysql, mysqlServerOf } from '@glam/ops/mysql'
import { restoreInto } from '@glam/ops/restore'
import { backupInputOf, resticOf } from '@glam/ops/targets'
import { prepareLocalPlatform } from '@glam/platform/prepare'
import { hasMariaDb, startMariaDb } from '@glam/testing/mariadb'
import { requireTool } from '@glam/testing/strict'

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10
const seconds = (ms: number) => Math.round(ms / 100) / 10
const du = (path: string) => Number(execFileSync('du', ['-sb', path]).toString().split('\t')[0])

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now()
  const value = await work()
  return [value, performance.now() - started]
}

export async function backupBench({ orders = Number(process.env.BENCH_BACKUP_ORDERS ?? 1_000_000) } = {}) {
  if (!requireTool(hasMariaDb(), 'MariaDB (Debian package mariadb-server)')) return undefined
  if (!requireTool(spawnSync('restic', ['version']).status === 0, "restic (Debian's restic)"))
    return undefined
  const dir = mkdtempSync(join(tmpdir(), 'glam-bench-backup-'))
  const server = await startMariaDb({ durable: true })
  try {
    const name = 'glam_bench'
    const url = await server.createDatabase(name)
    const database = await connectDatabase(url)
    await migrateDatabase(database)
    await database.close()
    const config = parseConfig({
      GLAM_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
      GLAM_EVENTS: 'memory',
      GLAM_SCHEDULER: 'false',
      GLAM_DEMO_SHOP_PORT: '0',
      GLAM_BLOBS_DIR: join(dir, 'blobs'),
      GLAM_BACKUP_REPO: join(dir, 'repo'),
      GLAM_BACKUP_PASSWORD: 'bench-backup-password-0123',
      GLAM_BACKUP_STAGE_DIR: join(dir, 'stage'),
    })
    const platform = await prepareLocalPlatform('node', config, { logger: createLogger({ level: 'warn' }) })
    const { t, ops } = platform.database as SqlDatabase
    const [, insertMs] = await timed(async () => {
      for (let n = 0; n < orders; n += 2000) {
        const at = new Date(Date.UTC(2026, 5, 1) + n * 1000)
        await ops.atomic((tx) => [
          tx.insert(t.orders).values(
            Array.from({ length: Math.min(2000, orders - n) }, (_, i) => ({
              id: newId(),
              shopId: demo.shopId,
              orderRef: `BK-${n + i}`,
              status: 'placed' as const,
              currency: 'EUR',
              totalMinor: 1000 + ((n + i) % 9000),
              refundedMinor: 0,
              coupon: (n + i) % 5 === 0 ? 'SUMMER10' : null,
              clickId: null,
              linkId: demo.lenaLinkId,
              influencerId: demo.lenaId,
              campaignId: demo.campaignId,
              customerId: demo.customerId,
              attributionModel: 'last_click' as const,
              source: 'browser' as const,
              placedAt: at,
              createdAt: at,
              updatedAt: at,
            })),
          ),
        ])
      }
    })
    console.log(`\nBackups: ${orders} orders inserted in ${seconds(insertMs)} s`)
    const s = mysqlServerOf(url)
    const env = { ...process.env, MYSQL_PWD: s.password }
    const clientArgs = ['-h', s.host, '-P', String(s.port), '-u', s.user, '--protocol=TCP']

    // Baselines, in the same run: the plain dump piped through gzip, and a copy of the files.
    const gz = join(dir, 'plain.sql.gz')
    const [, dumpMs] = await timed(() =>
      execFileSync(
        'sh',
        ['-c', `mariadb-dump ${clientArgs.join(' ')} --single-transaction ${name} | gzip > ${gz}`],
        { env },
      ),
    )
    const [, copyMs] = await timed(() =>
      execFileSync('cp', ['-r', join(server.datadir, name), join(dir, 'copy')]),
    )
    // The backup's own dump alone (a row per INSERT, counted as it streams), for the breakdown.
    const [, ownDumpMs] = await timed(() => dumpMysql(url, join(dir, 'own-dump')))
    const input = backupInputOf(platform)
    const [first, firstMs] = await timed(() => runBackup({ ...input, keepAll: true }))
    const [again, againMs] = await timed(() => runBackup({ ...input, keepAll: true }))
    const restic = resticOf(config)
    const [, restoreMs] = await timed(() => restic.restore('latest', join(dir, 'restored')))
    const [verified, verifyMs] = await timed(() =>
      restoreInto({ restic, snapshot: 'latest', into: join(dir, 'restored-checked'), mysqlServer: s }),
    )
    const figures = {
      orders,
      rows: first.rows,
      plainDump: { seconds: seconds(dumpMs), mb: mb(statSync(gz).size) },
      fileCopy: { seconds: seconds(copyMs), mb: mb(du(join(dir, 'copy'))) },
      ownDump: { seconds: seconds(ownDumpMs), mb: mb(du(join(dir, 'own-dump'))) },
      backup: {
        seconds: seconds(firstMs),
        addedMb: mb(first.dataAdded),
        repositoryMb: mb(first.repositorySize),
      },
      unchanged: { seconds: seconds(againMs), addedMb: mb(again.dataAdded) },
      restore: { seconds: seconds(restoreMs) },
      restoreAndCheck: {
        seconds: seconds(verifyMs),
        ok: verified.restored ? verified.verification.ok : false,
      },
      backupVsDump: Math.round((firstMs / dumpMs) * 100) / 100,
      unchangedVsFirst: Math.round((againMs / firstMs) * 100) / 100,
      unchangedAddedVsFirst: Math.round((again.dataAdded / Math.max(1, first.dataAdded)) * 1000) / 1000,
    }
    console.log(
      [
        `  plain mariadb-dump | gzip   ${figures.plainDump.seconds} s, ${figures.plainDump.mb} MB`,
        `  file copy of the database   ${figures.fileCopy.seconds} s, ${figures.fileCopy.mb} MB`,
        `  the backup's dump alone     ${figures.ownDump.seconds} s, ${figures.ownDump.mb} MB (a row per INSERT, counted)`,
        `  restic backup (first)       ${figures.backup.seconds} s, ${figures.backup.addedMb} MB added, repository ${figures.backup.repositoryMb} MB  → ${figures.backupVsDump}× the dump (aim ≤ 1.5×)`,
        `  restic backup (unchanged)   ${figures.unchanged.seconds} s (${figures.unchangedVsFirst}× the first), ${figures.unchanged.addedMb} MB added (${figures.unchangedAddedVsFirst}× the first's; aim ≤ 0.2×)`,
        `  restic restore              ${figures.restore.seconds} s`,
        `  restore + check (scratch db) ${figures.restoreAndCheck.seconds} s, ${figures.restoreAndCheck.ok ? 'matches the manifest' : 'DIFFERS'}`,
      ].join('\n'),
    )
    await platform.close?.()
    return figures
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
