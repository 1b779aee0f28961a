/**
 * The embedded ClickHouse (chDB behind its HTTP front) on a port and a data directory of its own,
 * for tests of a real outage: `kill()` ends the front with SIGKILL, without a word to anyone, and
 * waits until it is gone; `restart()` starts it again on the same port and directory, so clients
 * find it where it was. Nothing supervises it: the test decides when it is down and when it is back.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger, type Logger } from '@glam/core'
import { startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { freePort } from './runtimes.ts'

export interface KillableClickHouse {
  /** The front's URL, the same after a restart. */
  readonly url: string
  /** The data directory, kept across restarts. */
  readonly path: string
  kill(): Promise<void>
  restart(): Promise<void>
  stop(): Promise<void>
}

/** `prefix` names its directory under the system temp dir (`glam-rel-chdb-` → `/tmp/glam-rel-chdb-XXXXXX`). */
export async function startKillableClickHouse(
  prefix: string,
  logger: Logger = createMemoryLogger('warn').logger,
): Promise<KillableClickHouse> {
  const port = await freePort()
  const path = mkdtempSync(join(tmpdir(), prefix))
  let front = await startEmbeddedClickHouse({ path, port, logger })
  return {
    url: front.url,
    path,
    async kill() {
      const child = front.child!
      child.kill('SIGKILL')
      await new Promise<void>((r) => child.once('exit', () => r()))
    },
    async restart() {
      front = await startEmbeddedClickHouse({ path, port, logger })
    },
    stop: () => front.stop(),
  }
}
