// The operator commands end to end: `npm run job` against a running server (the check: check.test.ts).
import { spawnSync } from 'node:child_process'
import { repoRoot, startNodeRuntime, tempDatabaseUrl } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const databaseUrl = tempDatabaseUrl('cli')
const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, GLAM_ENV: 'test', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })

describe('operator commands', () => {
  let server: Awaited<ReturnType<typeof startNodeRuntime>>
  beforeAll(async () => {
    server = await startNodeRuntime({ DATABASE_URL: databaseUrl, GLAM_SCHEDULER: 'false' })
  })
  afterAll(() => server?.stop())

  it('npm run job -- run <name> runs a job now and records it; runs lists it', () => {
    const result = run('scripts/job.ts', ['run', 'purge-expired'])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/progress \{"jobRuns":0\}/)
    expect(result.stdout).toMatch(/succeeded \{"deleted":/)
    const runs = run('scripts/job.ts', ['runs', 'purge-expired'])
    expect(runs.stdout).toMatch(/succeeded .* manual by cli /)
    const list = run('scripts/job.ts', ['list'])
    expect(list.stdout).toMatch(/purge-expired\s+17 \* \* \* \* UTC\s+edge\+node\s+succeeded/)
  })

  it('npm run job refuses an unknown job with a clear message', () => {
    const result = run('scripts/job.ts', ['run', 'nope'])
    expect(result.status).toBe(64)
    expect(result.stderr).toContain('no job named nope')
  })
})
