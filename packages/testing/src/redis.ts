/**
 * A throwaway Redis (Debian's redis-server) for tests: loopback only, no persistence, its own
 * temporary directory, ready when it answers PING, removed on stop.
 *
 * ```ts
 * const available = requireTool(hasRedisServer(), 'redis-server (Debian package redis-server)')
 * describe.skipIf(!available)('on Redis', () => {
 *   let redis: RunningRedis
 *   beforeAll(async () => { redis = await startRedis() })
 *   afterAll(() => redis.stop())
 * })
 * ```
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stopChild } from './child.ts'
import { freePort } from './runtimes.ts'

const candidates = ['/usr/bin/redis-server', '/usr/local/bin/redis-server']
const binary = () => candidates.find((p) => existsSync(p))

export const hasRedisServer = () => Boolean(binary())

export interface RunningRedis {
  /** `redis://127.0.0.1:PORT` */
  url: string
  port: number
  stop(): Promise<void>
}

/** One PING over a raw socket: true when the server answers `+PONG`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}

const running = new Set<ChildProcess>()
// A test run that dies early must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export async function startRedis(): Promise<RunningRedis> {
  const server = binary()
  if (!server) throw new Error('redis-server is not installed (Debian package redis-server)')
  // The free port can be taken between the probe and the bind: try a few.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(server, await freePort())
    } catch (err) {
      if (attempt >= 3) throw err
    }
  }
}

async function startOn(server: string, port: number): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'glam-redis-'))
  const child = spawn(
    server,
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  running.add(child)
  const log: string[] = []
  child.stdout?.on('data', (d: Buffer) => log.push(d.toString()))
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()))
  const stop = async () => {
    await stopChild(child)
    running.delete(child)
    rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 15_000
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`redis-server did not answer PING on port ${port}: ${log.join('').slice(-2000)}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop }
}
