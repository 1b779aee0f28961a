import { describe, expect, it } from 'vitest'
import { evaluateCheck, nagios } from './check.ts'
import { defineJob } from './define.ts'

const job = defineJob({
  name: 'hourly',
  description: '',
  schedule: '0 * * * *',
  timezone: 'UTC',
  timeoutMs: 1000,
  edge: false,
  run: async () => ({}),
})
const now = new Date('2026-06-01T10:30:00Z')
const ready = { httpStatus: 200, body: { status: 'ready', ports: { events: { status: 'ok', buffered: 3 } } } }
const ok = {
  hourly: {
    last: { status: 'succeeded', startedAt: new Date('2026-06-01T10:00:01Z') },
    lastSuccess: { startedAt: new Date('2026-06-01T10:00:01Z') },
  },
}

describe('npm run check verdict', () => {
  it('is OK with a ready server and healthy jobs, with perfdata', () => {
    const { status, line } = evaluateCheck({ readiness: ready, jobs: [job], runs: ok, now })
    expect(status).toBe('OK')
    expect(nagios[status]).toBe(0)
    expect(line).toBe(
      'GLAM OK - ready; 1 jobs ok | backlog=3;10000;100000;0 jobs_failed=0;1;;0 jobs_overdue=0;1;;0',
    )
  })
  it('is CRITICAL when the server is unreachable or a port is down', () => {
    expect(evaluateCheck({ readiness: { error: 'ECONNREFUSED' }, jobs: [job], runs: ok, now }).status).toBe(
      'CRITICAL',
    )
    const down = { httpStatus: 503, body: { status: 'unavailable', ports: { database: { status: 'down' } } } }
    expect(evaluateCheck({ readiness: down, jobs: [job], runs: ok, now }).line).toMatch(
      /^GLAM CRITICAL - not ready \(database down\)/,
    )
  })
  it('warns on a failed last run, an overdue job, and a growing event backlog', () => {
    const failed = {
      hourly: {
        last: { status: 'failed', startedAt: new Date('2026-06-01T10:00:01Z') },
        lastSuccess: { startedAt: new Date('2026-06-01T06:00:00Z') },
      },
    }
    const result = evaluateCheck({ readiness: ready, jobs: [job], runs: failed, now })
    expect(result.status).toBe('WARNING')
    expect(result.line).toContain('hourly failed; hourly overdue')
    const backlog = { httpStatus: 200, body: { status: 'ready', ports: { events: { backlog: 20_000 } } } }
    expect(evaluateCheck({ readiness: backlog, jobs: [job], runs: ok, now }).line).toMatch(
      /^GLAM WARNING - event backlog 20000/,
    )
  })
  it('does not call a job overdue before it has ever run', () => {
    expect(evaluateCheck({ readiness: ready, jobs: [job], runs: {}, now }).status).toBe('OK')
  })
})
