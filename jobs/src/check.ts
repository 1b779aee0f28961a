/**
 * The monitoring verdict behind `npm run check`: readiness, event backlog, failed and overdue
 * jobs, as one Nagios-plugin line (`SERVICE STATUS - text | perfdata`) and exit code.
 */
import { Cron } from 'croner'
import type { JobDefinition } from './define.ts'

export const nagios = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const
export type NagiosStatus = keyof typeof nagios

export interface CheckInput {
  /** The body of GET /readyz, or an error when it could not be fetched. */
  readiness:
    | { httpStatus: number; body: { status?: string; ports?: Record<string, Record<string, unknown>> } }
    | { error: string }
  jobs: readonly JobDefinition[]
  /** Per job: the last run and the last successful run (null when none). */
  runs: Record<
    string,
    { last: { status: string; startedAt: Date } | null; lastSuccess: { startedAt: Date } | null }
  >
  now: Date
  backlog?: { warning: number; critical: number }
}

export function evaluateCheck(input: CheckInput): { status: NagiosStatus; line: string } {
  const problems: { level: NagiosStatus; text: string }[] = []
  let backlog = 0
  const limits = input.backlog ?? { warning: 10_000, critical: 100_000 }
  if ('error' in input.readiness) {
    problems.push({ level: 'CRITICAL', text: `not reachable: ${input.readiness.error}` })
  } else {
    const { httpStatus, body } = input.readiness
    if (httpStatus !== 200 || body.status === 'unavailable') {
      const down = Object.entries(body.ports ?? {})
        .filter(([, p]) => p.status === 'down')
        .map(([name]) => name)
      problems.push({
        level: 'CRITICAL',
        text: `not ready (${down.join(', ') || `HTTP ${httpStatus}`} down)`,
      })
    } else if (body.status === 'degraded') {
      problems.push({ level: 'WARNING', text: 'degraded' })
    }
    const events = body.ports?.events ?? {}
    backlog = Number(events.backlog ?? events.buffered ?? 0)
    if (backlog >= limits.critical) problems.push({ level: 'CRITICAL', text: `event backlog ${backlog}` })
    else if (backlog >= limits.warning) problems.push({ level: 'WARNING', text: `event backlog ${backlog}` })
  }
  let failed = 0
  let overdue = 0
  for (const job of input.jobs) {
    const { last, lastSuccess } = input.runs[job.name] ?? { last: null, lastSuccess: null }
    if (last && last.status !== 'succeeded' && last.status !== 'running') {
      failed++
      problems.push({ level: 'WARNING', text: `${job.name} ${last.status}` })
    }
    // Overdue: no success since three scheduled ticks ago (only once the job has ever run).
    const ticks = new Cron(job.schedule, { timezone: job.timezone, paused: true }).previousRuns(3, input.now)
    const threshold = ticks[ticks.length - 1]
    if (last && threshold && (!lastSuccess || lastSuccess.startedAt < threshold)) {
      overdue++
      problems.push({ level: 'WARNING', text: `${job.name} overdue` })
    }
  }
  const status: NagiosStatus = problems.some((p) => p.level === 'CRITICAL')
    ? 'CRITICAL'
    : problems.some((p) => p.level === 'WARNING')
      ? 'WARNING'
      : 'OK'
  const text =
    problems.length > 0 ? problems.map((p) => p.text).join('; ') : `ready; ${input.jobs.length} jobs ok`
  const perf = `backlog=${backlog};${limits.warning};${limits.critical};0 jobs_failed=${failed};1;;0 jobs_overdue=${overdue};1;;0`
  return { status, line: `GLAM ${status} - ${text} | ${perf}` }
}
