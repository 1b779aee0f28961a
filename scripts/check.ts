// The Monitoring Plugins / Nagios check of a running Glam; run it as `scripts/check` (from any
// directory) or `npm run -s check`. Readiness and the event backlog from GET /readyz of
// GLAM_CHECK_URL (or --url; default http://localhost:$PORT), failed and overdue jobs and links
// whose slug is now a reserved first segment from DATABASE_URL. Prints the status line first
// (`GLAM OK - … | perfdata`) and exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments or
// configuration). `--help` lists the options.
import { existsSync, readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isReservedSegment, scrubString } from '@glam/core'
import {
  type CheckInput,
  type CheckOptions,
  CheckUsageError,
  checkUsage,
  evaluateCheck,
  type NagiosStatus,
  nagios,
  resolveCheckOptions,
} from '@glam/jobs/check'

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..')

/** Writes the plugin's output and exits once it is out (a pipe may still be draining). */
function finish(output: string, status: NagiosStatus): never {
  process.exitCode = nagios[status]
  process.stdout.write(`${output}\n`, () => process.exit(nagios[status]))
  // Exit even if stdout never drains (a closed pipe): the verdict is the exit code.
  setTimeout(() => process.exit(nagios[status]), 1000).unref()
  return undefined as never
}

const firstLine = (err: unknown) =>
  scrubString(String((err as Error)?.message ?? err))
    .split('\n')[0]!
    .slice(0, 200)

/**
 * GET with node:http(s), not fetch: fetch refuses ports of its "bad port" list (6000, 10080, …)
 * that a Glam may well listen on, and hides the socket error behind `fetch failed`.
 */
function get(url: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolveAnswer, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest
    const req = send(url, { headers: { accept: 'application/json', 'user-agent': 'glam-check' } }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size <= 1024 * 1024) chunks.push(chunk)
      })
      res.on('end', () =>
        resolveAnswer({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      )
      res.on('error', reject)
    })
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs)
    req.on('error', reject)
    req.on('close', () => clearTimeout(timer))
    req.end()
  })
}

async function readReadiness(options: CheckOptions): Promise<CheckInput['readiness']> {
  const started = performance.now()
  try {
    const res = await get(`${options.url}/readyz`, options.timeoutSeconds * 1000)
    const elapsedMs = performance.now() - started
    let body: unknown = null
    try {
      body = JSON.parse(res.text)
    } catch {
      // not JSON: reported by the verdict as an answer without a readiness report
    }
    return {
      httpStatus: res.status,
      body: body && typeof body === 'object' && !Array.isArray(body) ? (body as never) : null,
      elapsedMs,
    }
  } catch (err) {
    return { error: firstLine(err) }
  }
}

/** The SQLite file a `file:` URL names (relative to the working directory, as libsql reads it). */
function sqliteFile(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined
  const withoutQuery = url.replace(/\?.*$/, '')
  return withoutQuery.startsWith('file://')
    ? fileURLToPath(withoutQuery)
    : resolve(withoutQuery.slice('file:'.length))
}

type RunsResult = Pick<CheckInput, 'runs' | 'runsError' | 'slugCollisions' | 'slugCollisionsError'>

async function readRuns(options: CheckOptions, jobs: CheckInput['jobs']): Promise<RunsResult> {
  const file = sqliteFile(options.databaseUrl)
  // Never create a database: a missing file is a wrong DATABASE_URL, not an empty platform.
  if (file && !existsSync(file))
    return {
      runs: {},
      runsError: { level: 'UNKNOWN', error: `no SQLite database at ${file} (DATABASE_URL)` },
    }
  const { connectDatabase } = await import('@glam/db')
  const { jobsRepository } = await import('@glam/db/repositories/jobs')
  const { linksRepository } = await import('@glam/db/repositories/links')
  let database: Awaited<ReturnType<typeof connectDatabase>> | undefined
  try {
    database = await connectDatabase(options.databaseUrl, { poolSize: 1 })
    const repo = jobsRepository({ database, now: () => new Date(), masterKey: '' })
    const runs: CheckInput['runs'] = {}
    for (const job of jobs) {
      runs[job.name] = {
        last: await repo.lastRun(job.name),
        lastSuccess: await repo.lastRun(job.name, 'succeeded'),
      }
    }
    // isReservedSegment is asked, not copied: loading @glam/platform/functions (main) reserved
    // the first segments the manifests claim, beside the built-in ones.
    try {
      const links = linksRepository({ database, now: () => new Date(), masterKey: '' })
      const found = await links.reservedSlugCollisions(isReservedSegment, { limit: 5 })
      return { runs, slugCollisions: { count: found.count, slugs: found.collisions.map((l) => l.slug) } }
    } catch (err) {
      const e = err as Error & { cause?: Error }
      return { runs, slugCollisionsError: firstLine(e?.cause ?? e) }
    }
  } catch (err) {
    const e = err as Error & { cause?: Error & { code?: string }; code?: string }
    const cause = e?.cause ?? e
    const text = `${cause?.message ?? ''} ${cause?.code ?? ''} ${e?.code ?? ''}`
    // The database answered, but it is not (yet) Glam's: a configuration problem.
    if (/no such table|ER_NO_SUCH_TABLE|doesn't exist/i.test(text))
      return {
        runs: {},
        runsError: {
          level: 'UNKNOWN',
          error: 'no Glam tables in DATABASE_URL (wrong database, or not migrated)',
        },
      }
    if (/ER_ACCESS_DENIED|ER_BAD_DB_ERROR|ER_DBACCESS_DENIED|SQLITE_NOTADB|SQLITE_CANTOPEN/i.test(text))
      return { runs: {}, runsError: { level: 'UNKNOWN', error: firstLine(cause) } }
    return { runs: {}, runsError: { level: 'CRITICAL', error: `unreachable: ${firstLine(cause)}` } }
  } finally {
    await database?.close().catch(() => undefined)
  }
}

/**
 * `scripts/check backup [--warn-hours H] [--crit-hours H]`: the age of the last good backup and
 * restore test from DATABASE_URL's job records (thresholds GLAM_BACKUP_WARN_HOURS and
 * GLAM_BACKUP_CRIT_HOURS).
 */
async function backupCheck(args: string[]): Promise<void> {
  const { backupSettings } = await import('@glam/backups/settings')
  const { evaluateBackupCheck } = await import('@glam/ops/check')
  const flag = (name: string) => {
    const i = args.indexOf(name)
    return i >= 0 ? args[i + 1] : undefined
  }
  const threshold = (name: string, env: string | undefined, s: typeof backupSettings.backupWarnHours) => {
    const parsed = s.schema.safeParse(env ?? s.default)
    if (!parsed.success) throw new CheckUsageError(`${name} must be a number of hours from 1 to 2160`)
    return parsed.data
  }
  let warnHours: number
  let critHours: number
  try {
    warnHours = threshold(
      '--warn-hours',
      flag('--warn-hours') ?? process.env.GLAM_BACKUP_WARN_HOURS,
      backupSettings.backupWarnHours,
    )
    critHours = threshold(
      '--crit-hours',
      flag('--crit-hours') ?? process.env.GLAM_BACKUP_CRIT_HOURS,
      backupSettings.backupCritHours,
    )
    if (critHours < warnHours)
      throw new CheckUsageError('the critical threshold must not be below the warning one')
  } catch (err) {
    if (err instanceof CheckUsageError) return finish(`GLAM BACKUP UNKNOWN - ${err.message}`, 'UNKNOWN')
    throw err
  }
  const databaseUrl = process.env.DATABASE_URL ?? 'file:.data/glam.db'
  const file = sqliteFile(databaseUrl)
  if (file && !existsSync(file))
    return finish(`GLAM BACKUP UNKNOWN - no SQLite database at ${file} (DATABASE_URL)`, 'UNKNOWN')
  const { connectDatabase } = await import('@glam/db')
  const { jobsRepository } = await import('@glam/db/repositories/jobs')
  let database: Awaited<ReturnType<typeof connectDatabase>> | undefined
  try {
    database = await connectDatabase(databaseUrl, { poolSize: 1 })
    const repo = jobsRepository({ database, now: () => new Date(), masterKey: '' })
    const runs = async (job: string) => ({
      last: await repo.lastRun(job),
      lastSuccess: await repo.lastRun(job, 'succeeded'),
    })
    const { status, line } = evaluateBackupCheck({
      now: new Date(),
      warnHours,
      critHours,
      backup: await runs('backup'),
      restoreTest: await runs('restore-test'),
    })
    return finish(line, status)
  } catch (err) {
    return finish(`GLAM BACKUP UNKNOWN - the job records are unreadable: ${firstLine(err)}`, 'UNKNOWN')
  } finally {
    await database?.close().catch(() => undefined)
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'backup') return backupCheck(process.argv.slice(3))
  let options: CheckOptions
  try {
    options = resolveCheckOptions(process.argv.slice(2), process.env)
  } catch (err) {
    if (err instanceof CheckUsageError)
      return finish(`GLAM UNKNOWN - ${err.message}\n${checkUsage.split('\n')[0]}`, 'UNKNOWN')
    throw err
  }
  // As the Monitoring Plugins do: help and version are not a check, and answer UNKNOWN.
  if (options.help) return finish(checkUsage, 'UNKNOWN')
  if (options.version) {
    const { version } = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as {
      version: string
    }
    return finish(`glam check ${version}`, 'UNKNOWN')
  }
  // The last resort: whatever hangs, the plugin answers within its timeout (and a little).
  setTimeout(
    () => finish(`GLAM UNKNOWN - the check did not finish within ${options.timeoutSeconds}s`, 'UNKNOWN'),
    options.timeoutSeconds * 1000 + 3000,
  ).unref()
  // /readyz is asked at once; the job records once the code that reads them is loaded, and the
  // database gets the same timeout from then on.
  const started = Date.now()
  const readiness = readReadiness(options)
  // The job catalogue comes from the functions' manifests, which load every function (seconds on
  // a busy machine). When /readyz has already failed by the time they are loaded, the plugin
  // answers CRITICAL at once rather than miss its timeout; the job records are then not read.
  let loaded = false
  const loading = Promise.all([
    import('@glam/platform/functions'),
    import('@glam/db'),
    import('@glam/db/repositories/jobs'),
    import('@glam/db/repositories/links'),
  ]).then(([functions]) => {
    loaded = true
    return functions
  })
  const early = await Promise.race([readiness, loading.then(() => null)])
  // Unreachable at once (refused): there is time to load and still read the job records.
  const budgetMs = options.timeoutSeconds * 1000 - (Date.now() - started) - 500
  if (early && 'error' in early && !loaded && budgetMs > 0)
    await Promise.race([loading, new Promise((r) => setTimeout(r, budgetMs).unref())])
  if (early && 'error' in early && !loaded) {
    const { status, line } = evaluateCheck({
      readiness: early,
      jobs: [],
      runs: {},
      runsError: { level: 'UNKNOWN', error: 'not read (Glam did not answer first)' },
      now: new Date(),
      backlog: options.backlog,
      timeoutSeconds: options.timeoutSeconds,
    })
    return finish(line, status)
  }
  const { jobCatalogue } = await loading
  const deadline = new Promise<RunsResult>((r) =>
    setTimeout(
      () =>
        r({
          runs: {},
          runsError: { level: 'CRITICAL', error: `no answer within ${options.timeoutSeconds}s` },
        }),
      options.timeoutSeconds * 1000,
    ).unref(),
  )
  const runs = await Promise.race([readRuns(options, jobCatalogue), deadline])
  const { status, line } = evaluateCheck({
    readiness: await readiness,
    jobs: jobCatalogue,
    ...runs,
    now: new Date(),
    backlog: options.backlog,
    timeoutSeconds: options.timeoutSeconds,
  })
  finish(line, status)
}

main().catch((err) => finish(`GLAM UNKNOWN - ${firstLine(err)}`, 'UNKNOWN'))
