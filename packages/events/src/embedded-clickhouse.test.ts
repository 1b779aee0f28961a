// The embedded chDB front: it dies with the server that started it, even when that server is
// killed -9 (no orphan keeps the port and the data directory); under the server it is
// supervised: killed -9 under load, it comes back on its port, /readyz counts the restart, the
// clicks of the outage arrive (each once), and a SIGTERM of the server ends it for good.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '@glam/core'
import { freePort, startNodeRuntime, tempDir } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'
import { restartDelay, startEmbeddedClickHouse } from './embedded-clickhouse.ts'

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the restart backoff', () => {
  it('doubles per failure in a row from the initial delay, up to the cap', () => {
    const policy = { initialDelayMs: 250, maxDelayMs: 30_000 }
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => restartDelay(n, policy))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ])
    expect(restartDelay(0)).toBe(250)
  })
})

describe.runIf(process.platform === 'linux')('the embedded ClickHouse front', () => {
  it('exits when the server that started it is killed -9', async () => {
    const path = tempDir('chdb-orphan')
    const server = await startNodeRuntime({ CHDB_PATH: path, GLAM_SCHEDULER: 'false' })
    await expect.poll(() => frontsFor(path).length, { timeout: 10_000 }).toBe(1)
    server.child.kill('SIGKILL')
    await expect.poll(() => frontsFor(path).length, { timeout: 10_000, interval: 200 }).toBe(0)
  }, 30_000)

  it('is restarted with backoff on its port while the port is taken, and logs each exit and restart', async () => {
    const { logger, records } = createMemoryLogger('info')
    const path = mkdtempSync(join(tmpdir(), 'glam-chdb-supervised-'))
    const port = await freePort()
    let restarted = 0
    const front = await startEmbeddedClickHouse({
      path,
      port,
      logger,
      supervise: { initialDelayMs: 50, maxDelayMs: 400, stableAfterMs: 60_000 },
      onRestarted: () => restarted++,
    })
    try {
      const first = front.child!
      const gone = new Promise((r) => first.once('exit', r))
      first.kill('SIGKILL')
      await gone
      // Something else holds the port for a while (without answering /ping): restarts fail and back off.
      const held: Socket[] = []
      const squatter = createServer((socket) => void held.push(socket))
      await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r))
      await expect
        .poll(() => records().filter((r) => r.event === 'clickhouse.embedded_restart_failed').length, {
          timeout: 20_000,
          interval: 100,
        })
        .toBeGreaterThanOrEqual(2)
      for (const socket of held) socket.destroy()
      await new Promise((r) => squatter.close(r))
      await expect.poll(() => front.state().front, { timeout: 20_000, interval: 100 }).toBe('up')
      const res = await fetch(`${front.url}/ping`)
      expect(await res.text()).toBe('Ok.\n')
      expect(front.child).not.toBe(first)
      expect(restarted).toBe(1)
      expect(front.state()).toMatchObject({
        supervised: true,
        restarts: 1,
        lastExit: 'failed to start',
        pid: front.child!.pid,
      })
      const log = records()
      expect(log.find((r) => r.event === 'clickhouse.embedded_exited')).toMatchObject({
        signal: 'SIGKILL',
        restartInMs: 50,
      })
      const failed = log.filter((r) => r.event === 'clickhouse.embedded_restart_failed')
      // Doubling from 50 ms (the first retry waited 50, the failures then 100, 200, 400, 400, …).
      expect(failed.map((r) => r.restartInMs).slice(0, 2)).toEqual([100, 200])
      expect(log.find((r) => r.event === 'clickhouse.embedded_restarted')).toMatchObject({ restarts: 1 })
      // Killed again later: the count goes on.
      const second = front.child!
      second.kill('SIGKILL')
      await expect.poll(() => front.state().restarts, { timeout: 20_000, interval: 100 }).toBe(2)
      expect(front.state()).toMatchObject({ front: 'up', lastExit: 'signal SIGKILL' })
    } finally {
      await front.stop()
    }
    expect(front.state().front).toBe('stopped')
    await sleep(300)
    expect(frontsFor(path)).toEqual([])
  }, 60_000)

  it('under the server: killed -9 under load it comes back, /readyz shows the restart, every click arrives once; SIGTERM ends it', async () => {
    const path = tempDir('chdb-supervised')
    const server = await startNodeRuntime({ CHDB_PATH: path, GLAM_SCHEDULER: 'false', LOG_LEVEL: 'info' })
    const readyz = async () =>
      (await (await fetch(`${server.url}/readyz`)).json()) as {
        ports: { events: Record<string, unknown> }
      }
    try {
      await expect.poll(() => frontsFor(path).length, { timeout: 10_000 }).toBe(1)
      const [firstPid] = frontsFor(path)
      expect((await readyz()).ports.events).toMatchObject({ front: 'up', restarts: 0, lastExitAt: null })

      const total = 3_000
      const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'
      let sent = 0
      let answered = 0
      const worker = async () => {
        while (sent < total) {
          sent++
          const res = await fetch(`${server.url}/summer-lena`, {
            redirect: 'manual',
            headers: { 'user-agent': ua },
          })
          if (res.status === 302) answered++
          await res.arrayBuffer()
        }
      }
      const load = Promise.all(Array.from({ length: 10 }, worker))
      await expect.poll(() => sent, { timeout: 30_000, interval: 10 }).toBeGreaterThan(800)
      process.kill(firstPid!, 'SIGKILL')
      // Clicks keep coming while it is down, then it is back: another process, the same port.
      await expect
        .poll(() => frontsFor(path).filter((pid) => pid !== firstPid).length, {
          timeout: 20_000,
          interval: 50,
        })
        .toBe(1)
      await expect
        .poll(async () => (await readyz()).ports.events.restarts, { timeout: 20_000, interval: 200 })
        .toBe(1)
      const events = (await readyz()).ports.events
      expect(events).toMatchObject({ front: 'up', lastExit: 'signal SIGKILL' })
      expect(Date.parse(String(events.lastExitAt))).toBeGreaterThan(Date.now() - 60_000)
      await load
      expect(answered).toBe(total)

      // Every click, those of the outage included, counted exactly once.
      const clicks = async () => {
        const res = await fetch(`${server.url}/api/stats/clicks?bots=include&group_by=country`, {
          headers: { authorization: 'Bearer glam_dev_admin' },
        })
        return ((await res.json()) as { totals?: { clicks: number } }).totals?.clicks
      }
      await expect.poll(clicks, { timeout: 30_000, interval: 300 }).toBe(total)
      await expect.poll(async () => (await readyz()).ports.events.backlog, { timeout: 10_000 }).toBe(0)
      const lines = server.output.filter((l) => l.includes('"clickhouse.embedded_'))
      expect(lines.some((l) => l.includes('"clickhouse.embedded_exited"') && l.includes('SIGKILL'))).toBe(
        true,
      )
      expect(lines.some((l) => l.includes('"clickhouse.embedded_restarted"'))).toBe(true)
      // The outage was real: the writer failed and spilled meanwhile.
      expect(server.output.some((l) => l.includes('"events.backend_failed"'))).toBe(true)
    } finally {
      await server.stop()
    }
    // SIGTERM: the server exits, the front with it, and nothing brings it back.
    expect(server.child.exitCode).toBe(0)
    await expect.poll(() => frontsFor(path).length, { timeout: 10_000, interval: 100 }).toBe(0)
    await sleep(1_500)
    expect(frontsFor(path)).toEqual([])
    expect(server.output.filter((l) => l.includes('"clickhouse.embedded_restarted"'))).toHaveLength(1)
  }, 120_000)
})
