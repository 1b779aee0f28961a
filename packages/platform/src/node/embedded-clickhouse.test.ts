// The embedded chDB front dies with the server that started it, even when that server is
// killed -9: no orphan keeps the port and the data directory.
import { readdirSync, readFileSync } from 'node:fs'
import { startNodeRuntime, tempDir } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

/** Pids of front processes whose CHDB_PATH is `path` (Linux /proc). */
function frontsFor(path: string): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      if (!cmdline.includes('front-main.ts')) continue
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`CHDB_PATH=${path}`))
        pids.push(Number(entry))
    } catch {
      // the process ended while we looked
    }
  }
  return pids
}

describe.runIf(process.platform === 'linux')('the embedded ClickHouse front', () => {
  it('exits when the server that started it is killed -9', async () => {
    const path = tempDir('chdb-orphan')
    const server = await startNodeRuntime({ CHDB_PATH: path, GLAM_SCHEDULER: 'false' })
    await expect.poll(() => frontsFor(path).length, { timeout: 10_000 }).toBe(1)
    server.child.kill('SIGKILL')
    await expect.poll(() => frontsFor(path).length, { timeout: 10_000, interval: 200 }).toBe(0)
  }, 30_000)
})
