/**
 * The monitoring verdict behind `scripts/check` (`npm run -s check`): readiness, event backlog,
 * failed and overdue jobs, links whose slug a reserved first segment shadows, as a Monitoring
 * Plugins / Nagios status line (`GLAM STATUS - text | perfdata`) and exit code, following the Monitoring Plugins development
 * guidelines: the status line first, perfdata `label=value[UOM];[warn];[crit];[min];[max]` only
 * for figures actually read, thresholds as ranges (`10`, `10:`, `~:10`, `10:20`, `@10:20`), and
 * UNKNOWN (3) for bad arguments or configuration.
 */
import { settings } from '@glam/core'
import { Cron } from 'croner'
import type { JobDefinition } from './define.ts'

export const nagios = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const
export type NagiosStatus = keyof typeof nagios

/** Worse first as the Monitoring Plugins rank them: CRITICAL > WARNING > UNKNOWN > OK. */
const severity: Record<NagiosStatus, number> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 }

/** A threshold range of the plugin guidelines: alert when the value is outside (or, with `@`, inside). */
export interface ThresholdRange {
  text: string
  start: number
  end: number
  inside: boolean
}

const number = /^[+-]?(\d+(\.\d*)?|\.\d+)$/

/** Parses `10`, `10:`, `~:10`, `10:20`, `@10:20`; throws on anything else. */
export function parseRange(text: string): ThresholdRange {
  const inside = text.startsWith('@')
  const body = inside ? text.slice(1) : text
  const colon = body.indexOf(':')
  const [rawStart, rawEnd] = colon === -1 ? ['0', body] : [body.slice(0, colon), body.slice(colon + 1)]
  const start = rawStart === '~' ? Number.NEGATIVE_INFINITY : Number(rawStart)
  const end = rawEnd === '' && colon !== -1 ? Number.POSITIVE_INFINITY : Number(rawEnd)
  const valid =
    (rawStart === '~' || number.test(rawStart)) &&
    ((rawEnd === '' && colon !== -1) || number.test(rawEnd)) &&
    start <= end
  if (!valid) throw new CheckUsageError(`invalid threshold range ${JSON.stringify(text)}`)
  return { text, start, end, inside }
}

/** True when `value` raises an alert for `range`. */
export function alerts(range: ThresholdRange, value: number): boolean {
  const within = value >= range.start && value <= range.end
  return range.inside ? within : !within
}

export type ReadyBody = {
  status?: unknown
  ports?: Record<string, Record<string, unknown>>
}

export type JobRuns = Record<
  string,
  { last: { status: string; startedAt: Date } | null; lastSuccess: { startedAt: Date } | null }
>

export interface CheckInput {
  /** The answer of GET /readyz (body null when it was not a JSON object), or why there was none. */
  readiness:
    | { httpStatus: number; body: ReadyBody | null; elapsedMs?: number }
    | { error: string; elapsedMs?: number }
  jobs: readonly JobDefinition[]
  /** Per job: the last run and the last successful run (null when none). */
  runs: JobRuns
  /**
   * Why the job records could not be read, when they could not (UNKNOWN for configuration,
   * CRITICAL for an unreachable database): no job figures are reported then.
   */
  runsError?: { error: string; level: 'CRITICAL' | 'UNKNOWN' }
  /**
   * Links whose slug is now a reserved first segment (they no longer redirect): how many, and the
   * first slugs. Absent when the links were not read (no figure is reported then).
   */
  slugCollisions?: { count: number; slugs: readonly string[] }
  /** Why the links could not be read, when the job records could (UNKNOWN). */
  slugCollisionsError?: string
  now: Date
  /** Event backlog thresholds (default: warning above 10,000, critical above 100,000). */
  backlog?: { warning: ThresholdRange; critical: ThresholdRange }
  /** The plugin timeout in seconds (the `max` of the `time` perfdata). */
  timeoutSeconds?: number
}

export const defaultBacklog = { warning: parseRange('10000'), critical: parseRange('100000') }

/** Status text must not hold `|` (it starts the perfdata) nor line breaks (they start long output). */
const clean = (text: string) => text.replace(/\|/g, '/').replace(/\s+/g, ' ').trim().slice(0, 300)

const figure = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))}s`

export function evaluateCheck(input: CheckInput): { status: NagiosStatus; line: string } {
  const problems: { level: NagiosStatus; text: string }[] = []
  const perf: string[] = []
  const limits = input.backlog ?? defaultBacklog
  const { readiness } = input
  if ('error' in readiness) {
    problems.push({ level: 'CRITICAL', text: `not reachable: ${readiness.error}` })
  } else {
    const { httpStatus, body } = readiness
    const ports = body && typeof body.ports === 'object' && body.ports ? body.ports : {}
    if (!body || typeof body.status !== 'string') {
      // Something answered that is not Glam's readiness report: a wrong URL, or a proxy's error page.
      problems.push(
        httpStatus === 200
          ? {
              level: 'UNKNOWN',
              text: '/readyz answered without a readiness report (is the URL a Glam server?)',
            }
          : { level: 'CRITICAL', text: `not ready (HTTP ${httpStatus})` },
      )
    } else if (httpStatus !== 200 || body.status === 'unavailable') {
      const down = Object.entries(ports)
        .filter(([, p]) => p?.status === 'down')
        .map(([name]) => name)
      problems.push({
        level: 'CRITICAL',
        text: `not ready (${down.length > 0 ? `${down.join(', ')} down` : `HTTP ${httpStatus}`})`,
      })
    } else if (body.status === 'degraded') {
      const degraded = Object.entries(ports)
        .filter(([, p]) => p?.status === 'degraded')
        .map(([name, p]) => (typeof p.detail === 'string' ? `${name}: ${p.detail}` : name))
      problems.push({
        level: 'WARNING',
        text: `degraded${degraded.length > 0 ? ` (${degraded.join(', ')})` : ''}`,
      })
    }
    const events = ports.events ?? {}
    const backlog = figure(events.backlog) ?? figure(events.buffered)
    if (backlog !== undefined) {
      if (alerts(limits.critical, backlog))
        problems.push({ level: 'CRITICAL', text: `event backlog ${backlog}` })
      else if (alerts(limits.warning, backlog))
        problems.push({ level: 'WARNING', text: `event backlog ${backlog}` })
      perf.push(`backlog=${backlog};${limits.warning.text};${limits.critical.text};0`)
    }
    const age = figure(events.oldestUndeliveredAgeMs)
    if (age !== undefined) perf.push(`event_age=${seconds(age)};;;0`)
    const restarts = figure(events.restarts)
    if (restarts !== undefined) perf.push(`clickhouse_restarts=${restarts}c;;;0`)
  }
  if (input.runsError) {
    problems.push({ level: input.runsError.level, text: `job records: ${input.runsError.error}` })
  } else {
    let failed = 0
    let overdue = 0
    for (const job of input.jobs) {
      const { last, lastSuccess } = input.runs[job.name] ?? { last: null, lastSuccess: null }
      if (last && last.status !== 'succeeded' && last.status !== 'running') {
        failed++
        problems.push({ level: 'WARNING', text: `${job.name} ${last.status}` })
      }
      // Overdue: no success since three scheduled ticks ago (only once the job has ever run).
      const ticks = new Cron(job.schedule, { timezone: job.timezone, paused: true }).previousRuns(
        3,
        input.now,
      )
      const threshold = ticks[ticks.length - 1]
      if (last && threshold && (!lastSuccess || lastSuccess.startedAt < threshold)) {
        overdue++
        problems.push({ level: 'WARNING', text: `${job.name} overdue` })
      }
    }
    perf.push(`jobs_failed=${failed};0;;0`, `jobs_overdue=${overdue};0;;0`)
  }
  if (input.slugCollisions) {
    const { count, slugs } = input.slugCollisions
    if (count > 0) {
      const named = slugs.slice(0, 5)
      const more = count > named.length ? `, and ${count - named.length} more` : ''
      problems.push({
        level: 'WARNING',
        text: `${count} ${count === 1 ? 'link collides' : 'links collide'} with reserved segments: ${named.join(', ')}${more}`,
      })
    }
    perf.push(`slug_collisions=${count};0;;0`)
  } else if (input.slugCollisionsError) {
    problems.push({ level: 'UNKNOWN', text: `link slugs: ${input.slugCollisionsError}` })
  }
  if (!('error' in readiness) && readiness.elapsedMs !== undefined) {
    perf.push(
      `time=${seconds(readiness.elapsedMs)};;;0${input.timeoutSeconds ? `;${input.timeoutSeconds}` : ''}`,
    )
  }
  const status = problems.reduce<NagiosStatus>(
    (worst, p) => (severity[p.level] > severity[worst] ? p.level : worst),
    'OK',
  )
  const text =
    problems.length > 0
      ? problems.map((p) => clean(p.text)).join('; ')
      : `ready; ${input.jobs.length} jobs ok`
  return { status, line: `GLAM ${status} - ${text}${perf.length > 0 ? ` | ${perf.join(' ')}` : ''}` }
}

/** Bad arguments or configuration: the plugin answers UNKNOWN (3) without checking anything. */
export class CheckUsageError extends Error {
  override readonly name = 'CheckUsageError'
}

export const checkUsage = `Usage: scripts/check [-u URL] [-w RANGE] [-c RANGE] [-t SECONDS] [-h] [-V]
       scripts/check backup [--warn-hours H] [--crit-hours H]
       npm run -s check -- [options]

Checks a running Glam: GET /readyz (every port's state, the event backlog) and the records in
DATABASE_URL (failed and overdue jobs; links whose slug is now a reserved first segment). Prints
one status line with perfdata and exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.

Options:
  -u, --url URL          Glam's base URL (default: GLAM_CHECK_URL, else http://localhost:$PORT)
  -w, --warning RANGE    event backlog warning range (default 10000: warn above 10,000)
  -c, --critical RANGE   event backlog critical range (default 100000)
  -t, --timeout SECONDS  give up after this long (default 10); /readyz not answering is CRITICAL
  -h, --help             this text
  -V, --version          the plugin's version

Ranges follow the Monitoring Plugins guidelines: N (outside 0..N), N: (below N), ~:N (above N),
N:M (outside N..M), @N:M (inside N..M).

\`backup\` checks the backups instead: the age of the last good backup and restore test from the
job records (thresholds GLAM_BACKUP_WARN_HOURS, default 26, and GLAM_BACKUP_CRIT_HOURS, 50);
CRITICAL when the newest restore test failed or no backup ever succeeded.

Environment: GLAM_CHECK_URL, PORT, DATABASE_URL (as the server's; a relative SQLite path is
relative to the repository). A bad option, URL or DATABASE_URL answers UNKNOWN.`

export interface CheckOptions {
  /** Base URL without a trailing slash. */
  url: string
  databaseUrl: string
  backlog: { warning: ThresholdRange; critical: ThresholdRange }
  timeoutSeconds: number
  help: boolean
  version: boolean
}

const flags: Record<string, 'url' | 'warning' | 'critical' | 'timeout' | 'help' | 'version'> = {
  '-u': 'url',
  '--url': 'url',
  '-w': 'warning',
  '--warning': 'warning',
  '-c': 'critical',
  '--critical': 'critical',
  '-t': 'timeout',
  '--timeout': 'timeout',
  '-h': 'help',
  '--help': 'help',
  '-V': 'version',
  '--version': 'version',
}

/** The check's options from its arguments and environment; throws CheckUsageError when they are bad. */
export function resolveCheckOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): CheckOptions {
  const given: Partial<Record<'url' | 'warning' | 'critical' | 'timeout', string>> = {}
  let help = false
  let version = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    let name = arg
    let value: string | undefined
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1
    if (eq > 0) {
      name = arg.slice(0, eq)
      value = arg.slice(eq + 1)
    } else if (/^-[uwct]./.test(arg)) {
      name = arg.slice(0, 2)
      value = arg.slice(2)
    }
    const flag = flags[name]
    if (!flag) {
      throw new CheckUsageError(
        arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${JSON.stringify(arg)}`,
      )
    }
    if (flag === 'help' || flag === 'version') {
      if (value !== undefined) throw new CheckUsageError(`${name} takes no value`)
      if (flag === 'help') help = true
      else version = true
      continue
    }
    if (value === undefined) {
      value = argv[++i]
      if (value === undefined) throw new CheckUsageError(`${name} needs a value`)
    }
    given[flag] = value
  }
  if (help || version) {
    return { url: '', databaseUrl: '', backlog: defaultBacklog, timeoutSeconds: 10, help, version }
  }

  let timeoutSeconds = 10
  if (given.timeout !== undefined) {
    timeoutSeconds = Number(given.timeout)
    if (!number.test(given.timeout) || !(timeoutSeconds > 0) || timeoutSeconds > 3600)
      throw new CheckUsageError(
        `--timeout ${JSON.stringify(given.timeout)} must be seconds between 0 and 3600`,
      )
  }
  const backlog = {
    warning: given.warning !== undefined ? parseRange(given.warning) : defaultBacklog.warning,
    critical: given.critical !== undefined ? parseRange(given.critical) : defaultBacklog.critical,
  }

  let rawUrl = given.url
  let source = '--url'
  if (rawUrl === undefined && env.GLAM_CHECK_URL !== undefined && env.GLAM_CHECK_URL !== '') {
    rawUrl = env.GLAM_CHECK_URL
    source = 'GLAM_CHECK_URL'
  }
  if (rawUrl === undefined) {
    const port = settings.port.schema.safeParse(env.PORT || settings.port.default)
    if (!port.success || port.data === 0)
      throw new CheckUsageError(`PORT=${env.PORT} names no port to check; set GLAM_CHECK_URL`)
    rawUrl = `http://localhost:${port.data}`
    source = 'PORT'
  }
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    throw new CheckUsageError(`${source}=${JSON.stringify(rawUrl)} is not a URL (e.g. http://localhost:3000)`)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.search || url.hash)
    throw new CheckUsageError(`${source}=${JSON.stringify(rawUrl)} must be an http(s) base URL`)

  const database = settings.databaseUrl.schema.safeParse(env.DATABASE_URL || settings.databaseUrl.default)
  if (!database.success) {
    throw new CheckUsageError(
      `DATABASE_URL is invalid: ${database.error.issues.map((issue) => issue.message).join('; ')}`,
    )
  }
  if (database.data === ':memory:' || /^file::memory:/.test(database.data))
    throw new CheckUsageError('DATABASE_URL is an in-memory database: it holds no job records to check')
  return {
    url: url.href.replace(/\/+$/, ''),
    databaseUrl: database.data,
    backlog,
    timeoutSeconds,
    help,
    version,
  }
}
