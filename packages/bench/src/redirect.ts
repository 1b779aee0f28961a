// GET /summer-lena with click recording on: the Glam Node server against a bare node:http 302
// from a map, the Deno entry against the same baseline, and workerd (Miniflare) against a bare
// worker doing the same 302. Alternating rounds, same wrk and connections.
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createLogger } from '@glam/core'
import { startEmbeddedClickHouse } from '@glam/events/embedded-clickhouse'
import {
  compatibilityDate,
  freePort,
  repoRoot,
  startDenoRuntime,
  startNodeRuntime,
  startWorkerdRuntime,
} from '@glam/testing/runtimes'
import { type LoadResult, runWrk, summarize } from './wrk.ts'

async function startBare(runtime: 'node' | 'deno' = 'node') {
  const [command, args] =
    runtime === 'node'
      ? [process.execPath, ['--import', 'tsx', 'packages/bench/src/bare-redirect.ts']]
      : [
          join(repoRoot, 'node_modules/.bin/deno'),
          ['run', '--quiet', '--allow-net', 'packages/bench/src/bare-deno.ts'],
        ]
  const child = spawn(command, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' },
  })
  const url = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve((JSON.parse(line) as { url: string }).url),
    )
  })
  return { url, stop: async () => void child.kill('SIGTERM') }
}

async function startBareWorker() {
  const { Miniflare } = await import('miniflare')
  const mf = new Miniflare({
    modules: true,
    compatibilityDate,
    cf: false,
    script: `export default { fetch(request) {
      const slug = new URL(request.url).pathname.slice(1)
      if (slug !== 'summer-lena') return new Response(null, { status: 404 })
      return new Response(null, { status: 302, headers: { Location: 'http://127.0.0.1:3001/?glam_cid=' + crypto.randomUUID(), 'Cache-Control': 'private, no-store' } })
    } }`,
  })
  return { url: (await mf.ready).href.replace(/\/$/, ''), stop: () => mf.dispose() }
}

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(40)} ${r.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(6)} ms   errors ${r.errors}`

export async function redirectBench({ seconds, rounds }: { seconds: number; rounds: number }) {
  const logger = createLogger({ level: 'warn' })
  const front = await startEmbeddedClickHouse({
    path: mkdtempSync(join(tmpdir(), 'glam-bench-chdb-')),
    port: await freePort(),
    logger,
  })
  const events = { CLICKHOUSE_URL: front.url, GLAM_SCHEDULER: 'false' }
  const servers = {
    'bare node:http': await startBare(),
    'glam node (access log on)': await startNodeRuntime({
      ...events,
      GLAM_ENV: 'development',
      LOG_LEVEL: 'info',
    }),
    'glam node (LOG_LEVEL=warn)': await startNodeRuntime({
      ...events,
      GLAM_ENV: 'development',
      LOG_LEVEL: 'warn',
    }),
    'glam node (events in memory)': await startNodeRuntime({
      GLAM_EVENTS: 'memory',
      GLAM_SCHEDULER: 'false',
      GLAM_ENV: 'development',
      LOG_LEVEL: 'warn',
    }),
    'bare Deno.serve': await startBare('deno'),
    'glam deno (LOG_LEVEL=warn)': await startDenoRuntime({
      ...events,
      GLAM_EVENTS: 'clickhouse',
      GLAM_ENV: 'development',
      LOG_LEVEL: 'warn',
    }),
    'bare worker (miniflare)': await startBareWorker(),
    'glam worker (miniflare, LOG_LEVEL=warn)': await startWorkerdRuntime({
      ...events,
      GLAM_ENV: 'development',
      LOG_LEVEL: 'warn',
    }),
  }
  const runs: Record<string, LoadResult[]> = Object.fromEntries(Object.keys(servers).map((k) => [k, []]))
  console.log(
    `\nGET /summer-lena (302, click recorded), wrk -t1 -c50 -d${seconds}s, ${rounds} alternating rounds`,
  )
  try {
    for (let i = 0; i < rounds; i++) {
      for (const [name, server] of Object.entries(servers)) {
        if ('output' in server) (server as { output: string[] }).output.length = 0
        const r = await runWrk(`${server.url}/summer-lena`, { seconds, connections: 50 })
        runs[name]!.push(r)
        console.log(row(`round ${i + 1} ${name}`, r))
      }
    }
  } finally {
    for (const server of Object.values(servers)) await server.stop()
    await front.stop()
  }
  const summary = summarize(runs)
  console.log('\nmedians')
  for (const [name, r] of Object.entries(summary)) console.log(row(name, r))
  const base = summary['bare node:http']!.requestsPerSecond
  const ratio = (name: string) => `${((summary[name]!.requestsPerSecond / base) * 100).toFixed(0)}%`
  console.log(
    `vs bare node:http: node ${ratio('glam node (access log on)')} (access log on), ${ratio('glam node (LOG_LEVEL=warn)')} (quiet); deno ${ratio('glam deno (LOG_LEVEL=warn)')}`,
  )
  const workerRatio =
    summary['glam worker (miniflare, LOG_LEVEL=warn)']!.requestsPerSecond /
    summary['bare worker (miniflare)']!.requestsPerSecond
  console.log(
    `diagnostics: node with events in memory (no ClickHouse on these cores) ${ratio('glam node (events in memory)')}; bare Deno.serve ${ratio('bare Deno.serve')}, glam deno / bare Deno.serve ${((summary['glam deno (LOG_LEVEL=warn)']!.requestsPerSecond / summary['bare Deno.serve']!.requestsPerSecond) * 100).toFixed(0)}%`,
  )
  console.log(`workerd: glam worker / bare worker ${(workerRatio * 100).toFixed(0)}%`)
  return summary
}
