/**
 * Starts the embedded ClickHouse: chDB behind the ClickHouse HTTP front, in a child process,
 * so chDB's data directory is owned by one process and its work never blocks the server's event
 * loop. The server then speaks to it with the official client, as to a ClickHouse server.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { Logger } from '@glam/core'

export interface EmbeddedClickHouse {
  url: string
  child: ChildProcess | null
  stop(): Promise<void>
}

const eventsDir = () => dirname(createRequire(import.meta.url).resolve('@glam/events/package.json'))

async function ping(url: string) {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) })
    return res.ok && (await res.text()).startsWith('Ok.')
  } catch {
    return false
  }
}

export async function startEmbeddedClickHouse(options: {
  path: string
  port: number
  logger: Logger
}): Promise<EmbeddedClickHouse> {
  const existing = `http://127.0.0.1:${options.port}`
  // Another Glam process on this machine already runs the front on the port: share it.
  if (options.port !== 0 && (await ping(existing))) {
    options.logger.info('clickhouse.embedded_shared', { url: existing })
    return { url: existing, child: null, stop: async () => undefined }
  }
  const dir = eventsDir()
  const child = spawn(process.execPath, ['--import', 'tsx', join(dir, 'src/front-main.ts')], {
    cwd: resolve(dir, '../..'),
    env: { ...process.env, CHDB_PATH: resolve(options.path), CLICKHOUSE_FRONT_PORT: String(options.port) },
    // The IPC channel is the front's lifeline: it exits when this process goes away.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const output: string[] = []
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`embedded ClickHouse did not start: ${output.join('\n')}`)),
      30_000,
    )
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`embedded ClickHouse exited with ${code}: ${output.join('\n')}`))
    })
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (output.length < 50) output.push(line)
      if (line.includes('"front.listening"')) {
        clearTimeout(timer)
        resolveUrl((JSON.parse(line) as { url: string }).url)
      }
    })
  })
  child.removeAllListeners('exit')
  child.once('exit', (code, signal) => options.logger.warn('clickhouse.embedded_exited', { code, signal }))
  // Do not keep this process alive for the channel's sake.
  child.channel?.unref()
  child.unref()
  options.logger.info('clickhouse.embedded_started', { url, path: options.path })
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.removeAllListeners('exit')
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    },
  }
}
