// Two runner processes against one MariaDB: a per-second job runs once per tick, never twice.
import { spawn } from 'node:child_process'
import { connectDatabase, createRepositories, migrateDatabase } from '@glam/db'
import { repoRoot } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import { describe, expect, inject, it } from 'vitest'

const mariadbUrl = inject('mariadbUrl')

const runner = (databaseUrl: string) =>
  new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'jobs/src/tick-runner.fixture.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, RUN_MS: '4500' },
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.once('exit', resolve)
  })

describe.runIf(requireTool(Boolean(mariadbUrl), 'MariaDB (Debian package mariadb-server)'))(
  'two runner processes',
  () => {
    it('run a per-second job once per tick, never twice', async () => {
      const { createConnection } = await import('mysql2/promise')
      const name = `jobs_${process.pid}_${Date.now().toString(36)}`
      const conn = await createConnection({ uri: mariadbUrl })
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`)
      await conn.end()
      const url = `${mariadbUrl}/${name}`
      const database = await connectDatabase(url)
      await migrateDatabase(database)
      expect(await Promise.all([runner(url), runner(url)])).toEqual([0, 0])
      const repos = createRepositories({ database, now: () => new Date(), masterKey: 'k'.repeat(40) })
      const { items } = await repos.jobs.runs('tick', { limit: 100 })
      const executions = await repos.audit.forTarget('job', 'tick', 100)
      await database.close()
      expect(executions).toHaveLength(items.length)
      const ticks = items.map((r) => r.scheduledFor!.toISOString())
      expect(items.length).toBeGreaterThanOrEqual(3)
      expect(new Set(ticks).size).toBe(items.length)
      expect(items.every((r) => r.status === 'succeeded')).toBe(true)
    }, 30_000)
  },
)
