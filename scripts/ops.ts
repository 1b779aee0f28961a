// `npm run ops -- backup | restore-test | snapshots | restore <snapshot> --into <dir> [--database <file>] [--dry-run]`
// (`--json` for machine output). backup and restore-test run the jobs of the same names through
// the job runner, so each run is recorded in job_runs (what `scripts/check backup` reads) and
// honours the job's lease; restore puts a snapshot's files into a new directory and checks them
// against its manifest (--database also puts the database in place: the SQLite copy at a path, or
// the dump loaded into an empty mysql:// database; --events loads the events into the configured
// ClickHouse — CLICKHOUSE_URL, or the embedded chDB front of a running `npm start` — into
// empty tables). The repository
// and its password come from GLAM_BACKUP_REPO and GLAM_BACKUP_PASSWORD.
import { hostname, userInfo } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, parseConfig, scrubString } from '@glam/core'
import { findJob, runJob } from '@glam/jobs'
import { redact } from '@glam/ops/backup'
import { mysqlServerOf } from '@glam/ops/mysql'
import { placeDatabase, restoreInto } from '@glam/ops/restore'
import { restoreClickHouse } from '@glam/ops/sources'
import { clickhouseTarget, resticOf } from '@glam/ops/targets'

const usage = [
  'usage: npm run ops -- backup [--json]',
  '       npm run ops -- restore-test [--json]',
  '       npm run ops -- snapshots [--json]',
  '       npm run ops -- restore <snapshot|latest> --into <new dir> [--database <file|mysql://…>] [--events] [--dry-run] [--json]',
].join('\n')

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      into: { type: 'string' },
      database: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      events: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  })
  const [command, snapshot] = positionals
  const say = (text: string, data: unknown) => console.log(values.json ? JSON.stringify(data) : text)
  const refuse = (code: string, message: string) => {
    if (values.json) console.log(JSON.stringify({ error: { code, message } }))
    else console.error(`${message}\n${usage}`)
    return 64
  }
  // Every function's settings (the backups' among them), as `npm start` reads them.
  const { containerJobCatalogue } = await import('@glam/platform/container-routes')
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env, GLAM_SCHEDULER: 'false' })

  if (command === 'backup' || command === 'restore-test') {
    const job = findJob(command, containerJobCatalogue)!
    const { prepareLocalPlatform } = await import('@glam/platform/prepare')
    const platform = await prepareLocalPlatform('node', config)
    try {
      const outcome = await runJob(job, {
        platform,
        trigger: 'manual',
        triggeredBy: `ops ${userInfo().username}@${hostname()}`,
        holder: `${hostname()}:${process.pid}`,
      })
      if (outcome.status === 'skipped') {
        say(`skipped: ${outcome.reason}`, { status: 'skipped', reason: outcome.reason })
        return 2
      }
      const summary = 'summary' in outcome ? outcome.summary : undefined
      const error = 'error' in outcome ? outcome.error : undefined
      say(
        `${command} ${outcome.status}${summary ? ` ${JSON.stringify(summary)}` : ''}${error ? `: ${error}` : ''}`,
        { command, status: outcome.status, summary: summary ?? null, error: error ?? null },
      )
      return outcome.status === 'succeeded' ? 0 : 1
    } finally {
      await platform.close?.()
    }
  }

  const restic = resticOf(config)
  if (command === 'snapshots') {
    const list = await restic.snapshots(['glam'])
    say(
      list.length
        ? list
            .map((s) => `${s.short_id}  ${s.time.slice(0, 19)}Z  ${s.hostname}  ${s.paths.join(' ')}`)
            .join('\n')
        : `no snapshots in ${redact(restic.repository)}`,
      { repository: redact(restic.repository), snapshots: list },
    )
    return 0
  }
  if (command === 'restore') {
    if (!snapshot) return refuse('USAGE', 'name the snapshot to restore (an id from `snapshots`, or latest)')
    if (!values.into) return refuse('USAGE', 'say where to restore: --into <new directory>')
    // A MariaDB/MySQL dump is checked on a scratch database of the --database server, else DATABASE_URL's.
    const server = [values.database, config.databaseUrl].find((u) => u && /^(mysql|mariadb):/.test(u))
    const result = await restoreInto({
      restic,
      snapshot,
      into: values.into,
      dryRun: values['dry-run'],
      mysqlServer: server ? mysqlServerOf(server) : undefined,
    })
    const m = result.manifest
    const holds = `${Object.keys(m.sql.tables).length} tables (${Object.values(m.sql.tables).reduce((a, b) => a + b, 0)} rows), ${Object.keys(m.clickhouse?.tables ?? {}).length} ClickHouse tables, ${m.blobs?.count ?? 0} blobs`
    if (!result.restored) {
      say(
        `dry run: snapshot ${result.snapshot.short_id} of ${m.createdAt} holds ${holds}; nothing restored`,
        result,
      )
      return 0
    }
    const v = result.verification
    if (!v.ok) {
      say(
        `restored into ${result.into}, but it differs from its manifest:\n- ${v.problems.join('\n- ')}`,
        result,
      )
      return 1
    }
    if (values.database) await placeDatabase(result.into, m, values.database)
    let events = ''
    if (values.events && m.clickhouse) {
      const target = clickhouseTarget(config)
      if (!target)
        return refuse(
          'NO_EVENTS_STORE',
          `GLAM_EVENTS=${config.events}: there is no ClickHouse to load the events into`,
        )
      const loaded = await restoreClickHouse(target, result.into, m.clickhouse)
      // The rollups are derived: filled again from the raw tables just loaded.
      const { createClickHouseBackend } = await import('@glam/events')
      const { rebuildRollups } = await import('@glam/events/rollups')
      const backend = await createClickHouseBackend(target)
      try {
        await rebuildRollups(backend)
      } finally {
        await backend.close()
      }
      events = `; events loaded into ${target.database}: ${Object.entries(loaded)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}, rollups rebuilt`
    }
    say(
      `restored ${result.snapshot.short_id} into ${result.into}: ${holds}, checked against the manifest${values.database ? `; database at ${values.database}` : ''}${events}\nnext: the SQLite copy is ${join(result.into, 'glam', m.sql.file)}, the blobs ${m.blobs ? join(result.into, m.blobs.dir) : '(none)'}, the events ${join(result.into, 'glam/clickhouse')}`,
      result,
    )
    return 0
  }
  return refuse('USAGE', usage)
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(
      err instanceof ConfigError
        ? err.message
        : `glam ops: ${scrubString(String((err as Error)?.message ?? err))}`,
    )
    process.exit(err instanceof ConfigError ? 78 : 1)
  },
)
