import { describe, expect, it } from 'vitest'
import { alerts, CheckUsageError, evaluateCheck, nagios, parseRange, resolveCheckOptions } from './check.ts'
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
const ready = {
  httpStatus: 200,
  body: { status: 'ready', ports: { events: { status: 'ok', buffered: 3 } } },
}
const ok = {
  hourly: {
    last: { status: 'succeeded', startedAt: new Date('2026-06-01T10:00:01Z') },
    lastSuccess: { startedAt: new Date('2026-06-01T10:00:01Z') },
  },
}
const perfOf = (line: string) => line.split(' | ')[1] ?? ''

describe('the check verdict', () => {
  it('is OK with a ready server and healthy jobs, with perfdata', () => {
    const { status, line } = evaluateCheck({ readiness: ready, jobs: [job], runs: ok, now })
    expect(status).toBe('OK')
    expect(nagios[status]).toBe(0)
    expect(line).toBe(
      'GLAM OK - ready; 1 jobs ok | backlog=3;10000;100000;0 jobs_failed=0;0;;0 jobs_overdue=0;0;;0',
    )
  })

  it('reports the figures /readyz carries: backlog, oldest event age, ClickHouse restarts, response time', () => {
    const readiness = {
      httpStatus: 200,
      elapsedMs: 12.3456,
      body: {
        status: 'ready',
        ports: { events: { status: 'ok', backlog: 7, oldestUndeliveredAgeMs: 1500, restarts: 2 } },
      },
    }
    const { line } = evaluateCheck({ readiness, jobs: [job], runs: ok, now, timeoutSeconds: 10 })
    expect(perfOf(line)).toBe(
      'backlog=7;10000;100000;0 event_age=1.5s;;;0 clickhouse_restarts=2c;;;0 jobs_failed=0;0;;0 jobs_overdue=0;0;;0 time=0.012s;;;0;10',
    )
    // Every perfdata item has the guidelines' shape: label=value[UOM];[warn];[crit];[min];[max]
    for (const item of perfOf(line).split(' '))
      expect(item).toMatch(/^[a-z_]+=-?[\d.]+(s|%|B|KB|MB|TB|c)?(;[^;\s]*){0,4}$/)
  })

  it('is CRITICAL when the server is unreachable, without perfdata for figures it could not read', () => {
    const down = evaluateCheck({ readiness: { error: 'ECONNREFUSED' }, jobs: [job], runs: ok, now })
    expect(down.status).toBe('CRITICAL')
    expect(down.line).toBe(
      'GLAM CRITICAL - not reachable: ECONNREFUSED | jobs_failed=0;0;;0 jobs_overdue=0;0;;0',
    )
    expect(down.line).not.toContain('backlog')
    const nothing = evaluateCheck({
      readiness: { error: 'ECONNREFUSED' },
      jobs: [job],
      runs: {},
      runsError: { level: 'CRITICAL', error: 'unreachable: ECONNREFUSED' },
      now,
    })
    expect(nothing.line).toBe(
      'GLAM CRITICAL - not reachable: ECONNREFUSED; job records: unreachable: ECONNREFUSED',
    )
  })

  it('is CRITICAL when a port is down, naming it', () => {
    const down = {
      httpStatus: 503,
      body: { status: 'unavailable', ports: { database: { status: 'down' }, events: { backlog: 0 } } },
    }
    const { status, line } = evaluateCheck({ readiness: down, jobs: [job], runs: ok, now })
    expect(status).toBe('CRITICAL')
    expect(line).toMatch(/^GLAM CRITICAL - not ready \(database down\) \| backlog=0;/)
  })

  it('tells a foreign answer from a Glam one: CRITICAL for an error page, UNKNOWN for a 200 that is not Glam', () => {
    const proxyError = evaluateCheck({
      readiness: { httpStatus: 502, body: null },
      jobs: [job],
      runs: ok,
      now,
    })
    expect(proxyError.line).toMatch(/^GLAM CRITICAL - not ready \(HTTP 502\) \| jobs_failed/)
    const other = evaluateCheck({
      readiness: { httpStatus: 200, body: { hello: 1 } as never },
      jobs: [job],
      runs: ok,
      now,
    })
    expect(other.status).toBe('UNKNOWN')
    expect(other.line).toMatch(/^GLAM UNKNOWN - \/readyz answered without a readiness report/)
  })

  it('warns when degraded, naming the port and its detail', () => {
    const degraded = {
      httpStatus: 200,
      body: {
        status: 'degraded',
        ports: { events: { status: 'degraded', detail: 'ClickHouse unreachable', backlog: 12 } },
      },
    }
    const { status, line } = evaluateCheck({ readiness: degraded, jobs: [job], runs: ok, now })
    expect(status).toBe('WARNING')
    expect(line).toMatch(/^GLAM WARNING - degraded \(events: ClickHouse unreachable\) \| backlog=12;/)
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
    expect(perfOf(result.line)).toContain('jobs_failed=1;0;;0 jobs_overdue=1;0;;0')
    const backlog = { httpStatus: 200, body: { status: 'ready', ports: { events: { backlog: 20_000 } } } }
    expect(evaluateCheck({ readiness: backlog, jobs: [job], runs: ok, now }).line).toMatch(
      /^GLAM WARNING - event backlog 20000 \| backlog=20000;10000;100000;0/,
    )
  })

  it('applies -w/-c ranges to the backlog and echoes them in the perfdata', () => {
    const backlog = { httpStatus: 200, body: { status: 'ready', ports: { events: { backlog: 50 } } } }
    const limits = { warning: parseRange('10'), critical: parseRange('40') }
    const result = evaluateCheck({ readiness: backlog, jobs: [job], runs: ok, now, backlog: limits })
    expect(result.status).toBe('CRITICAL')
    expect(result.line).toMatch(/^GLAM CRITICAL - event backlog 50 \| backlog=50;10;40;0/)
  })

  it('is UNKNOWN when only the job records could not be read for a configuration reason', () => {
    const result = evaluateCheck({
      readiness: ready,
      jobs: [job],
      runs: {},
      runsError: { level: 'UNKNOWN', error: 'no Glam tables in DATABASE_URL' },
      now,
    })
    expect(result.status).toBe('UNKNOWN')
    expect(result.line).toBe(
      'GLAM UNKNOWN - job records: no Glam tables in DATABASE_URL | backlog=3;10000;100000;0',
    )
    // A warning outranks an unknown, as the Monitoring Plugins rank them.
    const failed = { hourly: { last: { status: 'failed', startedAt: now }, lastSuccess: null } }
    expect(
      evaluateCheck({
        readiness: { httpStatus: 200, body: { status: 'degraded', ports: {} } },
        jobs: [job],
        runs: failed,
        runsError: { level: 'UNKNOWN', error: 'x' },
        now,
      }).status,
    ).toBe('WARNING')
  })

  it('warns about links whose slug is now a reserved segment, with perfdata only when the links were read', () => {
    const two = evaluateCheck({
      readiness: ready,
      jobs: [job],
      runs: ok,
      now,
      slugCollisions: { count: 2, slugs: ['Webhooks', 'metrics'] },
    })
    expect(two.status).toBe('WARNING')
    expect(nagios[two.status]).toBe(1)
    expect(two.line).toBe(
      'GLAM WARNING - 2 links collide with reserved segments: Webhooks, metrics | backlog=3;10000;100000;0 jobs_failed=0;0;;0 jobs_overdue=0;0;;0 slug_collisions=2;0;;0',
    )
    const many = evaluateCheck({
      readiness: ready,
      jobs: [job],
      runs: ok,
      now,
      slugCollisions: { count: 7, slugs: ['a1', 'API', 'Auth', 'cdn', 'u'] },
    })
    expect(many.line).toMatch(
      /^GLAM WARNING - 7 links collide with reserved segments: a1, API, Auth, cdn, u, and 2 more \| .* slug_collisions=7;0;;0$/,
    )
    expect(
      evaluateCheck({
        readiness: ready,
        jobs: [job],
        runs: ok,
        now,
        slugCollisions: { count: 1, slugs: ['I'] },
      }).line,
    ).toMatch(/^GLAM WARNING - 1 link collides with reserved segments: I \|/)
    const none = evaluateCheck({
      readiness: ready,
      jobs: [job],
      runs: ok,
      now,
      slugCollisions: { count: 0, slugs: [] },
    })
    expect(none.status).toBe('OK')
    expect(none.line).toBe(
      'GLAM OK - ready; 1 jobs ok | backlog=3;10000;100000;0 jobs_failed=0;0;;0 jobs_overdue=0;0;;0 slug_collisions=0;0;;0',
    )
    // Beside a CRITICAL the collisions are still named; the status is the worst problem's.
    const down = evaluateCheck({
      readiness: { error: 'ECONNREFUSED' },
      jobs: [job],
      runs: ok,
      now,
      slugCollisions: { count: 1, slugs: ['metrics'] },
    })
    expect(down.status).toBe('CRITICAL')
    expect(down.line).toBe(
      'GLAM CRITICAL - not reachable: ECONNREFUSED; 1 link collides with reserved segments: metrics | jobs_failed=0;0;;0 jobs_overdue=0;0;;0 slug_collisions=1;0;;0',
    )
    // Not read: no figure, and an UNKNOWN saying why when the job records were read.
    const unread = evaluateCheck({
      readiness: ready,
      jobs: [job],
      runs: ok,
      now,
      slugCollisionsError: 'no such table: links',
    })
    expect(unread.status).toBe('UNKNOWN')
    expect(unread.line).toBe(
      'GLAM UNKNOWN - link slugs: no such table: links | backlog=3;10000;100000;0 jobs_failed=0;0;;0 jobs_overdue=0;0;;0',
    )
  })

  it('keeps | and line breaks of error texts out of the status line', () => {
    const { line } = evaluateCheck({ readiness: { error: 'a | b\nc' }, jobs: [job], runs: ok, now })
    expect(line.split('\n')).toHaveLength(1)
    expect(line.split('|')).toHaveLength(2)
  })

  it('does not call a job overdue before it has ever run', () => {
    expect(evaluateCheck({ readiness: ready, jobs: [job], runs: {}, now }).status).toBe('OK')
  })
})

describe('threshold ranges (Monitoring Plugins guidelines)', () => {
  it.each([
    ['10', [-1, 11], [0, 10]],
    ['10:', [9.9], [10, 1e9]],
    ['~:10', [11], [-1e9, 10]],
    ['10:20', [9, 21], [10, 20]],
    ['@10:20', [10, 15, 20], [9, 21]],
    ['0', [1], [0]],
    ['@0', [0], [1]],
  ])('%s', (text, alerting, quiet) => {
    const range = parseRange(text)
    for (const v of alerting) expect(alerts(range, v), `${v} alerts`).toBe(true)
    for (const v of quiet) expect(alerts(range, v), `${v} is quiet`).toBe(false)
  })
  it.each(['', 'abc', '20:10', '1:2:3', '@', '~', '10x', ':'])('refuses %j', (text) => {
    expect(() => parseRange(text)).toThrow(CheckUsageError)
  })
})

describe('the check options', () => {
  const env = { PORT: '3000', DATABASE_URL: 'file:.data/glam.db' }
  it('defaults to http://localhost:$PORT, 10 s and the backlog thresholds', () => {
    expect(resolveCheckOptions([], env)).toMatchObject({
      url: 'http://localhost:3000',
      databaseUrl: 'file:.data/glam.db',
      timeoutSeconds: 10,
      backlog: { warning: { text: '10000' }, critical: { text: '100000' } },
    })
    expect(resolveCheckOptions([], {}).url).toBe('http://localhost:3000')
  })
  it('takes GLAM_CHECK_URL, and --url over it, without a trailing slash', () => {
    expect(resolveCheckOptions([], { ...env, GLAM_CHECK_URL: 'https://glam.example/' }).url).toBe(
      'https://glam.example',
    )
    expect(
      resolveCheckOptions(['--url', 'http://10.0.0.5:8080/glam/'], {
        ...env,
        GLAM_CHECK_URL: 'https://x.example',
      }).url,
    ).toBe('http://10.0.0.5:8080/glam')
  })
  it('reads -w/-c/-t in their spellings', () => {
    const o = resolveCheckOptions(['-w', '5', '--critical=@1:9', '-t3'], env)
    expect(o.backlog.warning.text).toBe('5')
    expect(o.backlog.critical).toMatchObject({ start: 1, end: 9, inside: true })
    expect(o.timeoutSeconds).toBe(3)
    expect(resolveCheckOptions(['--timeout', '0.5'], env).timeoutSeconds).toBe(0.5)
  })
  it('knows --help and --version', () => {
    expect(resolveCheckOptions(['-h'], { GLAM_CHECK_URL: 'nope' }).help).toBe(true)
    expect(resolveCheckOptions(['--version'], {}).version).toBe(true)
  })
  it.each([
    [['--bogus'], {}, /unknown option --bogus/],
    [['extra'], {}, /unexpected argument "extra"/],
    [['-w'], {}, /-w needs a value/],
    [['-w', 'lots'], {}, /invalid threshold range "lots"/],
    [['-t', '0'], {}, /--timeout "0"/],
    [['-t', 'soon'], {}, /--timeout "soon"/],
    [['--help=yes'], {}, /takes no value/],
    [[], { GLAM_CHECK_URL: 'nope' }, /GLAM_CHECK_URL="nope" is not a URL/],
    [[], { GLAM_CHECK_URL: 'ftp://glam.example' }, /must be an http\(s\) base URL/],
    [[], { GLAM_CHECK_URL: 'http://glam.example/?x=1' }, /must be an http\(s\) base URL/],
    [['-u', 'localhost:3000'], {}, /--url="localhost:3000" must be an http\(s\) base URL/],
    [[], { PORT: 'eighty' }, /PORT=eighty names no port/],
    [[], { PORT: '0' }, /PORT=0 names no port/],
    [[], { DATABASE_URL: 'postgres://db/glam' }, /DATABASE_URL is invalid/],
    [[], { DATABASE_URL: ':memory:' }, /in-memory database/],
  ] as const)('refuses %j %j', (argv, environment, message) => {
    expect(() => resolveCheckOptions(argv, environment)).toThrow(CheckUsageError)
    expect(() => resolveCheckOptions(argv, environment)).toThrow(message)
  })
  it('never prints a database password it refuses', () => {
    expect(() => resolveCheckOptions([], { DATABASE_URL: 'postgres://u:secret@db/glam' })).toThrow(
      /^(?!.*secret)/s,
    )
  })
})
