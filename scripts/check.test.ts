// The Nagios / Monitoring Plugins check end to end, the way a monitoring host runs it: the
// executable `scripts/check` (from another working directory) and `npm run -s check`, as child
// processes, against a real running server, a closed port and a port that never answers.
// What counts is line one (the status line) and the exit code.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, repoRoot, startNodeRuntime, tempDatabaseUrl, tempDir } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

interface Run {
  via: string
  status: number | null
  stdout: string
  stderr: string
  lines: string[]
  ms: number
}

const databaseUrl = tempDatabaseUrl('check')

function runner(via: 'scripts/check' | 'npm run -s check', args: string[], env: Record<string, string>) {
  const [command, argv, cwd] =
    via === 'scripts/check'
      ? [join(repoRoot, 'scripts/check'), args, tmpdir()] // any working directory
      : ['npm', ['run', '-s', 'check', '--', ...args], repoRoot]
  const started = Date.now()
  return new Promise<Run>((resolveRun, reject) => {
    const child = spawn(command, argv, {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        GLAM_ENV: 'test',
        DATABASE_URL: databaseUrl,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolveRun({
        via,
        status,
        stdout,
        stderr,
        lines: stdout.split('\n').filter(Boolean),
        ms: Date.now() - started,
      })
    })
  })
}

/** The same check through both entry points, side by side. */
const check = (args: string[] = [], env: Record<string, string> = {}) =>
  Promise.all([runner('scripts/check', args, env), runner('npm run -s check', args, env)])

describe.runIf(process.platform !== 'win32')('scripts/check and npm run -s check', () => {
  let server: Awaited<ReturnType<typeof startNodeRuntime>>
  beforeAll(async () => {
    server = await startNodeRuntime({ DATABASE_URL: databaseUrl, GLAM_SCHEDULER: 'false' })
  })
  afterAll(() => server?.stop())

  it('is OK for a healthy platform: the status line is line one, with perfdata, and nothing else', async () => {
    for (const run of await check([], { GLAM_CHECK_URL: server.url })) {
      expect(run.lines[0], run.via).toMatch(
        /^GLAM OK - ready; \d+ jobs ok \| backlog=0;10000;100000;0 event_age=0s;;;0 clickhouse_restarts=0c;;;0 jobs_failed=0;0;;0 jobs_overdue=0;0;;0 slug_collisions=0;0;;0 time=[\d.]+s;;;0;10$/,
      )
      expect(run.lines, run.via).toHaveLength(1)
      expect(run.stderr, run.via).toBe('')
      expect(run.status, run.via).toBe(0)
    }
  })

  it('applies -w/-c ranges: WARNING and CRITICAL with their exit codes', async () => {
    for (const run of await check(['-u', server.url, '-w', '@0:0'])) {
      expect(run.lines[0], run.via).toMatch(/^GLAM WARNING - event backlog 0 \| backlog=0;@0:0;100000;0 /)
      expect(run.status, run.via).toBe(1)
    }
    for (const run of await check(['--url', server.url, '--critical=@0'])) {
      expect(run.lines[0], run.via).toMatch(/^GLAM CRITICAL - event backlog 0 \| backlog=0;10000;@0;0 /)
      expect(run.status, run.via).toBe(2)
    }
  }, 60_000)

  it('is CRITICAL (2) when /readyz is unreachable, and reports no backlog it could not read', async () => {
    const closed = await freePort()
    for (const run of await check([], { GLAM_CHECK_URL: `http://127.0.0.1:${closed}` })) {
      expect(run.lines[0], run.via).toBe(
        `GLAM CRITICAL - not reachable: connect ECONNREFUSED 127.0.0.1:${closed} | jobs_failed=0;0;;0 jobs_overdue=0;0;;0 slug_collisions=0;0;;0`,
      )
      expect(run.stdout, run.via).not.toContain('backlog')
      expect(run.status, run.via).toBe(2)
    }
  })

  it('is CRITICAL within -t when /readyz never answers', async () => {
    const sockets: Socket[] = []
    const silent: Server = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const { port } = silent.address() as { port: number }
    try {
      for (const run of await check(['-t', '2'], { GLAM_CHECK_URL: `http://127.0.0.1:${port}` })) {
        expect(run.lines[0], run.via).toMatch(/^GLAM CRITICAL - not reachable: no answer within 2s( \||;)/)
        expect(run.stdout, run.via).not.toContain('backlog')
        expect(run.status, run.via).toBe(2)
        expect(run.ms, run.via).toBeLessThan(10_000)
      }
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
    }
  })

  it('is UNKNOWN (3) for bad arguments or configuration', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[], { GLAM_CHECK_URL: 'nope' }, /^GLAM UNKNOWN - GLAM_CHECK_URL="nope" is not a URL/],
      [
        [],
        { GLAM_CHECK_URL: 'ftp://127.0.0.1/' },
        /^GLAM UNKNOWN - GLAM_CHECK_URL="ftp:\/\/127.0.0.1\/" must be/,
      ],
      [
        [],
        { GLAM_CHECK_URL: server.url, DATABASE_URL: 'postgres://glam:pw@db/glam' },
        /^GLAM UNKNOWN - DATABASE_URL is invalid/,
      ],
      [['--bogus'], { GLAM_CHECK_URL: server.url }, /^GLAM UNKNOWN - unknown option --bogus$/],
      [['-w', 'lots'], { GLAM_CHECK_URL: server.url }, /^GLAM UNKNOWN - invalid threshold range "lots"$/],
      [['-t', '0'], { GLAM_CHECK_URL: server.url }, /^GLAM UNKNOWN - --timeout "0"/],
    ]
    for (const [args, env, line] of cases) {
      for (const run of await check(args, env)) {
        expect(run.lines[0], `${run.via} ${args} ${JSON.stringify(env)}`).toMatch(line)
        expect(run.stdout, run.via).not.toContain('pw@')
        expect(run.status, `${run.via} ${args}`).toBe(3)
      }
    }
  }, 120_000)

  it('is UNKNOWN when DATABASE_URL names no database, and does not create one', async () => {
    const missing = join(tempDir('check-missing'), 'glam.db')
    for (const run of await check([], { GLAM_CHECK_URL: server.url, DATABASE_URL: `file:${missing}` })) {
      expect(run.lines[0], run.via).toMatch(
        /^GLAM UNKNOWN - job records: no SQLite database at .*glam\.db \(DATABASE_URL\) \| backlog=0;/,
      )
      expect(run.status, run.via).toBe(3)
    }
    expect(existsSync(missing)).toBe(false)
  })

  it('warns (1) about links whose slug is now a reserved first segment, naming them', async () => {
    // Made straight in the database, as links made before their first segment was reserved.
    const { connectDatabase, createRepositories } = await import('@glam/db')
    const { inArray } = await import('drizzle-orm')
    const database = await connectDatabase(databaseUrl, { poolSize: 1 })
    const repos = createRepositories({ database, now: () => new Date(), masterKey: 'check-test' })
    const demo = await repos.links.bySlug('summer-lena')
    const made = []
    for (const slug of ['Webhooks', 'webhooks-sale', 'metrics'])
      made.push(
        await repos.links.create({
          slug,
          destination: 'https://shop.example/',
          customerId: demo!.customerId,
        }),
      )
    try {
      for (const run of await check([], { GLAM_CHECK_URL: server.url })) {
        expect(run.lines[0], run.via).toMatch(
          /^GLAM WARNING - 2 links collide with reserved segments: Webhooks, metrics \| .*jobs_overdue=0;0;;0 slug_collisions=2;0;;0 time=/,
        )
        expect(run.lines, run.via).toHaveLength(1)
        expect(run.status, run.via).toBe(1)
      }
    } finally {
      const ids = made.map((l) => l.id)
      await database.db.delete(database.t.links).where(inArray(database.t.links.id, ids))
      await database.close()
    }
  }, 60_000)

  it('prints its help with -h (exit 3, as the Monitoring Plugins do)', async () => {
    for (const run of await check(['-h'])) {
      expect(run.lines[0], run.via).toMatch(/^Usage: scripts\/check \[-u URL\]/)
      expect(run.stdout, run.via).toContain('--timeout')
      expect(run.status, run.via).toBe(3)
    }
  })
})
