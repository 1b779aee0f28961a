// kill -9 of a process mid-stream loses no event that the spill acknowledged.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { connectDatabase, createRepositories } from '@glam/db'
import { repoRoot } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

describe('the durable spill', () => {
  it('keeps every acknowledged event through a kill -9', async () => {
    const url = `file:${join(mkdtempSync(join(tmpdir(), 'glam-spill-')), 'spill.db')}`
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/events/src/spill-writer.fixture.ts'],
      {
        cwd: repoRoot,
        env: { ...process.env, SPILL_URL: url },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let acknowledged = 0
    await new Promise<void>((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        acknowledged = Number(/acknowledged (\d+)/.exec(line)?.[1] ?? acknowledged)
        if (acknowledged >= 3_000 && child.exitCode === null) {
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    await new Promise((r) => child.once('exit', r))
    const database = await connectDatabase(url)
    const repos = createRepositories({ database, now: () => new Date(), masterKey: 'k'.repeat(40) })
    const { events } = await repos.eventSpill.stats()
    await database.close()
    expect(events).toBeGreaterThanOrEqual(acknowledged)
  }, 60_000)
})
