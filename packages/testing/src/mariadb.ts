/**
 * A throwaway MariaDB server (Debian's mariadb-server) for tests and benchmarks: a fresh data
 * directory, utf8mb4, loopback only, started in about two seconds and removed on stop.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stopChild } from './child.ts'
import { freePort } from './runtimes.ts'

const binaries = {
  server: ['/usr/sbin/mariadbd', '/usr/bin/mariadbd'],
  install: ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'],
}
const find = (candidates: string[]) => candidates.find((p) => existsSync(p))

export const hasMariaDb = () => Boolean(find(binaries.server) && find(binaries.install))

export interface RunningMariaDb {
  /** `mysql://root@127.0.0.1:PORT` (no database selected). */
  url: string
  port: number
  /** The server's data directory (each database a folder of InnoDB files). */
  datadir: string
  /** Creates an empty utf8mb4 database and returns its URL. */
  createDatabase(name: string): Promise<string>
  stop(): Promise<void>
}

export async function startMariaDb(options: { durable?: boolean } = {}): Promise<RunningMariaDb> {
  const server = find(binaries.server)
  const install = find(binaries.install)
  if (!server || !install) throw new Error('MariaDB is not installed (Debian package mariadb-server)')
  const dir = mkdtempSync(join(tmpdir(), 'glam-mariadb-'))
  const datadir = join(dir, 'data')
  const installed = spawnSync(
    install,
    [`--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'],
    { encoding: 'utf8', timeout: 60_000 },
  )
  if (installed.status !== 0)
    throw new Error(`mariadb-install-db failed: ${installed.stderr || installed.stdout}`)
  const port = await freePort()
  // Tests trade durability for speed; benchmarks can ask for the server's default durability.
  const speed = options.durable
    ? []
    : ['--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--sync-binlog=0', '--skip-log-bin']
  const child: ChildProcess = spawn(
    server,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--innodb-buffer-pool-size=128M',
      '--max-connections=500',
      ...speed,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const log: string[] = []
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()))
  const url = `mysql://root@127.0.0.1:${port}`
  const { createConnection } = await import('mysql2/promise')
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited: ${log.join('')}`)
    try {
      const conn = await createConnection({ uri: url })
      await conn.end()
      break
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`mariadbd did not accept connections within 30 s: ${log.join('')}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return {
    url,
    port,
    datadir,
    async createDatabase(name) {
      if (!/^\w+$/.test(name)) throw new Error(`bad database name ${name}`)
      const conn = await createConnection({ uri: url })
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
      await conn.end()
      return `${url}/${name}`
    },
    async stop() {
      await stopChild(child, 10_000)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
