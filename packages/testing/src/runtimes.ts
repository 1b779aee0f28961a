/**
 * Starts the real runtime entries as servers for the conformance harness:
 * the Node server (tsx), the worker under Miniflare (workerd from npm, bundled with esbuild),
 * and the Deno entry (the `deno` npm package's binary, offline).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { RuntimeName } from './suite.ts'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

export interface RunningRuntime {
  runtime: RuntimeName
  url: string
  /** Log lines the server wrote so far (stdout and stderr). */
  output: string[]
  stop(): Promise<void>
}

let databases = 0
/** A fresh SQLite file per started server, so tests never share (or touch the developer's) .data/glam.db. */
export const tempDatabaseUrl = (name = 'glam') =>
  `file:${join(tmpdir(), `glam-test-${process.pid}-${Date.now().toString(36)}-${databases++}`, `${name}.db`)}`

/** A fresh directory name under the system temp dir (created by whoever uses it). */
export const tempDir = (name: string) =>
  join(tmpdir(), `glam-test-${process.pid}-${Date.now().toString(36)}-${databases++}`, name)

const baseEnv = (env: Record<string, string>) => ({
  GLAM_ENV: 'test',
  // Servers under test start without generated demo traffic (tests count their own clicks).
  GLAM_DEMO_TRAFFIC_DAYS: '0',
  LOG_LEVEL: 'info',
  DATABASE_URL: tempDatabaseUrl(),
  CHDB_PATH: tempDir('chdb'),
  GLAM_BLOBS_DIR: tempDir('blobs'),
  GLAM_SEARCH_URL: `file:${tempDir('search')}/search.db`,
  CLICKHOUSE_FRONT_PORT: '0',
  GLAM_DEMO_SHOP_PORT: '0',
  // Nor with OCR workers: a server starts them when a test reads a screenshot (or asks with GLAM_OCR_WARM).
  GLAM_OCR_WARM: 'false',
  // Mailgun webhooks are verified with this key (functions/newsletter/src/newsletter.http.ts).
  MAILGUN_WEBHOOK_SIGNING_KEY: 'whsk-conformance-test-key-0001',
  ...env,
})

/** A port that was free a moment ago (the kernel hands out a fresh ephemeral one). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolvePort(port))
    })
  })
}

/** Spawn a server process on a free port and wait until its /healthz answers. */
async function spawnServer(
  runtime: RuntimeName,
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<RunningRuntime & { child: ChildProcess }> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', ...env, PORT: String(port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => output.push(line))
  }
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  let exitCode: number | null | undefined
  void exited.then((code) => {
    exitCode = code
  })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`${runtime} exited with ${exitCode} before listening:\n${output.join('\n')}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${runtime} did not answer /healthz within ${timeoutMs} ms:\n${output.join('\n')}`)
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    runtime,
    url,
    output,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 5000))])
      if (code === 'timeout') child.kill('SIGKILL')
    },
  }
}

export function startNodeRuntime(env: Record<string, string> = {}) {
  return spawnServer(
    'node',
    process.execPath,
    ['--import', 'tsx', 'packages/platform/src/node/main.ts'],
    baseEnv(env),
  )
}

export function startDenoRuntime(env: Record<string, string> = {}) {
  return spawnServer(
    'deno',
    join(repoRoot, 'node_modules/.bin/deno'),
    [
      'run',
      '--quiet',
      '--no-prompt',
      '--allow-net',
      '--allow-env',
      '--allow-read',
      '--allow-write',
      '--allow-ffi',
      '--allow-sys',
      'edge/deno.ts',
    ],
    // Deno has no embedded chDB (it speaks to CLICKHOUSE_URL): events stay in memory unless the
    // caller passes GLAM_EVENTS and CLICKHOUSE_URL (the conformance harness does, for stats).
    baseEnv({ DENO_NO_UPDATE_CHECK: '1', GLAM_EVENTS: 'memory', ...env }),
  )
}

/** Bundle the worker entry the way wrangler would, into dist/ (Miniflare reads it from there). */
export async function bundleWorker(
  entry = 'edge/worker.ts',
  outfile = `dist/worker/worker-${process.pid}.js`,
) {
  const { build } = await import('esbuild')
  mkdirSync(join(repoRoot, dirname(outfile)), { recursive: true })
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    // As wrangler (esbuild's browser defaults): packages like @whatwg-node/fetch swap Node code out by `browser`.
    mainFields: ['browser', 'module', 'main'],
    // As wrangler does with nodejs_compat: Node built-ins are provided by workerd.
    external: ['node:*', ...builtinModules],
    outfile,
    logLevel: 'warning',
  })
  return join(repoRoot, outfile)
}

export const compatibilityDate = '2026-04-01'

/** What each Miniflare here starts from: the bundle as ES modules, wrangler's date and flags, the bindings. */
const miniflareOptions = (scriptPath: string, bindings: Record<string, string>) => ({
  modules: true,
  scriptPath,
  modulesRoot: repoRoot,
  compatibilityDate,
  compatibilityFlags: ['nodejs_compat'],
  // No network here: do not fetch Cloudflare's request.cf placeholder.
  cf: false,
  bindings,
})

export async function startWorkerdRuntime(env: Record<string, string> = {}): Promise<
  RunningRuntime & {
    /** Runs the cron trigger as at `at` (default now): a job runs once per schedule tick. */
    scheduled(cron: string, at?: Date): Promise<{ outcome: string }>
    d1(): Promise<import('@glam/db').D1DatabaseLike>
  }
> {
  const { Miniflare, Log, LogLevel } = await import('miniflare')
  const scriptPath = await bundleWorker()
  const output: string[] = []
  const { d1MigratorWorker, migrateThroughWorker } = await import('./d1-migrations.ts')
  const { cf, ...worker } = miniflareOptions(scriptPath, baseEnv(env))
  const mf = new Miniflare({
    cf,
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      for (const s of [stdout, stderr]) createInterface({ input: s }).on('line', (l) => output.push(l))
    },
    workers: [
      {
        name: 'glam',
        ...worker,
        kvNamespaces: ['CACHE'],
        r2Buckets: ['BLOBS'],
        d1Databases: ['DB', 'SEARCH_DB'],
        queueProducers: { EVENTS_QUEUE: 'glam-events' },
        // As wrangler.toml's [assets] (`run_worker_first = ["/app/*"]`): the built dashboard, the
        // worker first for its paths, exact paths. (Every path worker-first resets some connections
        // whose body the worker answers without reading: Miniflare's router forwarding it.)
        assets: {
          directory: join(repoRoot, 'web/dashboard/dist'),
          binding: 'ASSETS',
          routerConfig: { has_user_worker: true, static_routing: { user_worker: ['/app/*'] } },
          assetConfig: { html_handling: 'none', not_found_handling: 'none' },
        },
        queueConsumers: {
          'glam-events': { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 100, retryDelay: 1 },
        },
      },
      // The same D1 database, migrated from inside workerd as `wrangler d1 migrations apply` would.
      d1MigratorWorker('DB', compatibilityDate),
    ],
  })
  const url = (await mf.ready).href.replace(/\/$/, '')
  await migrateThroughWorker(mf as never)
  // The worker itself seeds the demo data and the admin key before its first request.
  return {
    runtime: 'workerd',
    url,
    output,
    d1: async () => (await mf.getD1Database('DB')) as never,
    scheduled: async (cron, at = new Date()) => {
      const worker = await mf.getWorker()
      return worker.scheduled({ cron, scheduledTime: at })
    },
    stop: () => mf.dispose(),
  }
}

export function startRuntime(
  runtime: RuntimeName,
  env: Record<string, string> = {},
): Promise<RunningRuntime> {
  if (runtime === 'node') return startNodeRuntime(env)
  if (runtime === 'deno') return startDenoRuntime(env)
  return startWorkerdRuntime(env)
}

/**
 * A fixture module bundled the way the worker is and run under Miniflare, for adapter tests
 * that must prove they work on workerd. `stop()` disposes it and removes the bundle.
 */
export async function startFixtureWorker(entry: string, bindings: Record<string, string>) {
  const { rmSync } = await import('node:fs')
  const name = entry.replace(/[^\w]+/g, '-')
  const scriptPath = await bundleWorker(entry, `dist/fixtures/${name}-${process.pid}.js`)
  const { Miniflare } = await import('miniflare')
  const mf = new Miniflare(miniflareOptions(scriptPath, bindings))
  await mf.ready
  return {
    mf,
    async stop() {
      await mf.dispose()
      rmSync(scriptPath, { force: true })
    },
  }
}
