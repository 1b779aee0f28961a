/**
 * Starts the embedded ClickHouse: chDB behind the ClickHouse HTTP front, in a child process,
 * so chDB's data directory is owned by one process and its work never blocks the server's event
 * loop. The server then speaks to it with the official client, as to a ClickHouse server.
 *
 * Supervised (`supervise`, as the Node server runs it): when the front exits on its own (killed
 * -9, crashed), it is started again on the same port after a backoff that doubles per failure
 * in a row (capped) and starts over once a front has stayed up a while; `onRestarted` then lets
 * the events writer replay its spill at once. Every exit and restart is logged, and `state()`
 * (shown in /readyz) counts them. Once the server is asked to stop (SIGTERM, SIGINT, `stop()`),
 * nothing is restarted any more.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Logger } from '@glam/core'

export interface EmbeddedClickHouseState {
  /** As a port reports it: `degraded` while no front runs (events wait in the spill meanwhile). */
  status: 'ok' | 'degraded'
  detail?: string
  /** `up`; `restarting` between an exit and the next front answering; `shared` with another process's front. */
  front: 'up' | 'restarting' | 'shared' | 'exited' | 'stopped'
  supervised: boolean
  pid: number | null
  /** Restarts that succeeded since the server started. */
  restarts: number
  lastExitAt: string | null
  /** How the last front ended: `signal SIGKILL`, `code 1`. */
  lastExit: string | null
}

export interface EmbeddedClickHouse {
  url: string
  /** The front's latest process (a new one after each restart); null when shared. */
  readonly child: ChildProcess | null
  state(): EmbeddedClickHouseState
  stop(): Promise<void>
}

export interface SupervisePolicy {
  /** Delay before the first restart after a front that had stayed up (default 250 ms). */
  initialDelayMs?: number
  /** The backoff's cap (default 30 s). */
  maxDelayMs?: number
  /** A front up this long starts the backoff over (default 60 s). */
  stableAfterMs?: number
}

/** This package's folder (the front's entry is src/front-main.ts). */
const eventsDir = () => fileURLToPath(new URL('..', import.meta.url))

async function ping(url: string) {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) })
    return res.ok && (await res.text()).startsWith('Ok.')
  } catch {
    return false
  }
}

/** The wait before restart number `failures + 1` of a row: doubling from the initial delay, capped. */
export function restartDelay(failuresInRow: number, policy: SupervisePolicy = {}): number {
  const initial = policy.initialDelayMs ?? 250
  const max = policy.maxDelayMs ?? 30_000
  return Math.min(max, initial * 2 ** Math.min(Math.max(0, failuresInRow), 20))
}

/** Spawns a front and resolves once it listens (rejects, with its output, when it exits or hangs). */
async function spawnFront(path: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const dir = eventsDir()
  const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'src/front-main.ts')], {
    cwd: resolve(dir, '../..'),
    env: { ...process.env, CHDB_PATH: resolve(path), CLICKHOUSE_FRONT_PORT: String(port) },
    // The IPC channel is the front's lifeline: it exits when this process goes away.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const output: string[] = []
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`embedded ClickHouse did not start: ${output.join('\n')}`))
    }, 30_000)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`embedded ClickHouse exited with ${code ?? signal}: ${output.join('\n')}`))
    })
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.stderr!.on('data', (d: Buffer) => {
      if (output.length < 50) output.push(d.toString())
    })
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (output.length < 50) output.push(line)
      if (line.includes('"front.listening"')) {
        clearTimeout(timer)
        resolveUrl((JSON.parse(line) as { url: string }).url)
      }
    })
  })
  child.removeAllListeners('exit')
  child.removeAllListeners('error')
  // Do not keep this process alive for the channel's sake.
  child.channel?.unref()
  child.unref()
  return { child, url }
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

const describeExit = (code: number | null, signal: NodeJS.Signals | null) =>
  signal ? `signal ${signal}` : `code ${code}`

export async function startEmbeddedClickHouse(options: {
  path: string
  port: number
  logger: Logger
  /** Restart the front when it exits on its own (off by default: tests drive outages themselves). */
  supervise?: boolean | SupervisePolicy
  /** Called each time a restarted front answers (the events writer replays its spill then). */
  onRestarted?: () => void
}): Promise<EmbeddedClickHouse> {
  const log = options.logger
  const existing = `http://127.0.0.1:${options.port}`
  // Another Glam process on this machine already runs the front on the port: share it.
  if (options.port !== 0 && (await ping(existing))) {
    log.info('clickhouse.embedded_shared', { url: existing })
    return {
      url: existing,
      child: null,
      state: () => ({
        status: 'ok',
        front: 'shared',
        supervised: false,
        pid: null,
        restarts: 0,
        lastExitAt: null,
        lastExit: null,
      }),
      stop: async () => undefined,
    }
  }
  const policy: SupervisePolicy | undefined =
    options.supervise === true ? {} : options.supervise ? options.supervise : undefined
  const first = await spawnFront(options.path, options.port)
  const url = first.url
  // Restarts take the port the first front got (the client keeps its URL), even when it was 0.
  const port = Number(new URL(url).port)
  log.info('clickhouse.embedded_started', { url, path: options.path, pid: first.child.pid ?? null })

  let current: ChildProcess = first.child
  let front: EmbeddedClickHouseState['front'] = 'up'
  let restarts = 0
  let failuresInRow = 0
  let lastExitAt: Date | null = null
  let lastExit: string | null = null
  let upSince = Date.now()
  let downSince: number | null = null
  let stopping = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const schedule = (delay: number) => {
    front = 'restarting'
    timer = setTimeout(() => void restart(), delay)
    timer.unref()
  }

  const watch = (child: ChildProcess) => {
    child.once('exit', (code, signal) => {
      if (stopping) return
      lastExitAt = new Date()
      lastExit = describeExit(code, signal)
      downSince = Date.now()
      const upForMs = Date.now() - upSince
      if (policy && upForMs >= (policy.stableAfterMs ?? 60_000)) failuresInRow = 0
      const delay = policy ? restartDelay(failuresInRow, policy) : null
      log.warn('clickhouse.embedded_exited', {
        code,
        signal,
        pid: child.pid ?? null,
        upForMs,
        restarts,
        restartInMs: delay,
      })
      if (delay === null) {
        front = 'exited'
        return
      }
      failuresInRow++
      schedule(delay)
    })
  }

  async function restart(): Promise<void> {
    timer = undefined
    if (stopping) return
    // Someone else took the port meanwhile (another Glam's front): use it, and look again later.
    if (await ping(url)) {
      if (front !== 'shared') {
        log.info('clickhouse.embedded_shared', { url })
        front = 'shared'
        options.onRestarted?.()
      }
      timer = setTimeout(() => void restart(), policy?.maxDelayMs ?? 30_000)
      timer.unref()
      return
    }
    try {
      const started = await spawnFront(options.path, port)
      if (stopping) {
        started.child.kill('SIGTERM')
        return
      }
      current = started.child
      front = 'up'
      upSince = Date.now()
      restarts++
      watch(started.child)
      log.info('clickhouse.embedded_restarted', {
        url,
        pid: started.child.pid ?? null,
        restarts,
        downForMs: downSince === null ? null : Date.now() - downSince,
      })
      options.onRestarted?.()
    } catch (error) {
      if (stopping) return
      const delay = restartDelay(failuresInRow, policy)
      failuresInRow++
      lastExitAt = new Date()
      lastExit = 'failed to start'
      log.error('clickhouse.embedded_restart_failed', {
        error: String((error as Error)?.message ?? error).slice(0, 500),
        failures: failuresInRow,
        restartInMs: delay,
      })
      schedule(delay)
    }
  }

  /** The server is going down: restart nothing from now on; the front goes with the server. */
  const stopRestarting = () => {
    stopping = true
    clearTimeout(timer)
    timer = undefined
  }
  // A signal to the server (not necessarily through stop(): the front may get it too, from the
  // terminal's process group) ends supervision. Listening must not keep the signal from ending a
  // process that has no handler of its own, so it is raised again then.
  const onSignal = (signal: NodeJS.Signals) => {
    stopRestarting()
    for (const s of signals) process.off(s, onSignal)
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  const signals = policy ? (['SIGTERM', 'SIGINT'] as const) : []
  for (const s of signals) process.on(s, onSignal)

  watch(first.child)
  return {
    url,
    get child() {
      return current
    },
    state: () => ({
      ...(!stopping && (front === 'restarting' || front === 'exited')
        ? { status: 'degraded' as const, detail: `embedded ClickHouse ${front} (${lastExit})` }
        : { status: 'ok' as const }),
      front: stopping ? 'stopped' : front,
      supervised: Boolean(policy),
      pid: alive(current) ? (current.pid ?? null) : null,
      restarts,
      lastExitAt: lastExitAt?.toISOString() ?? null,
      lastExit,
    }),
    async stop() {
      stopRestarting()
      for (const s of signals) process.off(s, onSignal)
      const child = current
      if (!alive(child)) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (alive(child)) child.kill('SIGKILL')
    },
  }
}
