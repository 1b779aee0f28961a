/**
 * A throwaway nginx (Debian's `nginx`) for tests and benchmarks: its own prefix directory with
 * the config, pid file, error log and temp paths, loopback ports only, run in the foreground
 * (`daemon off`) as a child of this process, never the system service. The caller writes the
 * `http {}` block; the launcher writes everything around it and waits until every port accepts.
 *
 * ```ts
 * const available = requireTool(hasNginx(), 'nginx (Debian package nginx)')
 * describe.skipIf(!available)('behind nginx', () => {
 *   let nginx: RunningNginx
 *   beforeAll(async () => {
 *     nginx = await startNginx({
 *       http: ({ port }) => `server { listen 127.0.0.1:${port}; location / { proxy_pass ${upstream}; } }`,
 *     })
 *   })
 *   afterAll(() => nginx.stop())
 * })
 * ```
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stopChild } from './child.ts'
import { freePort, repoRoot } from './runtimes.ts'

const candidates = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']
const binary = () => candidates.find((p) => existsSync(p))

export const hasNginx = () => Boolean(binary())

/** What the `http` block is written from. */
export interface NginxLayout {
  /** The first of `ports`. */
  port: number
  /** As many free loopback ports as asked for (`ports` option), for several `server` blocks. */
  ports: number[]
  /** The prefix directory: the config, logs and temp files live here; relative paths resolve here. */
  prefix: string
}

export interface NginxOptions {
  /** The contents of the `http {}` block (mime types, servers, upstreams). */
  http: (layout: NginxLayout) => string
  /** How many ports to reserve (default 1). */
  ports?: number
  /** `worker_processes` (default 1: one worker beside one Node process is the fair comparison). */
  workers?: number | 'auto'
  /** `worker_connections` (default 1024). */
  connections?: number
  /** Extra directives of the main context (`worker_rlimit_nofile`, `load_module`, …). */
  main?: string
}

export interface RunningNginx {
  /** `http://127.0.0.1:PORT` of the first port. */
  url: string
  port: number
  ports: number[]
  prefix: string
  /** What nginx wrote to its error log so far. */
  errorLog(): string
  stop(): Promise<void>
}

const running = new Set<ChildProcess>()
// A run that dies early must not leave servers behind. SIGTERM, not SIGKILL: the master then
// stops its workers, which a killed master would leave running.
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM')
})

/** True when something accepts a TCP connection on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => done(true))
  })
}

/** The config around the caller's `http` block: everything in the prefix, nothing in /var. */
function mainConfig(options: NginxOptions, layout: NginxLayout) {
  const { prefix } = layout
  // Workers of a root master run as `nobody` unless told otherwise, and could not read the
  // caller's 0700 temp directories; under a normal user the directive is refused with a warning.
  const user = process.getuid?.() === 0 ? 'user root root;' : ''
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `  ${name}_temp_path ${join(prefix, 'temp', name)};`)
    .join('\n')
  return `# written by @glam/testing/nginx
${user}
worker_processes ${options.workers ?? 1};
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
${options.main ?? ''}
events {
  worker_connections ${options.connections ?? 1024};
}
http {
  access_log off;
${temp}
${options.http(layout)}
}
`
}

export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const nginx = binary()
  if (!nginx) throw new Error('nginx is not installed (Debian package nginx)')
  // A free port can be taken between the probe and the bind: try a few.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(nginx, options)
    } catch (err) {
      if (attempt >= 3 || !/Address already in use/.test(String(err))) throw err
    }
  }
}

async function startOnce(nginx: string, options: NginxOptions): Promise<RunningNginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'glam-nginx-'))
  mkdirSync(join(prefix, 'temp'))
  const ports: number[] = []
  while (ports.length < (options.ports ?? 1)) {
    const port = await freePort()
    if (!ports.includes(port)) ports.push(port)
  }
  const layout: NginxLayout = { port: ports[0]!, ports, prefix }
  const conf = join(prefix, 'nginx.conf')
  const errorLogFile = join(prefix, 'error.log')
  const text = mainConfig(options, layout)
  writeFileSync(conf, text)
  const child = spawn(nginx, ['-p', `${prefix}/`, '-c', conf, '-e', errorLogFile, '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  const output: string[] = []
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()))
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()))
  const errorLog = () => {
    try {
      return readFileSync(errorLogFile, 'utf8')
    } catch {
      return ''
    }
  }
  const stop = async () => {
    await stopChild(child)
    running.delete(child)
    rmSync(prefix, { recursive: true, force: true })
  }
  const deadline = Date.now() + 15_000
  for (;;) {
    const up = await Promise.all(ports.map(accepts))
    if (up.every(Boolean)) break
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const why = `${output.join('')}${errorLog()}`.slice(-4000)
      await stop()
      throw new Error(`nginx did not listen on ${ports.join(', ')}:\n${why}\nconfig:\n${text}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return { url: `http://127.0.0.1:${layout.port}`, port: layout.port, ports, prefix, errorLog, stop }
}

/**
 * The README's nginx block ("Assets behind nginx") for a test or benchmark: its port, upstream
 * and accel directory swapped, so the documented config is the one that runs. Throws when the
 * README lost a line the swap needs.
 */
export function readmeNginxConfig(options: { port: number; glamPort: number; accelDir: string }): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('### Assets behind nginx'))
  const block = /```nginx\n([\s\S]*?)```/.exec(section)?.[1]
  if (!block) throw new Error('README.md has no nginx block under "Assets behind nginx"')
  const swaps: [string, string][] = [
    ['listen 80;', `listen 127.0.0.1:${options.port};`],
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${options.glamPort};`],
    ['alias /var/lib/glam/accel/;', `alias ${options.accelDir}/;`],
    ['root /var/lib/glam/accel;', `root ${options.accelDir};`],
  ]
  return swaps.reduce((conf, [from, to]) => {
    if (!conf.includes(from)) throw new Error(`the README's nginx block lost \`${from}\``)
    return conf.replace(from, to)
  }, block)
}
