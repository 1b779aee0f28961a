/**
 * The runtime conformance harness: every function's HTTP suite (`functions/*\/src/*.http.ts`)
 * runs against real servers on Node, workerd (Miniflare) and Deno. A difference on any one fails.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createLogger } from '@glam/core'
import { createClickHouseBackend, migrateClickHouse } from '@glam/events'
import { type EmbeddedClickHouse, startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { type RunningRuntime, repoRoot, startRuntime } from './runtimes.ts'
import { allRuntimes, type HttpSuite, type HttpTarget, type RuntimeName } from './suite.ts'

const suiteFiles = readdirSync(join(repoRoot, 'functions'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    const src = join(repoRoot, 'functions', d.name, 'src')
    try {
      return readdirSync(src)
        .filter((f) => f.endsWith('.http.ts'))
        .map((f) => join(src, f))
    } catch {
      return []
    }
  })

const suites: HttpSuite[] = []
for (const file of suiteFiles) {
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>
  for (const value of Object.values(mod)) {
    if (value && typeof value === 'object' && 'cases' in value && 'runtimes' in value)
      suites.push(value as HttpSuite)
  }
}

describe('the harness finds the suites', () => {
  it('has exactly the suites of the edge-capable functions', ({ expect }) => {
    // A suite added or lost changes this list: update it on purpose.
    expect(suites.map((s) => s.name).sort()).toEqual([
      'alerts',
      'assets',
      'auth',
      'dashboard',
      'errors',
      'exports',
      'fx',
      'graphql',
      'health',
      'images',
      'jobs',
      'keys',
      'links',
      'newsletter',
      'pixel',
      'portal',
      'redirect',
      'reports',
      'search',
      'stats',
    ])
  })
})

/**
 * Analytics as each runtime has them in production: Node starts its embedded chDB itself (no
 * CLICKHOUSE_URL); the worker and Deno need a ClickHouse server, here one chDB behind the HTTP
 * front for the run, a database each. Deno creates its tables at start; the worker does not
 * (a deployment migrates ClickHouse beforehand), so the harness does it for it.
 */
let clickhouse: Promise<EmbeddedClickHouse> | undefined
const chdbPath = mkdtempSync(join(tmpdir(), 'glam-conformance-chdb-'))
async function analyticsFor(runtime: RuntimeName): Promise<Record<string, string>> {
  if (runtime === 'node') return {}
  clickhouse ??= startEmbeddedClickHouse({ path: chdbPath, port: 0, logger: createLogger({ level: 'warn' }) })
  const { url } = await clickhouse
  const database = `glam_${runtime}`
  if (runtime === 'workerd') {
    const backend = await createClickHouseBackend({ url, database })
    await migrateClickHouse(backend)
    await backend.close()
  }
  return { GLAM_EVENTS: 'clickhouse', CLICKHOUSE_URL: url, CLICKHOUSE_DATABASE: database }
}
afterAll(async () => {
  await (await clickhouse)?.stop()
  rmSync(chdbPath, { recursive: true, force: true })
})

/**
 * The Node server serves the Node suites and then stays up as the edge runtimes' container
 * (GLAM_IMAGES_ORIGIN): what they hand over (image variants) goes to a real Node server.
 */
let node: Promise<RunningRuntime> | undefined
const nodeRuntime = () => {
  node ??= analyticsFor('node').then((env) => startRuntime('node', env))
  return node
}
afterAll(async () => {
  await (await node)?.stop()
}, 30_000)
/**
 * workerd (under Miniflare) drops a kept-alive connection after answering a request whose body
 * it did not read (a 401 to a PATCH): the next request sent on that socket is reset before any
 * answer. A client retries such a request on a new connection; so does this harness, once, when
 * the body can be sent again. What the server answers is still the test.
 */
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'])
async function retryingReset(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code
    if (!code || !resetCodes.has(code) || init.body instanceof ReadableStream) throw error
    return fetch(url, init)
  }
}

const targetOf = (runtime: RuntimeName, running: () => RunningRuntime | undefined): HttpTarget => ({
  runtime,
  get url() {
    return running()!.url
  },
  fetch:
    runtime === 'workerd'
      ? (path, init) => retryingReset(`${running()!.url}${path}`, init)
      : (path, init) => fetch(`${running()!.url}${path}`, init),
})

for (const runtime of allRuntimes) {
  describe.sequential(`on ${runtime}`, () => {
    let running: RunningRuntime | undefined
    let container: RunningRuntime | undefined
    const target = targetOf(runtime, () => running)
    if (runtime !== 'node') target.container = targetOf('node', () => container)
    beforeAll(async () => {
      if (runtime === 'node') {
        running = await nodeRuntime()
        return
      }
      container = await nodeRuntime()
      running = await startRuntime(runtime, {
        ...(await analyticsFor(runtime)),
        GLAM_IMAGES_ORIGIN: container.url,
      })
    }, 90_000)
    afterAll(async () => {
      if (runtime !== 'node') await running?.stop()
    })
    for (const suite of suites.filter((s) => s.runtimes.includes(runtime))) {
      describe(suite.name, () => {
        for (const testCase of suite.cases) it(testCase.name, () => testCase.run(target))
      })
    }
  })
}
